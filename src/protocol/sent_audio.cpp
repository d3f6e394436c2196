#include "protocol/sent_audio.h"

#include <algorithm>
#include <cmath>

namespace dsasr::protocol {

SentAudio::SentAudio(int rate_hz, int vad_silence_ms)
    : rate_hz_(static_cast<uint64_t>(std::max(rate_hz, 1))), vad_silence_ms_(vad_silence_ms) {}

void SentAudio::add(const int16_t* samples, size_t count) {
  const uint64_t window = std::max<uint64_t>(rate_hz_ * kWindowMs / 1000, 1);
  for (size_t i = 0; i < count; ++i) {
    const auto v = static_cast<double>(samples[i]);
    window_energy_ += v * v;
    if (++window_samples_ < window) continue;
    const double rms = std::sqrt(window_energy_ / static_cast<double>(window));
    window_energy_ = 0;
    window_samples_ = 0;
    if (rms > kSpeechRms) {
      ++speech_windows_;
      trailing_quiet_ms_ = 0;
    } else {
      trailing_quiet_ms_ += kWindowMs;
    }
  }
  samples_ += count;
}

int64_t SentAudio::ms() const {
  return static_cast<int64_t>(samples_ * 1000 / rate_hz_);
}

size_t SentAudio::closing_silence() const {
  if (speech_windows_ == 0) return 0;
  const int64_t want = vad_silence_ms_ + kFinishMarginMs;
  if (trailing_quiet_ms_ >= want) return 0;
  return static_cast<size_t>(static_cast<uint64_t>(want - trailing_quiet_ms_) * rate_hz_ / 1000);
}

int64_t SentAudio::finish_wait_ms(int64_t since_first_audio_ms) const {
  const int64_t left = ms() + vad_silence_ms_ + kFinishMarginMs - since_first_audio_ms;
  return std::clamp<int64_t>(left, 0, kMaxFinishWaitMs);
}

}  // namespace dsasr::protocol
