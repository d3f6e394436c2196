// StartLimiter: the service's request-rate limit ("限流（RPS）" in seed 000's model table, e.g.
// 20 requests per second for fun-asr-realtime), kept by spacing the run's task starts evenly.
// Every new connection of the run (first tasks, --parallel's segments, resumes) reserves a
// start; the starts are at least 1 / limit apart, so no second holds more than the limit.
//
// Pure; the caller's clock (tests: tests/unit/stream/start_limiter_test.cpp).
#pragma once

#include "stream/clock.h"

namespace dsasr::stream {

class StartLimiter {
 public:
  // `per_second` <= 0: no limit.
  explicit StartLimiter(int per_second = 0);

  // Reserves the next start at or after `now`; returns the time it may happen (now, or later
  // when other starts came just before).
  TimePoint reserve(TimePoint now);

 private:
  Duration interval_{};
  TimePoint next_{};
  bool any_ = false;
};

}  // namespace dsasr::stream
