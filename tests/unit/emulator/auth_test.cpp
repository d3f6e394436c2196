#include "emulator/auth.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("sha256_8 is the first 8 hex digits of SHA-256", "[auth]") {
  CHECK(sha256_8("abc") == "ba7816bf");
}

TEST_CASE("Bearer scheme is case-insensitive and the key is required", "[auth]") {
  auto a = parse_authorization("bearer sk-123");
  CHECK(a.well_formed);
  CHECK(a.key == "sk-123");
  CHECK(*a.scheme == "bearer");
  CHECK(a.hash == sha256_8("sk-123"));
  CHECK(parse_authorization("BEARER k").well_formed);
  CHECK_FALSE(parse_authorization("Bearer ").well_formed);
  CHECK_FALSE(parse_authorization("Token k").well_formed);
  CHECK_FALSE(parse_authorization("sk-123").well_formed);
}

TEST_CASE("A malformed header never exposes a possible key as the scheme", "[auth]") {
  auto a = parse_authorization("sk-secret rest");
  CHECK_FALSE(a.scheme.has_value());
  CHECK_FALSE(parse_authorization("sk-secret").scheme.has_value());
}

TEST_CASE("authorized() honours --api-key", "[auth]") {
  std::optional<AuthHeader> h = parse_authorization("Bearer good");
  CHECK(authorized(h, std::nullopt));
  CHECK(authorized(h, std::string("good")));
  CHECK_FALSE(authorized(h, std::string("other")));
  CHECK_FALSE(authorized(std::nullopt, std::nullopt));
}

}  // namespace
}  // namespace dsasr::emulator
