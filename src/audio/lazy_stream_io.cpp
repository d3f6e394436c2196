#include "audio/lazy_stream_io.h"

#include <cstdio>
#include <cstring>
#include <utility>

namespace dsasr::audio {

namespace {

// Bytes kept behind the read position once the stream is open. The FLAC decoder reads forward
// while streaming; the window only guards against short look-backs.
constexpr sf_count_t kKeepBehindBytes = 256 * 1024;
constexpr sf_count_t kTrimAboveBytes = 1024 * 1024;
constexpr size_t kReadBlockBytes = 64 * 1024;

}  // namespace

LazyStreamIo::LazyStreamIo(std::unique_ptr<StreamReader> reader, sf_count_t reported_length)
    : reader_(std::move(reader)), reported_length_(reported_length) {}

void LazyStreamIo::fill_to(sf_count_t end) {
  while (!ended_ && base_ + static_cast<sf_count_t>(buffer_.size()) < end) {
    const size_t old_size = buffer_.size();
    buffer_.resize(old_size + kReadBlockBytes);
    auto got = reader_->read_some(buffer_.data() + old_size, kReadBlockBytes);
    if (!got) {
      error_ = got.error();
      buffer_.resize(old_size);
      ended_ = true;
      break;
    }
    buffer_.resize(old_size + *got);
    if (*got == 0) ended_ = true;
  }
}

void LazyStreamIo::trim() {
  if (!opened_) return;
  const sf_count_t behind = pos_ - base_;
  if (behind <= kTrimAboveBytes) return;
  const sf_count_t drop = behind - kKeepBehindBytes;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(drop));
  base_ += drop;
}

sf_count_t LazyStreamIo::read(void* out, sf_count_t count) {
  if (count <= 0) return 0;
  fill_to(pos_ + count);
  const sf_count_t end = base_ + static_cast<sf_count_t>(buffer_.size());
  const sf_count_t available = end > pos_ ? end - pos_ : 0;
  const sf_count_t n = count < available ? count : available;
  if (n > 0) {
    std::memcpy(out, buffer_.data() + (pos_ - base_), static_cast<size_t>(n));
    pos_ += n;
  }
  trim();
  return n;
}

sf_count_t LazyStreamIo::seek(sf_count_t offset, int whence) {
  sf_count_t target = 0;
  switch (whence) {
    case SEEK_SET:
      target = offset;
      break;
    case SEEK_CUR:
      target = pos_ + offset;
      break;
    default:  // SEEK_END: the length of a stream is unknown
      return -1;
  }
  if (target < base_) return -1;  // behind the kept window
  fill_to(target);
  const sf_count_t end = base_ + static_cast<sf_count_t>(buffer_.size());
  if (target > end) return -1;
  pos_ = target;
  return pos_;
}

}  // namespace dsasr::audio
