#include "net/frame.h"

#include <cstring>

namespace dsasr::net {

size_t client_frame_header_bytes(size_t payload_bytes) {
  if (payload_bytes < 126) return 2 + 4;
  if (payload_bytes <= 0xffff) return 2 + 2 + 4;
  return 2 + 8 + 4;
}

size_t write_client_frame(Opcode opcode, const MaskKey& key, std::string_view payload,
                          unsigned char* out) {
  constexpr unsigned char kFin = 0x80;
  constexpr unsigned char kMasked = 0x80;
  const size_t n = payload.size();
  unsigned char* p = out;
  *p++ = static_cast<unsigned char>(kFin | static_cast<unsigned char>(opcode));
  if (n < 126) {
    *p++ = static_cast<unsigned char>(kMasked | n);
  } else if (n <= 0xffff) {
    *p++ = kMasked | 126;
    *p++ = static_cast<unsigned char>(n >> 8);
    *p++ = static_cast<unsigned char>(n);
  } else {
    *p++ = kMasked | 127;
    const auto len = static_cast<uint64_t>(n);  // network byte order; the top bit stays 0
    for (int shift = 56; shift >= 0; shift -= 8) *p++ = static_cast<unsigned char>(len >> shift);
  }
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  mask_payload(key, reinterpret_cast<const unsigned char*>(payload.data()), n, p);
  return static_cast<size_t>(p - out) + n;
}

void mask_payload(const MaskKey& key, const unsigned char* in, size_t n, unsigned char* out) {
  // The key repeated to 8 bytes in memory order, so one 64-bit XOR masks bytes i..i+7 for
  // any i that is a multiple of 8 (hence of 4): the byte order of the machine never matters.
  unsigned char pattern[8];
  std::memcpy(pattern, key.data(), 4);
  std::memcpy(pattern + 4, key.data(), 4);
  uint64_t key64;
  std::memcpy(&key64, pattern, sizeof key64);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;  // memcpy: unaligned loads and stores without UB; compiles to plain moves
    std::memcpy(&word, in + i, sizeof word);
    word ^= key64;
    std::memcpy(out + i, &word, sizeof word);
  }
  for (; i < n; ++i) out[i] = static_cast<unsigned char>(in[i] ^ key[i & 3]);
}

}  // namespace dsasr::net
