#include "test_wav.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <iterator>

namespace dsasr::emulator::test {
namespace {

uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint16_t le16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

}  // namespace

WavFile read_wav(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  WavFile w;
  w.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const std::vector<uint8_t>& b = w.bytes;
  REQUIRE(b.size() >= 12);
  REQUIRE(std::memcmp(b.data(), "RIFF", 4) == 0);
  REQUIRE(std::memcmp(b.data() + 8, "WAVE", 4) == 0);
  size_t pos = 12;
  int bits = 0;
  while (pos + 8 <= b.size()) {
    const uint32_t len = le32(b.data() + pos + 4);
    const uint8_t* body = b.data() + pos + 8;
    if (std::memcmp(b.data() + pos, "fmt ", 4) == 0) {
      REQUIRE(le16(body) == 1);
      w.channels = le16(body + 2);
      w.sample_rate_hz = static_cast<int>(le32(body + 4));
      bits = le16(body + 14);
    } else if (std::memcmp(b.data() + pos, "data", 4) == 0) {
      const size_t n = std::min<size_t>(len, b.size() - pos - 8);
      w.pcm.assign(body, body + n);
      break;
    }
    pos += 8 + len + (len & 1u);
  }
  REQUIRE(bits == 16);
  REQUIRE(!w.pcm.empty());
  return w;
}

}  // namespace dsasr::emulator::test
