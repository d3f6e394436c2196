#include "emulator/segmenter.h"

#include <cmath>

namespace dsasr::emulator {

Segmenter::Segmenter(int sample_rate_hz, int silence_ms)
    : sample_rate_hz_(sample_rate_hz > 0 ? sample_rate_hz : 16000),
      silence_ms_(silence_ms),
      frame_samples_(static_cast<size_t>(sample_rate_hz_ / (1000 / kFrameMs))) {
  if (frame_samples_ == 0) frame_samples_ = 1;
  pending_.reserve(frame_samples_);
}

void Segmenter::reconfigure(int sample_rate_hz, int silence_ms) {
  silence_ms_ = silence_ms;
  if (sample_rate_hz > 0 && sample_rate_hz != sample_rate_hz_) {
    // Samples of the old rate cannot be mixed into a frame of the new one.
    sample_rate_hz_ = sample_rate_hz;
    frame_samples_ = static_cast<size_t>(sample_rate_hz_ / (1000 / kFrameMs));
    if (frame_samples_ == 0) frame_samples_ = 1;
    pending_.clear();
  }
}

std::vector<SegmentEvent> Segmenter::feed(const uint8_t* data, size_t size) {
  std::vector<SegmentEvent> out;
  size_t i = 0;
  auto push_sample = [&](uint8_t lo, uint8_t hi) {
    pending_.push_back(static_cast<int16_t>(static_cast<uint16_t>(lo | (hi << 8))));
    if (pending_.size() == frame_samples_) {
      double sum = 0;
      for (int16_t s : pending_) sum += static_cast<double>(s) * s;
      double rms = std::sqrt(sum / static_cast<double>(pending_.size()));
      pending_.clear();
      frame(out, rms > kSpeechRms);
    }
  };
  if (have_odd_byte_ && size > 0) {
    push_sample(odd_byte_, data[0]);
    have_odd_byte_ = false;
    i = 1;
  }
  for (; i + 1 < size; i += 2) push_sample(data[i], data[i + 1]);
  if (i < size) {
    odd_byte_ = data[i];
    have_odd_byte_ = true;
  }
  return out;
}

void Segmenter::frame(std::vector<SegmentEvent>& out, bool speech) {
  const int64_t start_ms = frames_ * kFrameMs;
  ++frames_;
  const int64_t end_ms = frames_ * kFrameMs;
  if (speech) {
    any_speech_ = true;
    last_speech_end_ms_ = end_ms;
    if (!open_) {
      open_ = true;
      begin_ms_ = start_ms;
      speech_frames_in_sentence_ = 0;
      interims_ = 0;
      SegmentEvent ev;
      ev.kind = SegmentEvent::Kind::kBegin;
      ev.at_ms = end_ms;
      ev.begin_ms = begin_ms_;
      out.push_back(ev);
    }
    ++speech_frames_in_sentence_;
    if (speech_frames_in_sentence_ * kFrameMs >=
        static_cast<int64_t>(interims_ + 1) * kInterimEveryMs) {
      ++interims_;
      SegmentEvent ev;
      ev.kind = SegmentEvent::Kind::kInterim;
      ev.at_ms = end_ms;
      ev.begin_ms = begin_ms_;
      ev.interim_index = interims_;
      out.push_back(ev);
    }
    return;
  }
  if (open_ && end_ms - last_speech_end_ms_ >= silence_ms_) {
    open_ = false;
    SegmentEvent ev;
    ev.kind = SegmentEvent::Kind::kEnd;
    ev.at_ms = end_ms;
    ev.begin_ms = begin_ms_;
    ev.end_ms = last_speech_end_ms_;
    out.push_back(ev);
  }
}

std::vector<SegmentEvent> Segmenter::flush() {
  std::vector<SegmentEvent> out;
  if (open_) {
    open_ = false;
    SegmentEvent ev;
    ev.kind = SegmentEvent::Kind::kEnd;
    ev.at_ms = processed_ms();
    ev.begin_ms = begin_ms_;
    ev.end_ms = last_speech_end_ms_;
    out.push_back(ev);
  }
  return out;
}

}  // namespace dsasr::emulator
