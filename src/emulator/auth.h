// The Authorization header: checking it and describing it for the log without the key.
// Pure (OpenSSL's SHA-256 only); any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dsasr::emulator {

// First 8 hex digits of SHA-256(text): enough to tell keys apart in a log, useless to an attacker.
std::string sha256_8(std::string_view text);

struct AuthHeader {
  bool well_formed = false;  // "Bearer <key>" with any case of the scheme and a non-empty key
  std::string key;           // the key when well formed; NEVER log this
  // For the log: the scheme when it is a recognisable scheme word (never a possible key).
  std::optional<std::string> scheme;
  std::string hash;  // sha256_8 of the key (or of the whole value when malformed)
};

AuthHeader parse_authorization(std::string_view value);

// Whether a request carrying `header` is allowed: well formed, and equal to `required_key` when
// one is configured.
bool authorized(const std::optional<AuthHeader>& header,
                const std::optional<std::string>& required_key);

}  // namespace dsasr::emulator
