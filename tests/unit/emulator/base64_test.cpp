#include "emulator/base64.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("base64 decodes padded and unpadded text", "[base64]") {
  CHECK(*base64_decode("aGVsbG8=") == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
  CHECK(*base64_decode("aGVsbG8") == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
  CHECK(*base64_decode("AP8=") == std::vector<uint8_t>{0x00, 0xff});
  CHECK(base64_decode("")->empty());
  CHECK_FALSE(base64_decode("a*==").has_value());
  CHECK_FALSE(base64_decode("a").has_value());
}

}  // namespace
}  // namespace dsasr::emulator
