#include "net/frame.h"

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using dsasr::net::client_frame_header_bytes;
using dsasr::net::mask_payload;
using dsasr::net::MaskKey;
using dsasr::net::Opcode;
using dsasr::net::write_client_frame;
using Bytes = std::vector<unsigned char>;

namespace {

Bytes frame(Opcode opcode, const MaskKey& key, const std::string& payload) {
  Bytes out(client_frame_header_bytes(payload.size()) + payload.size(), 0xEE);
  size_t n = write_client_frame(opcode, key, payload, out.data());
  REQUIRE(n == out.size());
  return out;
}

Bytes head(const Bytes& b, size_t n) {
  return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
}

std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + 3) & 0xff);
  return s;
}

}  // namespace

TEST_CASE("frame: RFC 6455 5.7 masked \"Hello\"", "[frame]") {
  Bytes expected{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
  CHECK(frame(Opcode::kText, {0x37, 0xfa, 0x21, 0x3d}, "Hello") == expected);
}

TEST_CASE("frame: a binary frame carries opcode 2 and FIN", "[frame]") {
  // 0x01 ^ 0x10, 0x02 ^ 0x20, 0x03 ^ 0x30, 0x04 ^ 0x40, then the key again for byte 4.
  Bytes expected{0x82, 0x85, 0x10, 0x20, 0x30, 0x40, 0x11, 0x22, 0x33, 0x44, 0x15};
  CHECK(frame(Opcode::kBinary, {0x10, 0x20, 0x30, 0x40}, "\x01\x02\x03\x04\x05") == expected);
}

TEST_CASE("frame: the payload length takes 7, 16 or 64 bits", "[frame]") {
  const MaskKey key{0xa1, 0xb2, 0xc3, 0xd4};
  SECTION("0 bytes") {
    CHECK(client_frame_header_bytes(0) == 6);
    CHECK(frame(Opcode::kBinary, key, "") == Bytes{0x82, 0x80, 0xa1, 0xb2, 0xc3, 0xd4});
  }
  SECTION("1 byte") {
    CHECK(client_frame_header_bytes(1) == 6);
    CHECK(frame(Opcode::kBinary, key, "\xff") == Bytes{0x82, 0x81, 0xa1, 0xb2, 0xc3, 0xd4, 0x5e});
  }
  SECTION("125 bytes, the largest 7-bit length") {
    CHECK(client_frame_header_bytes(125) == 6);
    CHECK(head(frame(Opcode::kBinary, key, pattern(125)), 6) ==
          Bytes{0x82, 0xfd, 0xa1, 0xb2, 0xc3, 0xd4});
  }
  SECTION("126 bytes, the smallest 16-bit length") {
    CHECK(client_frame_header_bytes(126) == 8);
    CHECK(head(frame(Opcode::kBinary, key, pattern(126)), 8) ==
          Bytes{0x82, 0xfe, 0x00, 0x7e, 0xa1, 0xb2, 0xc3, 0xd4});
  }
  SECTION("65535 bytes, the largest 16-bit length") {
    CHECK(client_frame_header_bytes(65535) == 8);
    CHECK(head(frame(Opcode::kBinary, key, pattern(65535)), 8) ==
          Bytes{0x82, 0xfe, 0xff, 0xff, 0xa1, 0xb2, 0xc3, 0xd4});
  }
  SECTION("65536 bytes, the smallest 64-bit length") {
    CHECK(client_frame_header_bytes(65536) == 14);
    CHECK(head(frame(Opcode::kBinary, key, pattern(65536)), 14) ==
          Bytes{0x82, 0xff, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0xa1, 0xb2, 0xc3, 0xd4});
  }
}

TEST_CASE("frame: payload byte i is XORed with key[i % 4], for every length", "[frame]") {
  const MaskKey key{0x5a, 0x00, 0xff, 0x81};
  for (size_t n : {0u, 1u, 3u, 4u, 7u, 8u, 9u, 15u, 16u, 17u, 125u, 126u, 3200u, 65536u, 70001u}) {
    std::string payload = pattern(n);
    Bytes out = frame(Opcode::kBinary, key, payload);
    size_t header = client_frame_header_bytes(n);
    INFO("payload " << n << " bytes");
    for (size_t i = 0; i < n; ++i) {
      unsigned char want =
          static_cast<unsigned char>(static_cast<unsigned char>(payload[i]) ^ key[i % 4]);
      if (out[header + i] != want) FAIL("byte " << i << " is wrong");
    }
  }
}

TEST_CASE("frame: masking works at any alignment of input and output", "[frame]") {
  const MaskKey key{0x01, 0x23, 0x45, 0x67};
  const std::string src = pattern(64 + 8);
  for (size_t in_off = 0; in_off < 8; ++in_off) {
    for (size_t out_off = 0; out_off < 8; ++out_off) {
      for (size_t n = 0; n <= 64; n += 5) {
        Bytes out(n + 16, 0xEE);
        mask_payload(key, reinterpret_cast<const unsigned char*>(src.data()) + in_off, n,
                     out.data() + out_off);
        INFO("in offset " << in_off << ", out offset " << out_off << ", " << n << " bytes");
        for (size_t i = 0; i < n; ++i) {
          REQUIRE(out[out_off + i] == (static_cast<unsigned char>(src[in_off + i]) ^ key[i % 4]));
        }
        // Nothing outside the n output bytes is touched.
        for (size_t i = 0; i < out_off; ++i) REQUIRE(out[i] == 0xEE);
        for (size_t i = out_off + n; i < out.size(); ++i) REQUIRE(out[i] == 0xEE);
      }
    }
  }
}

TEST_CASE("frame: unmasking with the key from the header restores the payload", "[frame]") {
  const std::string payload = pattern(3203);  // odd, and longer than 125
  Bytes out = frame(Opcode::kBinary, {0xde, 0xad, 0xbe, 0xef}, payload);
  REQUIRE(out[1] == (0x80 | 126));
  const size_t n = (size_t{out[2]} << 8) | out[3];
  REQUIRE(n == payload.size());
  MaskKey key{out[4], out[5], out[6], out[7]};
  unsigned char* body = out.data() + 8;
  mask_payload(key, body, n, body);  // in place
  CHECK(std::string(reinterpret_cast<const char*>(body), n) == payload);
}
