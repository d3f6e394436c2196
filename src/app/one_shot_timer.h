// OneShotTimer: at most one pending timer of a session on the transport's loop. arm() replaces
// the pending one, cancel() (and the destructor) stops it; the callback runs on the service
// thread with the timer already disarmed, so it may arm it again.
#pragma once

#include <chrono>
#include <functional>
#include <utility>

#include "net/transport.h"

namespace dsasr::app {

class OneShotTimer {
 public:
  explicit OneShotTimer(net::Transport* transport) : transport_(transport) {}
  OneShotTimer(const OneShotTimer&) = delete;
  OneShotTimer& operator=(const OneShotTimer&) = delete;
  ~OneShotTimer() { cancel(); }

  void arm(std::chrono::microseconds delay, std::function<void()> fn) {
    cancel();
    if (delay.count() < 0) delay = std::chrono::microseconds(0);
    id_ = transport_->schedule(delay, [this, fn = std::move(fn)] {
      id_ = 0;
      fn();
    });
  }
  void cancel() {
    if (id_ != 0 && transport_ != nullptr) transport_->cancel(id_);
    id_ = 0;
  }
  bool armed() const { return id_ != 0; }

 private:
  net::Transport* transport_;
  net::TimerId id_ = 0;
};

}  // namespace dsasr::app
