#include "protocol/failure.h"

#include <algorithm>
#include <cctype>

namespace dsasr::protocol {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [&](char a, char b) { return lower(a) == lower(b); });
  return it != haystack.end();
}

}  // namespace

bool is_retryable_failure(std::string_view code, std::string_view message) {
  if (starts_with(code, "Throttling")) return true;
  if (starts_with(code, "InternalError")) return true;
  if (starts_with(code, "ServiceUnavailable")) return true;
  if (code == "ResponseTimeout" || code == "RequestTimeOut" || code == "RequestTimeout")
    return true;
  if (code == "CLIENT_ERROR") return contains_ignoring_case(message, "request timeout");
  // Rate limits and the Paraformer silence timeout have been reported with varying codes (or
  // only as a message), so the message decides for codes that are not known to be permanent.
  if (is_permanent_failure(code)) return false;
  if (contains_ignoring_case(message, "rate limit")) return true;
  if (contains_ignoring_case(message, "response timeout")) return true;
  return false;
}

bool is_permanent_failure(std::string_view code) {
  return code == "InvalidParameter" || code == "ModelNotFound" || code == "UNSUPPORTED_FORMAT" ||
         code == "NO_VALID_AUDIO_ERROR" || code == "NO_INPUT_AUDIO_ERROR" || code == "NotFound" ||
         code == "DataInspectionFailed" || code == "ProtocolError" || code == "InvalidRequest" ||
         is_auth_failure(code);
}

bool is_auth_failure(std::string_view code) {
  return code == "InvalidApiKey" || starts_with(code, "AccessDenied") || code == "Arrearage" ||
         code == "NOT AUTHORIZED";
}

}  // namespace dsasr::protocol
