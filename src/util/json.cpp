#include "util/json.h"

#include <cmath>
#include <limits>

#include <rapidjson/error/en.h>

namespace dsasr::util::json {

bool parse(std::string_view text, rapidjson::Document& doc, std::string* error) {
  // The (pointer, length) overload reads exactly `text`; trailing non-space is an error.
  doc.Parse(text.data(), text.size());
  // A raw NUL cannot occur in JSON text, and RapidJSON would take it for the end of the input.
  if (!doc.HasParseError() && text.find('\0') == std::string_view::npos) return true;
  if (!doc.HasParseError()) {
    if (error) *error = "NUL byte at offset " + std::to_string(text.find('\0'));
    return false;
  }
  if (error) {
    *error = std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at offset " +
             std::to_string(doc.GetErrorOffset());
  }
  return false;
}

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

const rapidjson::Value* path(const rapidjson::Value& v, std::initializer_list<const char*> names) {
  const rapidjson::Value* cur = &v;
  for (const char* name : names) {
    cur = member(*cur, name);
    if (!cur) return nullptr;
  }
  return cur;
}

std::optional<std::string> get_string(const rapidjson::Value& v, const char* name) {
  const rapidjson::Value* m = member(v, name);
  if (!m || !m->IsString()) return std::nullopt;
  return std::string(m->GetString(), m->GetStringLength());
}

std::optional<int64_t> get_int(const rapidjson::Value& v, const char* name) {
  const rapidjson::Value* m = member(v, name);
  if (!m) return std::nullopt;
  if (m->IsInt64()) return m->GetInt64();
  if (m->IsUint64()) return std::nullopt;  // beyond int64
  if (m->IsDouble()) {
    double d = m->GetDouble();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

std::optional<double> get_number(const rapidjson::Value& v, const char* name) {
  const rapidjson::Value* m = member(v, name);
  if (!m || !m->IsNumber()) return std::nullopt;
  return m->GetDouble();
}

std::optional<bool> get_bool(const rapidjson::Value& v, const char* name) {
  const rapidjson::Value* m = member(v, name);
  if (!m || !m->IsBool()) return std::nullopt;
  return m->GetBool();
}

std::string to_string(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

void append_quoted(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out += "\\u00";
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace dsasr::util::json
