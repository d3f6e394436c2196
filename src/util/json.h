// Small helpers over RapidJSON for reading untrusted messages: length-bounded parsing and typed
// member access that never asserts on a missing or mistyped member.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dsasr::util::json {

// Parses exactly `text` (not NUL-terminated). Returns false and sets `error` on malformed JSON.
bool parse(std::string_view text, rapidjson::Document& doc, std::string* error = nullptr);

// Member of an object, or nullptr when `v` is not an object or has no such member.
const rapidjson::Value* member(const rapidjson::Value& v, const char* name);
// A nested path of object members: path(v, {"payload", "output", "sentence"}).
const rapidjson::Value* path(const rapidjson::Value& v, std::initializer_list<const char*> names);

std::optional<std::string> get_string(const rapidjson::Value& v, const char* name);
std::optional<int64_t> get_int(const rapidjson::Value& v,
                               const char* name);  // integral or whole double
std::optional<double> get_number(const rapidjson::Value& v, const char* name);
std::optional<bool> get_bool(const rapidjson::Value& v, const char* name);

// Serialises a value compactly.
std::string to_string(const rapidjson::Value& v);

// Appends `s` to `out` as a JSON string literal (quotes included), escaping control characters.
void append_quoted(std::string& out, std::string_view s);

}  // namespace dsasr::util::json
