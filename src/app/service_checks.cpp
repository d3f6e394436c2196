#include "app/service_checks.h"

#include "app/reporter.h"

namespace dsasr::app {

util::Status require_api_key(const cli::ServiceConfig& service) {
  if (!service.api_key.empty()) return {};
  std::string looked;
  for (const std::string& place : service.api_key_searched) {
    looked += (looked.empty() ? "" : ", ") + place;
  }
  return util::Error(util::ErrorKind::kAuth,
                     "no DashScope API key found (looked in: " + looked + ")",
                     "export DASHSCOPE_API_KEY=sk-... or use --api-key-file FILE; for a local "
                     "emulator any value works (scripts/demo)");
}

void warn_if_insecure(const cli::ServiceConfig& service, const std::string& what,
                      Reporter& reporter) {
  if (!service.insecure) return;
  reporter.warning("",
                   "--insecure: the server's TLS certificate is NOT verified; anyone on the "
                   "path can read " +
                       what + " and the API key");
}

}  // namespace dsasr::app
