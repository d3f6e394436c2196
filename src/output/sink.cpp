#include "output/sink.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dsasr::output {

void FdSink::write(std::string_view record) {
  std::size_t done = 0;
  while (!closed_ && done < record.size()) {
    const ssize_t n = ::write(fd_, record.data() + done, record.size() - done);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    const int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) {
      // stdout may have been left non-blocking by whoever shares it; wait rather than drop.
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, -1);
      continue;
    }
    closed_ = true;
    if (err != EPIPE || !quiet_epipe_) {
      failure_ = util::Error(util::ErrorKind::kOutput,
                             "cannot write " + name_ + ": " + std::strerror(err));
      if (on_failure_) on_failure_(*failure_);
    }
  }
}

void MemorySink::write(std::string_view record) {
  if (closed_) return;
  data_.append(record);
  records_.emplace_back(record);
}

}  // namespace dsasr::output
