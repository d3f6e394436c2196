#include "audio/buffered_file_io.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dsasr::audio {

namespace {

constexpr size_t kBufferBytes = 64 * 1024;

// pread that retries on EINTR; -1 on error (libsndfile then sees a short read).
ssize_t pread_retrying(int fd, void* out, size_t n, sf_count_t offset) {
  for (;;) {
    const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(offset));
    if (got >= 0 || errno != EINTR) return got;
  }
}

}  // namespace

BufferedFileIo::BufferedFileIo(int fd, sf_count_t size_bytes)
    : fd_(fd), size_bytes_(size_bytes), buffer_(kBufferBytes) {}

sf_count_t BufferedFileIo::read(void* out, sf_count_t count) {
  auto* dst = static_cast<uint8_t*>(out);
  sf_count_t done = 0;
  while (done < count) {
    const sf_count_t buffer_end = buffer_start_ + static_cast<sf_count_t>(buffered_);
    if (pos_ >= buffer_start_ && pos_ < buffer_end) {
      const auto n = std::min(count - done, buffer_end - pos_);
      std::memcpy(dst + done, buffer_.data() + (pos_ - buffer_start_), static_cast<size_t>(n));
      done += n;
      pos_ += n;
      continue;
    }
    if (count - done >= static_cast<sf_count_t>(kBufferBytes)) {
      // A large request gains nothing from the buffer: straight into the caller's memory.
      const ssize_t got = pread_retrying(fd_, dst + done, static_cast<size_t>(count - done), pos_);
      if (got <= 0) break;
      done += got;
      pos_ += got;
      continue;
    }
    const ssize_t got = pread_retrying(fd_, buffer_.data(), buffer_.size(), pos_);
    if (got <= 0) break;  // end of file, or an error libsndfile reports as a short read
    buffer_start_ = pos_;
    buffered_ = static_cast<size_t>(got);
  }
  return done;
}

sf_count_t BufferedFileIo::seek(sf_count_t offset, int whence) {
  sf_count_t target = 0;
  switch (whence) {
    case SEEK_SET:
      target = offset;
      break;
    case SEEK_CUR:
      target = pos_ + offset;
      break;
    case SEEK_END:
      target = size_bytes_ + offset;
      break;
    default:
      return -1;
  }
  if (target < 0) return -1;
  pos_ = target;  // the buffer stays: a seek within it costs no read
  return pos_;
}

}  // namespace dsasr::audio
