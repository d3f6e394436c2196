// The time source of pacing and timeouts. It exists as an interface so tests can drive time by
// hand (FakeClock) and assert exact schedules; production code uses SteadyClock. Reading a
// clock is safe from any thread; FakeClock is advanced by the test's thread only.
#pragma once

#include <chrono>

namespace dsasr::stream {

using TimePoint = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// std::chrono::steady_clock: monotonic, unaffected by wall-clock changes.
class SteadyClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

// A clock that moves only when told to. Starts at an arbitrary fixed point (not the epoch, so
// code that subtracts from now() is exercised with realistic values).
class FakeClock final : public Clock {
 public:
  FakeClock() = default;
  explicit FakeClock(TimePoint start) : now_(start) {}

  TimePoint now() const override { return now_; }
  void advance(Duration d) { now_ += d; }
  // Moves to `t`; a time before now() is ignored (steady clocks never go back).
  void set(TimePoint t) {
    if (t > now_) now_ = t;
  }

 private:
  TimePoint now_ = TimePoint(std::chrono::hours(24));
};

}  // namespace dsasr::stream
