#include "audio/stream_pump.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace dsasr::audio {

util::Result<std::unique_ptr<StreamPump>> StreamPump::start(std::unique_ptr<StreamReader> reader) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return util::Error(util::ErrorKind::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  // Nonblocking write end: a blocking write of a large block could wait inside write() for the
  // decoder, out of reach of the interrupt; this way every wait is in poll().
  ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  std::unique_ptr<StreamPump> pump(new StreamPump(std::move(reader), fds[0], fds[1]));
  pump->thread_ = std::thread([p = pump.get()] { p->run(); });
  return pump;
}

StreamPump::StreamPump(std::unique_ptr<StreamReader> reader, int read_fd, int write_fd)
    : reader_(std::move(reader)), read_fd_(read_fd), write_fd_(write_fd) {}

StreamPump::~StreamPump() {
  reader_->interrupt();
  if (thread_.joinable()) thread_.join();
  ::close(read_fd_);
}

std::optional<util::Error> StreamPump::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

void StreamPump::run() {
  // The read end stays open until this thread is joined, so EPIPE should not happen; if it ever
  // does, it must come back as an error code on this thread, not as a process-killing SIGPIPE.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);

  std::vector<uint8_t> block(64 * 1024);
  for (;;) {
    auto got = reader_->read_some(block.data(), block.size());
    if (!got) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = got.error();
      break;
    }
    if (*got == 0 || !write_all(block.data(), *got)) break;
  }
  ::close(write_fd_);
}

bool StreamPump::write_all(const uint8_t* bytes, size_t n) {
  while (n > 0) {
    // Poll the pipe together with the interrupt: the decoder may stop reading at any time.
    pollfd fds[2] = {{write_fd_, POLLOUT, 0}, {reader_->cancel_fd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (fds[1].revents != 0) return false;
    if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) return false;  // decoder went away
    const ssize_t written = ::write(write_fd_, bytes, n);
    if (written < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;  // EPIPE: the decoder closed early; nothing left to deliver to
    }
    bytes += written;
    n -= static_cast<size_t>(written);
  }
  return true;
}

}  // namespace dsasr::audio
