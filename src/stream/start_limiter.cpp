#include "stream/start_limiter.h"

#include <algorithm>

namespace dsasr::stream {

StartLimiter::StartLimiter(int per_second) {
  if (per_second > 0) {
    interval_ = std::chrono::duration_cast<Duration>(std::chrono::seconds(1)) / per_second;
  }
}

TimePoint StartLimiter::reserve(TimePoint now) {
  const TimePoint at = any_ ? std::max(now, next_) : now;
  any_ = true;
  next_ = at + interval_;
  return at;
}

}  // namespace dsasr::stream
