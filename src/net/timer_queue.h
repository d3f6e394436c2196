// Pending one-shot timers ordered by deadline: the pure core of Client::schedule()/cancel().
// It does no I/O and reads no clock; the Client arms a timerfd for next_deadline() and calls
// run_due() when it fires.
//
// Threading: not thread-safe; the Client uses it on its service thread only. Callbacks run
// inside run_due() and may call add() and cancel() (including cancelling themselves, a no-op
// by then, or timers that are due in the same pass, which then do not run).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace dsasr::net {

using TimerId = uint64_t;

class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;

  // Ids start at 1 and are never reused.
  TimerId add(Clock::time_point deadline, std::function<void()> fn);
  // Returns whether the timer was pending; cancelling a fired or unknown timer is a no-op.
  bool cancel(TimerId id);

  // The earliest pending deadline, if any timer is pending.
  std::optional<Clock::time_point> next_deadline() const;

  // Runs every timer whose deadline is <= now, in deadline order (equal deadlines in the order
  // they were added). Timers added by those callbacks wait for a later call, even if already
  // due, so one call always ends. Returns how many ran.
  size_t run_due(Clock::time_point now);

  size_t size() const { return timers_.size(); }
  void clear();

 private:
  struct Timer {
    Clock::time_point deadline;
    std::function<void()> fn;
  };
  std::map<TimerId, Timer> timers_;
  std::set<std::pair<Clock::time_point, TimerId>> by_deadline_;
  TimerId next_id_ = 1;
};

}  // namespace dsasr::net
