#include "app/usage_meter.h"

#include <algorithm>
#include <chrono>

namespace dsasr::app {

namespace {

int64_t ms_between(stream::TimePoint from, stream::TimePoint to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

}  // namespace

void UsageMeter::task_started() {
  task_billed_.reset();
  finish_sent_at_.reset();
}

void UsageMeter::audio_sent(stream::TimePoint now) {
  if (!first_audio_at_) first_audio_at_ = now;
}

void UsageMeter::result(bool content, stream::TimePoint now) {
  if (content && !first_package_delay_ms_ && first_audio_at_) {
    first_package_delay_ms_ = ms_between(*first_audio_at_, now);
  }
}

void UsageMeter::billed(std::optional<double> seconds) {
  if (seconds) task_billed_ = std::max(task_billed_.value_or(0.0), *seconds);
}

void UsageMeter::tokens(std::optional<int64_t> input, std::optional<int64_t> output) {
  if (input) input_tokens_ = input_tokens_.value_or(0) + *input;
  if (output) output_tokens_ = output_tokens_.value_or(0) + *output;
}

void UsageMeter::finish_sent(stream::TimePoint now) {
  finish_sent_at_ = now;
}

void UsageMeter::task_finished(stream::TimePoint now) {
  if (finish_sent_at_) last_package_delay_ms_ = ms_between(*finish_sent_at_, now);
  if (task_billed_) billed_total_ = billed_total_.value_or(0.0) + *task_billed_;
  task_billed_.reset();
}

void UsageMeter::fill(output::Stats& stats) const {
  stats.first_package_delay_ms = first_package_delay_ms_;
  stats.last_package_delay_ms = last_package_delay_ms_;
  stats.billed_seconds = billed_total_;
  stats.input_tokens = input_tokens_;
  stats.output_tokens = output_tokens_;
}

}  // namespace dsasr::app
