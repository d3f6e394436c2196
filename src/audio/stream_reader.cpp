#include "audio/stream_reader.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

namespace dsasr::audio {

util::Error read_error(const std::string& name, int errno_value) {
  return util::input_error(name, util::ErrorKind::kInput,
                           std::string("cannot read: ") + std::strerror(errno_value));
}

util::Result<std::unique_ptr<StreamReader>> StreamReader::create(int fd, bool owns_fd,
                                                                 std::string name) {
  const int cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (cancel_fd < 0) {
    const int saved = errno;
    if (owns_fd) ::close(fd);
    return util::Error(util::ErrorKind::kInternal, std::string("eventfd: ") + std::strerror(saved));
  }
  return std::unique_ptr<StreamReader>(new StreamReader(fd, owns_fd, cancel_fd, std::move(name)));
}

StreamReader::StreamReader(int fd, bool owns_fd, int cancel_fd, std::string name)
    : fd_(fd), owns_fd_(owns_fd), cancel_fd_(cancel_fd), name_(std::move(name)) {}

StreamReader::~StreamReader() {
  ::close(cancel_fd_);
  if (owns_fd_) ::close(fd_);
}

void StreamReader::interrupt() {
  const uint64_t one = 1;
  // Nonblocking: the counter cannot overflow from a handful of calls, so this never waits.
  [[maybe_unused]] const ssize_t written = ::write(cancel_fd_, &one, sizeof one);
}

bool StreamReader::interrupted() const {
  pollfd p{cancel_fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

void StreamReader::unread(const uint8_t* bytes, size_t n) {
  std::vector<uint8_t> rest(pushed_back_.begin() + static_cast<std::ptrdiff_t>(pushed_back_pos_),
                            pushed_back_.end());
  pushed_back_.assign(bytes, bytes + n);
  pushed_back_.insert(pushed_back_.end(), rest.begin(), rest.end());
  pushed_back_pos_ = 0;
}

util::Result<size_t> StreamReader::read_some(uint8_t* out, size_t n) {
  if (n == 0) return size_t{0};
  if (pushed_back_pos_ < pushed_back_.size()) {
    const size_t count = std::min(n, pushed_back_.size() - pushed_back_pos_);
    std::memcpy(out, pushed_back_.data() + pushed_back_pos_, count);
    pushed_back_pos_ += count;
    if (pushed_back_pos_ == pushed_back_.size()) {
      pushed_back_.clear();
      pushed_back_pos_ = 0;
    }
    return count;
  }
  for (;;) {
    // Wait on the descriptor and the interrupt together, so a read from an idle stdin can be
    // abandoned at shutdown instead of pinning a thread.
    pollfd fds[2] = {{fd_, POLLIN, 0}, {cancel_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return read_error(name_, errno);
    }
    if (fds[1].revents != 0) return size_t{0};
    if (fds[0].revents & POLLNVAL) return read_error(name_, EBADF);
    // POLLHUP with data still buffered is reported together with POLLIN; read() sorts it out.
    const ssize_t got = ::read(fd_, out, n);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return read_error(name_, errno);
    }
    return static_cast<size_t>(got);
  }
}

util::Result<size_t> StreamReader::read_full(uint8_t* out, size_t n) {
  size_t total = 0;
  while (total < n) {
    auto got = read_some(out + total, n - total);
    if (!got) return got.error();
    if (*got == 0) break;
    total += *got;
  }
  return total;
}

}  // namespace dsasr::audio
