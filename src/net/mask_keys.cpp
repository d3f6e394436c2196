#include "net/mask_keys.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace dsasr::net {

namespace {

// Fills `buf` from the kernel's CSPRNG. getrandom() blocks only until the pool is first
// initialised at boot; /dev/urandom is the fallback for kernels or sandboxes without it.
util::Status fill_random(uint8_t* buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::getrandom(buf + done, n - done, 0);
    if (got > 0) {
      done += static_cast<size_t>(got);
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    break;
  }
  if (done == n) return {};
  const int getrandom_errno = errno;
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    done = 0;
    while (done < n) {
      ssize_t got = ::read(fd, buf + done, n - done);
      if (got > 0) {
        done += static_cast<size_t>(got);
      } else if (got < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
    ::close(fd);
    if (done == n) return {};
  }
  return util::Error(
      util::ErrorKind::kInternal,
      std::string("no random bytes for WebSocket masking keys: ") + std::strerror(getrandom_errno));
}

}  // namespace

util::Result<MaskKey> MaskKeySource::next() {
  MaskKey key;
  if (used_ + key.size() > pool_.size()) {
    util::Status filled = fill_random(pool_.data(), pool_.size());
    if (!filled) return filled.error();
    used_ = 0;
  }
  std::memcpy(key.data(), pool_.data() + used_, key.size());
  used_ += key.size();
  return key;
}

}  // namespace dsasr::net
