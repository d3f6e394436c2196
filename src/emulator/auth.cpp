#include "emulator/auth.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace dsasr::emulator {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string sha256_8(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
    return "00000000";
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 4; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

AuthHeader parse_authorization(std::string_view value) {
  AuthHeader h;
  size_t sp = value.find(' ');
  std::string_view scheme = sp == std::string_view::npos ? std::string_view() : value.substr(0, sp);
  std::string_view rest = sp == std::string_view::npos ? value : value.substr(sp + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  const std::string ls = lower(scheme);
  // Only well-known scheme words are logged: anything else in that position might be a key.
  if (ls == "bearer" || ls == "basic" || ls == "token" || ls == "digest" || ls == "apikey") {
    h.scheme = std::string(scheme);
  }
  h.well_formed = ls == "bearer" && !rest.empty() && rest.find(' ') == std::string_view::npos;
  if (h.well_formed) h.key = std::string(rest);
  h.hash = sha256_8(h.well_formed ? std::string_view(h.key) : rest);
  return h;
}

bool authorized(const std::optional<AuthHeader>& header,
                const std::optional<std::string>& required_key) {
  if (!header || !header->well_formed) return false;
  return !required_key || header->key == *required_key;
}

}  // namespace dsasr::emulator
