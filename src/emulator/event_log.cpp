#include "emulator/event_log.h"

#include <rapidjson/document.h>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

namespace json = util::json;

std::string head(double t, int conn, const char* event) {
  char tbuf[32];
  std::snprintf(tbuf, sizeof tbuf, "%.6f", t);
  std::string out = "{\"t\":";
  out += tbuf;
  out += ",\"conn\":" + std::to_string(conn) + ",\"event\":\"" + event + "\"";
  return out;
}

// The exact length of the base64 payload decoded, without decoding it.
size_t base64_bytes(std::string_view s) {
  size_t n = s.size();
  size_t pad = 0;
  while (pad < 2 && n > pad && s[n - 1 - pad] == '=') ++pad;
  return (n / 4) * 3 + (n % 4 ? (n % 4) - 1 : 0) - (n % 4 ? 0 : pad);
}

}  // namespace

std::string log_handshake_line(double t, int conn, std::string_view path, std::string_view query,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::optional<AuthHeader>& auth, int status) {
  std::string out = head(t, conn, "handshake");
  out += ",\"path\":";
  json::append_quoted(out, path);
  out += ",\"query\":";
  json::append_quoted(out, query);
  out += ",\"headers\":{";
  bool first = true;
  for (const auto& [name, value] : headers) {
    if (!first) out += ',';
    first = false;
    json::append_quoted(out, name);
    out += ':';
    json::append_quoted(out, value);
  }
  if (auth) {
    if (!first) out += ',';
    out += "\"authorization\":{\"scheme\":";
    if (auth->scheme) {
      json::append_quoted(out, *auth->scheme);
    } else {
      out += "null";
    }
    out += ",\"sha256_8\":";
    json::append_quoted(out, auth->hash);
    out += '}';
  }
  out += "},\"status\":" + std::to_string(status) + "}";
  return out;
}

std::string log_recv_text_line(double t, int conn, std::string_view text, bool realtime) {
  std::string out = head(t, conn, "recv_text");
  rapidjson::Document doc;
  if (!json::parse(text, doc)) {
    out += ",\"text\":";
    json::append_quoted(out, text);
    return out + "}";
  }
  if (realtime && doc.IsObject() &&
      json::get_string(doc, "type") == std::optional<std::string>("input_audio_buffer.append")) {
    auto it = doc.FindMember("audio");
    if (it != doc.MemberEnd() && it->value.IsString()) {
      std::string_view b64(it->value.GetString(), it->value.GetStringLength());
      rapidjson::Value sizes(rapidjson::kObjectType);
      sizes.AddMember("base64_chars", static_cast<uint64_t>(b64.size()), doc.GetAllocator());
      sizes.AddMember("bytes", static_cast<uint64_t>(base64_bytes(b64)), doc.GetAllocator());
      it->value = sizes;
    }
  }
  out += ",\"json\":" + json::to_string(doc);
  return out + "}";
}

std::string log_recv_binary_line(double t, int conn, size_t bytes) {
  return head(t, conn, "recv_binary") + ",\"bytes\":" + std::to_string(bytes) + "}";
}

std::string log_send_text_line(double t, int conn, std::string_view text) {
  std::string out = head(t, conn, "send_text");
  rapidjson::Document doc;
  if (json::parse(text, doc)) {
    out += ",\"json\":";
    out += text;
  } else {
    out += ",\"text\":";
    json::append_quoted(out, text);
  }
  return out + "}";
}

std::string log_close_line(double t, int conn, int code, std::string_view reason,
                           std::string_view by) {
  std::string out = head(t, conn, "close");
  out += ",\"code\":" + std::to_string(code) + ",\"reason\":";
  json::append_quoted(out, reason);
  out += ",\"by\":";
  json::append_quoted(out, by);
  return out + "}";
}

double EventLog::now_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void EventLog::write(const std::string& line) {
  if (!out_) return;
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace dsasr::emulator
