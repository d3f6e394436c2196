#include "cli/api_key.h"

#include "cli/values.h"

namespace dsasr::cli {

namespace {

constexpr const char* kKeyVar = "DASHSCOPE_API_KEY";
constexpr const char* kKeyFileVar = "DASHSCOPE_API_KEY_FILE_PATH";
constexpr const char* kHomeKeyFile = "~/.dashscope/api_key";

std::string trim(const std::string& s) {
  const char* ws = " \t\r\n\v\f";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// The key becomes an HTTP header value: anything but visible ASCII would corrupt the request
// or smuggle a header into it.
util::Status check_key(const std::string& key, const std::string& where) {
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return usage_error("the API key from " + where +
                         " contains spaces, line breaks or other characters a key cannot have");
    }
  }
  return {};
}

util::Result<ApiKey> found(std::string key, std::string origin, std::vector<std::string> searched) {
  if (auto st = check_key(key, origin); !st) return st.error();
  ApiKey out;
  out.key = std::move(key);
  out.origin.what = std::move(origin);
  out.searched = std::move(searched);
  return out;
}

// Reads a key file named explicitly by the user: failing to read it is their mistake to fix.
util::Result<std::string> read_named_key_file(const std::string& path, const std::string& named_by,
                                              const Environment& env) {
  auto text = env.read_file(path);
  if (!text) {
    return usage_error("cannot read the API key file " + path + " (" + named_by +
                       "): " + text.error().message);
  }
  std::string key = trim(*text);
  if (key.empty()) {
    return usage_error("the API key file " + path + " (" + named_by + ") is empty");
  }
  return key;
}

}  // namespace

util::Result<ApiKey> find_api_key(const std::optional<std::string>& key_file_option,
                                  const Environment& env) {
  // 1. --api-key-file
  if (key_file_option) {
    auto key = read_named_key_file(*key_file_option, "--api-key-file", env);
    if (!key) return key.error();
    return found(std::move(*key), "--api-key-file " + *key_file_option, {});
  }

  std::vector<std::string> searched;
  // 2. DASHSCOPE_API_KEY; set but blank counts as unset, as in the SDKs.
  if (auto v = env.get(kKeyVar); v && !trim(*v).empty()) {
    return found(trim(*v), kKeyVar, std::move(searched));
  } else {
    searched.push_back(std::string(kKeyVar) + (v ? " (empty)" : " (not set)"));
  }

  // 3. DASHSCOPE_API_KEY_FILE_PATH
  if (auto path = env.get(kKeyFileVar); path && !path->empty()) {
    auto key = read_named_key_file(*path, kKeyFileVar, env);
    if (!key) return key.error();
    return found(std::move(*key), std::string(kKeyFileVar) + " (" + *path + ")",
                 std::move(searched));
  } else {
    searched.push_back(std::string(kKeyFileVar) + (path ? " (empty)" : " (not set)"));
  }

  // 4. ~/.dashscope/api_key: optional, so an absent, unreadable or empty one is only reported.
  auto home = env.home_dir();
  if (!home) {
    searched.push_back(std::string(kHomeKeyFile) + " (no home directory)");
    return ApiKey{{}, {}, std::move(searched)};
  }
  const std::string path = *home + "/.dashscope/api_key";
  auto text = env.read_file(path);
  if (!text) {
    searched.push_back(path + " (" + text.error().message + ")");
    return ApiKey{{}, {}, std::move(searched)};
  }
  std::string key = trim(*text);
  if (key.empty()) {
    searched.push_back(path + " (empty)");
    return ApiKey{{}, {}, std::move(searched)};
  }
  return found(std::move(key), path, std::move(searched));
}

std::string key_shape(std::string_view key) {
  bool letters = false, digits = false, other = false;
  const bool sk = key.substr(0, 3) == "sk-";
  for (char c : sk ? key.substr(3) : key) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      letters = true;
    } else if (c >= '0' && c <= '9') {
      digits = true;
    } else {
      other = true;
    }
  }
  std::string out = sk ? "starts with sk-" : "does not start with sk- as DashScope keys do";
  out += ", " + std::to_string(key.size()) + " characters";
  std::string kinds;
  if (letters) kinds = "letters";
  if (digits) kinds += std::string(kinds.empty() ? "" : " and ") + "digits";
  if (other) kinds += std::string(kinds.empty() ? "" : ", ") + "other characters";
  if (!kinds.empty()) out += ", " + kinds;
  return out;
}

}  // namespace dsasr::cli
