#include "protocol/realtime_common.h"

#include <algorithm>
#include <utility>

#include "protocol/duplex.h"
#include "protocol/failure.h"
#include "util/json.h"

namespace dsasr::protocol {

namespace {

namespace json = util::json;

// The longest session.id taken as task_id(); a longer one is not an id worth printing.
constexpr std::size_t kMaxSessionIdBytes = 128;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool is_retryable_error(std::string_view type, std::string_view code, std::string_view message,
                        std::string_view param, bool setting_up) {
  if (setting_up && type == "invalid_request_error" && param.substr(0, 7) == "session") {
    return false;
  }
  if (is_retryable_failure(code, message)) return true;
  if (is_permanent_failure(code)) return false;
  if (code == "request_timeout" || contains(message, "request timeout")) return true;
  return type == "server_error";
}

}  // namespace

std::string realtime_excerpt(std::string_view s, bool known_utf8) {
  std::size_t n = std::min(s.size(), kRealtimeExcerptBytes);
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  std::string out(s.substr(0, n));
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || (!known_utf8 && u >= 0x80)) c = '?';
  }
  if (n < s.size()) out += "...";
  return out;
}

std::optional<int64_t> realtime_audio_ms(const rapidjson::Value& v, const char* name) {
  std::optional<int64_t> ms = json::get_int(v, name);
  if (ms && *ms < 0) return std::nullopt;
  return ms;
}

bool is_printable_session_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxSessionIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

Failed realtime_error_failure(const rapidjson::Value& doc, bool setting_up) {
  static const rapidjson::Value kEmptyObject(rapidjson::kObjectType);
  const rapidjson::Value* error = json::member(doc, "error");
  if (!error || !error->IsObject()) error = &kEmptyObject;
  const std::string type = json::get_string(*error, "type").value_or("");
  std::string code = json::get_string(*error, "code").value_or("");
  std::string message = json::get_string(*error, "message").value_or("");
  const std::string param = json::get_string(*error, "param").value_or("");

  const bool retryable = is_retryable_error(type, code, message, param, setting_up);
  if (code.empty()) code = type.empty() ? "error" : type;
  if (message.empty()) message = "the service reported an error without a message";
  if (!param.empty()) message += " (parameter " + param + ")";
  return Failed{std::move(code), std::move(message), retryable};
}

RealtimeFront read_realtime_event(std::string_view message, rapidjson::Document& doc,
                                  std::string& type, Output& out) {
  if (message.size() > kMaxMessageBytes) {
    out.events.emplace_back(
        Warning{"ignored an oversized message (" + std::to_string(message.size()) + " bytes)"});
    return RealtimeFront::kIgnored;
  }
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(message.data(),
                                                                                    message.size());
  if (doc.HasParseError() || !doc.IsObject() || message.find('\0') != std::string_view::npos) {
    out.events.emplace_back(Warning{"ignored a message that is not a JSON object: " +
                                    realtime_excerpt(message, false)});
    return RealtimeFront::kIgnored;
  }
  if (std::optional<std::string> t = json::get_string(doc, "type")) {
    type = std::move(*t);
    return RealtimeFront::kEvent;
  }
  const rapidjson::Value* header = json::member(doc, "header");
  if (std::optional<std::string> event =
          header ? json::get_string(*header, "event") : std::nullopt) {
    // Retrying cannot help: every connection to this endpoint will answer the same.
    out.events.emplace_back(Failed{std::string(kWrongProtocol),
                                   "the endpoint speaks the duplex task protocol (it sent '" +
                                       realtime_excerpt(*event, true) +
                                       "'), not the realtime session protocol",
                                   false});
    return RealtimeFront::kOtherFamily;
  }
  out.events.emplace_back(
      Warning{"ignored a message without a type: " + realtime_excerpt(message, true)});
  return RealtimeFront::kIgnored;
}

}  // namespace dsasr::protocol
