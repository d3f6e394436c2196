// Doorbell: lets a real-time producer (the PortAudio callback) wake a consumer thread that sleeps
// for want of data, without a lock and without a system call unless the consumer is asleep.
//
// Consumer:                                   Producer (any thread, e.g. an audio callback):
//   bell.sleep_unless(has_work, timeout);       publish the data (release store)
//                                               bell.ring();
//
// sleep_unless() arms the bell, then looks for work once more (has_work()) and sleeps only if
// there is none.
//
// ring() posts the semaphore only when arm() was called since the last ring(): at most one
// futex wake per sleep, which never blocks (sem_post is async-signal-safe). arm() and ring() are
// both read-modify-writes of one atomic, so one of them comes first: if arm() does, ring() sees
// it and posts; if ring() does, arm() reads what ring() wrote (acquire after release), so the
// data the producer published before ring() is visible to the consumer's second look. A post that
// races with a timeout leaves the semaphore at 1: the next wait() returns at once, one spurious
// look at the data, never a missed one. The timeout bounds any wait in any case.
#pragma once

#include <semaphore.h>

#include <atomic>
#include <chrono>

namespace dsasr::audio {

class Doorbell {
 public:
  Doorbell();
  ~Doorbell();
  Doorbell(const Doorbell&) = delete;
  Doorbell& operator=(const Doorbell&) = delete;

  // Sleeps until ring() or the timeout, whichever comes first, unless has_work() (called once,
  // after arming) is already true.
  template <typename HasWork>
  void sleep_unless(HasWork&& has_work, std::chrono::milliseconds timeout) {
    armed_.exchange(true, std::memory_order_acq_rel);
    if (has_work()) {
      armed_.store(false, std::memory_order_relaxed);
    } else {
      wait(timeout);
    }
  }
  // Wakes the consumer if it is armed. Safe in a real-time callback: no lock, no allocation.
  void ring() noexcept {
    if (armed_.exchange(false, std::memory_order_acq_rel)) sem_post(&sem_);
  }

 private:
  // Sleeps until ring() or the timeout; disarms.
  void wait(std::chrono::milliseconds timeout);

  std::atomic<bool> armed_{false};
  sem_t sem_;
};

}  // namespace dsasr::audio
