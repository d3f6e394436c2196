// RetryPolicy: after a retryable failure (a dropped connection, throttling, a server error),
// retry after a jittered exponential backoff, or give up once --retries failures came in a row.
// A final sentence is progress and resets the count, so a long input survives many separate
// outages. The delay before retry k (1-based) is min(30 s, 0.5 s * 2^min(k, 8)) times a uniform
// factor in [0.5, 1): "full jitter" halved, so retries of many clients spread out but never come
// sooner than half the nominal delay.
//
// Pure: the random source is injected (a function returning a uniform value in [0, 1)).
// Single-threaded.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace dsasr::stream {

class RetryPolicy {
 public:
  RetryPolicy(int max_retries, std::function<double()> uniform01,
              std::chrono::milliseconds base = std::chrono::milliseconds(500),
              std::chrono::milliseconds max = std::chrono::milliseconds(30000));

  // After a retryable failure: the delay before the next attempt, or nullopt when the retries
  // are used up (the failure then is final).
  std::optional<std::chrono::milliseconds> next_delay();
  // Progress (a final sentence): failures count from zero again.
  void progress() { used_ = 0; }

  int used() const { return used_; }
  int max_retries() const { return max_retries_; }

 private:
  int max_retries_;
  std::function<double()> uniform01_;
  std::chrono::milliseconds base_;
  std::chrono::milliseconds max_;
  int used_ = 0;
};

}  // namespace dsasr::stream
