// CostBudget: the run's --max-cost. Every session asks before it sends audio; once the estimate
// (seconds of audio sent x the price per second) would pass the limit, no more audio goes out:
// the sessions finish their tasks cleanly and dsasr exits with status 9.
//
// Pure; one per run, used on the service thread only.
#pragma once

#include <cstdint>
#include <optional>

#include "cli/config.h"
#include "output/writer.h"

namespace dsasr::app {

// The estimate of an input's cost: the service bills what it received, so its own count of
// billed seconds when it gave one, else the seconds dsasr sent, times the price; nullopt
// without a price.
inline std::optional<output::Cost> estimate_cost(const output::Stats& stats,
                                                 const cli::CostConfig& cost) {
  if (!cost.price_per_second) return std::nullopt;
  const double seconds =
      stats.billed_seconds.value_or(static_cast<double>(stats.sent_audio_ms) / 1000.0);
  return output::Cost{seconds * *cost.price_per_second, cost.currency};
}

class CostBudget {
 public:
  // No limit: take() always succeeds (and still counts).
  CostBudget() = default;
  CostBudget(double max_cost, double price_per_second)
      : max_cost_(max_cost), price_per_second_(price_per_second) {}

  // True when `ms` more milliseconds of audio may be sent (and counts them).
  bool take(int64_t ms) {
    const double after = static_cast<double>(sent_ms_ + ms) / 1000.0 * price_per_second_;
    if (max_cost_ && after > *max_cost_) {
      exhausted_ = true;
      return false;
    }
    sent_ms_ += ms;
    return true;
  }
  bool exhausted() const { return exhausted_; }
  int64_t sent_ms() const { return sent_ms_; }

 private:
  std::optional<double> max_cost_;
  double price_per_second_ = 0.0;
  int64_t sent_ms_ = 0;
  bool exhausted_ = false;
};

}  // namespace dsasr::app
