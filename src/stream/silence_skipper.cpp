#include "stream/silence_skipper.h"

#include <algorithm>

namespace dsasr::stream {

SilenceSkipper::SilenceSkipper(uint64_t frame_samples, uint64_t head_frames, uint64_t tail_frames)
    : frame_samples_(frame_samples > 0 ? frame_samples : 1),
      head_(head_frames),
      tail_(tail_frames) {}

void SilenceSkipper::reset() {
  run_start_.reset();
  scanned_ = 0;
}

SilenceSkipper::Frame SilenceSkipper::classify(uint64_t f, uint64_t complete, bool ended,
                                               const Lookup& speech, uint64_t* skip_frames) {
  const std::optional<bool> flag = f < complete ? speech(f) : std::nullopt;
  if (!flag) {
    // Not classified: audio still being written waits; the end of the input (a last partial
    // frame) or a frame no longer known is sent.
    if (f >= complete && !ended) return Frame::kWait;
    run_start_.reset();
    return Frame::kSend;
  }
  if (*flag) {
    run_start_.reset();
    return Frame::kSend;
  }
  if (!run_start_ || *run_start_ > f) {
    run_start_ = f;
    scanned_ = f;
  }
  if (f - *run_start_ < head_) return Frame::kSend;  // the silence that ends the sentence
  // Look ahead for the speech that ends this silence.
  uint64_t e = std::max(scanned_, f);
  while (e < complete) {
    const std::optional<bool> next = speech(e);
    if (!next || *next) break;
    ++e;
  }
  scanned_ = e;
  const bool speech_found = e < complete;
  if (!speech_found && ended) {
    *skip_frames = complete - f;  // silence to the end of the input
    return *skip_frames > 0 ? Frame::kSkip : Frame::kSend;
  }
  const uint64_t silent_ahead = e - f;  // known silent frames from f on
  if (silent_ahead > tail_) {
    *skip_frames = silent_ahead - tail_;
    return Frame::kSkip;
  }
  if (speech_found) return Frame::kSend;  // the onset padding before the speech
  return Frame::kWait;  // keep `tail` frames in hand until the silence's end is known
}

SkipDecision SilenceSkipper::decide(uint64_t pos, uint64_t end, bool ended, uint64_t max_samples,
                                    const Lookup& speech) {
  const uint64_t complete = end / frame_samples_;  // frames wholly written
  uint64_t sendable = 0;
  uint64_t p = pos;
  while (p < end && sendable < max_samples) {
    const uint64_t f = p / frame_samples_;
    uint64_t skip_frames = 0;
    const Frame fate = classify(f, complete, ended, speech, &skip_frames);
    if (fate == Frame::kSkip) {
      if (sendable > 0) break;  // send what comes before the skip first
      const uint64_t to = std::min(end, (f + skip_frames) * frame_samples_);
      return {SkipDecision::Kind::kSkip, to - pos};
    }
    if (fate == Frame::kWait) break;
    const uint64_t frame_end = std::min(end, (f + 1) * frame_samples_);
    const uint64_t n = std::min(frame_end - p, max_samples - sendable);
    sendable += n;
    p += n;
  }
  if (sendable > 0) return {SkipDecision::Kind::kSend, sendable};
  return {SkipDecision::Kind::kWait, 0};
}

}  // namespace dsasr::stream
