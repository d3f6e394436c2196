#include "protocol/base64.h"

#include <string>

#include <catch2/catch.hpp>

using namespace dsasr::protocol;

TEST_CASE("base64: the RFC 4648 test vectors", "[base64]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64: every byte value and the last two alphabet characters", "[base64]") {
  CHECK(base64_encode(std::string("\x00\x00\x00", 3)) == "AAAA");
  CHECK(base64_encode("\xff\xff\xff") == "////");
  CHECK(base64_encode("\xfb\xef\xbe") == "++++");
  CHECK(base64_encode("\xfb\xff") == "+/8=");
  CHECK(base64_encode(std::string("\x00", 1)) == "AA==");
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  const std::string encoded = base64_encode(all);
  CHECK(encoded.size() == 344);
  CHECK(encoded.substr(0, 8) == "AAECAwQF");
  CHECK(encoded.substr(encoded.size() - 8) == "/P3+/w==");
}

TEST_CASE("base64: sizes, and appending keeps what was there", "[base64]") {
  CHECK(base64_encoded_size(0) == 0);
  CHECK(base64_encoded_size(1) == 4);
  CHECK(base64_encoded_size(3) == 4);
  CHECK(base64_encoded_size(4) == 8);
  // 100 ms of 16 kHz s16le: 4268 characters, as the Python SDK sent (protocol.md §7).
  CHECK(base64_encode(std::string(3200, '\x11')).size() == 4268);
  std::string out = "x:";
  append_base64(out, "foobar");
  append_base64(out, "f");
  CHECK(out == "x:Zm9vYmFyZg==");
}
