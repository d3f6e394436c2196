#include "app/silence_gate.h"

#include <algorithm>

namespace dsasr::app {

SilenceGate::SilenceGate(audio::Ring& ring, int rate_hz, int64_t keep_ms, bool live)
    : ring_(ring),
      live_(live),
      park_after_(static_cast<uint64_t>(kParkAfter.count()) * static_cast<uint64_t>(rate_hz) /
                  1000) {
  const uint64_t frame = ring.speech_frame_samples();
  if (frame == 0) return;
  const int64_t tail_ms = std::min<int64_t>(kOnsetPadding.count(), keep_ms / 3);
  auto frames = [&](int64_t ms) {
    return static_cast<uint64_t>(ms) * static_cast<uint64_t>(rate_hz) / 1000 / frame;
  };
  skipper_.emplace(frame, frames(keep_ms - tail_ms), frames(tail_ms));
}

void SilenceGate::reset() {
  skipped_in_a_row_ = 0;
  if (skipper_) skipper_->reset();
}

SilenceGate::Step SilenceGate::step(size_t available, std::optional<uint64_t> stop_pos) {
  if (!skipper_) return {Step::Kind::kSend, available};
  const audio::Ring::State state = ring_.state();  // before write_pos(): then it is final
  const uint64_t written = ring_.write_pos();
  const uint64_t end = stop_pos ? std::min(*stop_pos, written) : written;
  const stream::SkipDecision d =
      skipper_->decide(ring_.read_pos(), end, state != audio::Ring::State::kOpen || stop_pos,
                       available, [this](uint64_t frame) { return ring_.speech(frame); });
  switch (d.kind) {
    case stream::SkipDecision::Kind::kSend:
      return {Step::Kind::kSend, static_cast<size_t>(d.samples)};
    case stream::SkipDecision::Kind::kSkip:
      ring_.advance(static_cast<size_t>(d.samples));
      skipped_ += d.samples;
      skipped_in_a_row_ += d.samples;
      return {Step::Kind::kSkipped, 0};
    case stream::SkipDecision::Kind::kWait:
      break;
  }
  // As next_chunk() does: ask the capture to wake us, then look once more.
  ring_.want_data();
  if (ring_.write_pos() != written || ring_.state() != state) return {Step::Kind::kSkipped, 0};
  return {Step::Kind::kWait, 0};
}

}  // namespace dsasr::app
