#include "stream/send_policy.h"

#include <algorithm>

namespace dsasr::stream {

SendPolicy::SendPolicy(SendPolicyConfig config, TimePoint t0)
    : config_(config), pacer_(config.pacing, t0) {}

void SendPolicy::start_task(TimePoint t0) {
  pacer_.reset(t0, 0);
  holding_back_ = false;
  last_send_at_.reset();
}

SendDecision SendPolicy::decide(int64_t task_chunks, int64_t reported_ms, TimePoint now) {
  const PaceDecision pace = pacer_.decide(task_chunks, reported_ms, now);
  const std::chrono::milliseconds chunk = pacer_.config().chunk;
  if (!config_.live) {
    const int64_t lead_ms = task_chunks * chunk.count() - reported_ms;
    if (lead_ms > config_.max_unconfirmed.count()) {
      holding_back_ = true;
    } else if (lead_ms <= (config_.max_unconfirmed - config_.unconfirmed_resume).count()) {
      holding_back_ = false;
    }
  }
  const bool at_real_time = pace.kind == PaceDecision::Kind::kBlocked || holding_back_;
  if (pace.kind == PaceDecision::Kind::kWait) return {SendDecision::Kind::kWaitUntil, pace.at};
  if (at_real_time && last_send_at_ && now < *last_send_at_ + chunk) {
    TimePoint at = *last_send_at_ + chunk;
    if (pace.kind == PaceDecision::Kind::kBlocked) at = std::min(at, pace.at);
    return {SendDecision::Kind::kWaitUntil, at};
  }
  return {SendDecision::Kind::kNow, now};
}

}  // namespace dsasr::stream
