#include "stream/retry_policy.h"

#include <algorithm>

namespace dsasr::stream {

RetryPolicy::RetryPolicy(int max_retries, std::function<double()> uniform01,
                         std::chrono::milliseconds base, std::chrono::milliseconds max)
    : max_retries_(max_retries), uniform01_(std::move(uniform01)), base_(base), max_(max) {}

std::optional<std::chrono::milliseconds> RetryPolicy::next_delay() {
  if (used_ >= max_retries_) return std::nullopt;
  ++used_;
  const int shift = std::min(used_, 8);
  const auto nominal = std::min(max_, base_ * (1 << shift));
  double u = uniform01_ ? uniform01_() : 0.0;
  u = std::clamp(u, 0.0, 1.0);
  const double factor = 0.5 + 0.5 * u;
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(nominal.count()) * factor));
}

}  // namespace dsasr::stream
