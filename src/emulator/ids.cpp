#include "emulator/ids.h"

namespace dsasr::emulator {

std::string IdSource::hex(size_t digits) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digits);
  uint64_t bits = 0;
  int left = 0;
  for (size_t i = 0; i < digits; ++i) {
    if (left == 0) {
      bits = rng_();
      left = 16;
    }
    out.push_back(kHex[bits & 0xf]);
    bits >>= 4;
    --left;
  }
  return out;
}

std::string IdSource::uuid() {
  std::string h = hex(32);
  h[12] = '4';
  h[16] = "89ab"[static_cast<unsigned char>(h[16]) % 4];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace dsasr::emulator
