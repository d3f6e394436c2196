#include "protocol/ids.h"

#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <random>

namespace dsasr::protocol {

namespace {

// Fills `bytes` from getrandom(2). Returns false if the kernel call is unavailable or fails for
// a reason other than an interrupted wait, so the caller can fall back.
bool fill_from_kernel(std::array<uint8_t, 16>& bytes) {
  size_t filled = 0;
  while (filled < bytes.size()) {
    ssize_t n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    filled += static_cast<size_t>(n);
  }
  return true;
}

void fill_from_random_device(std::array<uint8_t, 16>& bytes) {
  std::random_device rd;
  for (size_t i = 0; i < bytes.size(); i += 4) {
    uint32_t v = rd();
    for (size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<uint8_t>(v >> (8 * k));
  }
}

}  // namespace

std::string uuid4_hex(const std::array<uint8_t, 16>& bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::array<uint8_t, 16> b = bytes;
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  out.reserve(32);
  for (uint8_t v : b) {
    out.push_back(kHex[v >> 4]);
    out.push_back(kHex[v & 0x0f]);
  }
  return out;
}

bool is_hex32(const std::string& id) {
  if (id.size() != 32) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string RandomIdGenerator::next_uuid_hex() {
  std::array<uint8_t, 16> bytes{};
  if (!fill_from_kernel(bytes)) fill_from_random_device(bytes);
  return uuid4_hex(bytes);
}

std::string SequentialIdGenerator::next_uuid_hex() {
  ++counter_;
  std::array<uint8_t, 16> bytes{};
  for (size_t k = 0; k < 8; ++k) bytes[15 - k] = static_cast<uint8_t>(counter_ >> (8 * k));
  return uuid4_hex(bytes);
}

}  // namespace dsasr::protocol
