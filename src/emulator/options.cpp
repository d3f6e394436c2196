#include "emulator/options.h"

#include <cerrno>
#include <cstdlib>

namespace dsasr::emulator {
namespace {

util::Error usage(const std::string& message) {
  return util::Error(util::ErrorKind::kUsage, message);
}

}  // namespace

util::Result<Options> parse_options(const std::vector<std::string>& args) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> inline_value;
    if (name.rfind("--", 0) == 0) {
      size_t eq = name.find('=');
      if (eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
    }
    auto value = [&](const char* what) -> util::Result<std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) return usage("option " + name + " needs " + what);
      return args[++i];
    };
    if (name == "-h" || name == "--help") {
      o.help = true;
    } else if (name == "--version") {
      o.version = true;
    } else if (name == "-v" || name == "--verbose") {
      o.verbose = true;
    } else if (name == "--host") {
      auto v = value("an address");
      if (!v) return v.error();
      if (v->empty()) return usage("--host must not be empty");
      o.host = *v;
    } else if (name == "--port") {
      auto v = value("a port number");
      if (!v) return v.error();
      char* end = nullptr;
      errno = 0;
      long p = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || errno != 0 || p < 0 || p > 65535) {
        return usage("--port must be a number from 0 to 65535, not '" + *v + "'");
      }
      o.port = static_cast<int>(p);
    } else if (name == "--api-key") {
      // Never echo the value in messages: it is a credential.
      auto v = value("a key");
      if (!v) return v.error();
      if (v->empty()) return usage("--api-key must not be empty");
      o.api_key = *v;
    } else if (name == "--script") {
      auto v = value("a file");
      if (!v) return v.error();
      o.script_path = *v;
    } else if (name == "--time-scale") {
      auto v = value("a factor");
      if (!v) return v.error();
      char* end = nullptr;
      errno = 0;
      double f = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || errno != 0 || !(f > 0) || f > 1000) {
        return usage("--time-scale must be a number > 0 and <= 1000, not '" + *v + "'");
      }
      o.time_scale = f;
    } else if (name == "--log") {
      auto v = value("a file or -");
      if (!v) return v.error();
      if (v->empty()) return usage("--log must not be empty");
      o.log_path = *v;
    } else if (name == "--tls") {
      if (inline_value || i + 2 >= args.size()) return usage("--tls needs CERT and KEY files");
      o.tls_cert = args[++i];
      o.tls_key = args[++i];
    } else {
      return usage("unknown option '" + name + "' (see --help)");
    }
  }
  return o;
}

std::string usage_text() {
  return "Usage: dsasr-emulator [OPTIONS]\n"
         "A local DashScope-compatible realtime ASR server for tests (see dsasr-emulator(1)).\n"
         "\n"
         "  --host ADDR        listen address (default 127.0.0.1; also ::1, localhost)\n"
         "  --port N           listen port, 0 = any free port (default 0); the bound port is\n"
         "                     printed as the first line on stdout\n"
         "  --api-key KEY      accept only this API key (default: any non-empty key)\n"
         "  --script FILE      sentence texts, one per line, optional TAB + translation\n"
         "  --time-scale F     multiply the wall-clock timeouts by F (default 1.0)\n"
         "  --log FILE         JSON-lines log of every connection ('-' = stderr)\n"
         "  --tls CERT KEY     serve wss:// with these PEM files\n"
         "  -v, --verbose      libwebsockets diagnostics on stderr\n"
         "  -h, --help         show this help\n"
         "      --version      show the version\n"
         "\n"
         "Endpoints: /api-ws/v1/inference (duplex), /api-ws/v1/realtime?model=NAME (Qwen).\n"
         "Faults: ?faults=SPEC[,SPEC...] on the endpoint URL, see the manual page.\n";
}

}  // namespace dsasr::emulator
