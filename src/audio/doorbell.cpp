#include "audio/doorbell.h"

#include <time.h>

#include <cerrno>

namespace dsasr::audio {

Doorbell::Doorbell() {
  sem_init(&sem_, 0, 0);
}

Doorbell::~Doorbell() {
  sem_destroy(&sem_);
}

void Doorbell::wait(std::chrono::milliseconds timeout) {
  timespec deadline{};
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count();
  deadline.tv_sec += static_cast<time_t>(ns / 1000000000);
  deadline.tv_nsec += static_cast<long>(ns % 1000000000);
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_nsec -= 1000000000;
    ++deadline.tv_sec;
  }
  while (sem_clockwait(&sem_, CLOCK_MONOTONIC, &deadline) != 0 && errno == EINTR) {
  }
  armed_.store(false, std::memory_order_relaxed);
}

}  // namespace dsasr::audio
