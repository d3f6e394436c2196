// Masking keys for client frames. RFC 6455 §5.3 asks for keys "derived from a strong source
// of entropy" that a server (or an intermediary) cannot predict; this draws them from the
// kernel's CSPRNG (getrandom(2)), a pool of keys at a time so a frame costs no system call.
//
// Threading: one instance per thread (the Client's service thread); not synchronised.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "net/frame.h"
#include "util/result.h"

namespace dsasr::net {

class MaskKeySource {
 public:
  // The next key, unpredictable and independent of every earlier one. Fails only if the
  // kernel cannot supply random bytes (no getrandom(2) and no /dev/urandom).
  util::Result<MaskKey> next();

 private:
  static constexpr size_t kPoolBytes = 256;  // 64 keys per refill; getrandom never short-reads this
  std::array<uint8_t, kPoolBytes> pool_{};
  size_t used_ = kPoolBytes;  // empty until the first next()
};

}  // namespace dsasr::net
