// SentAudio: what a realtime-family machine has sent, as the Qwen server-VAD finish rule needs it
// (seed 003: a session.finish before the service's speech_started ends the session with no
// transcript; protocol/realtime.h): how much audio, whether any of it was speech (100 ms
// windows above an RMS of 300, about -41 dBFS), how quiet its end is, the silence to append so
// the service's VAD closes the last turn, and how long to wait for the service to show that it
// heard everything. Shared by RealtimeMachine (Qwen-ASR) and OmniMachine (Qwen-Omni).
//
// Pure (tests: tests/unit/protocol/realtime_test.cpp and omni_test.cpp, through the machines).
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsasr::protocol {

class SentAudio {
 public:
  static constexpr int64_t kWindowMs = 100;
  static constexpr double kSpeechRms = 300.0;
  // Quiet beyond the VAD's silence window before the finish, and the longest wait for the
  // service to show it heard the audio.
  static constexpr int64_t kFinishMarginMs = 200;
  static constexpr int64_t kMaxFinishWaitMs = 40000;

  SentAudio(int rate_hz, int vad_silence_ms);

  // `count` more samples went out.
  void add(const int16_t* samples, size_t count);

  uint64_t samples() const { return samples_; }
  // From the total, not summed per chunk, so rounding never accumulates.
  int64_t ms() const;
  bool any_speech() const { return speech_windows_ > 0; }
  // Samples of silence to append so the audio ends in the VAD's silence window plus the margin
  // of quiet (0 without speech, or when its end is quiet enough already).
  size_t closing_silence() const;
  // How long to wait, `since_first_audio_ms` after the first audio went out, for the service
  // to have heard all of it at real time: the audio, the silence window and the margin, at
  // most kMaxFinishWaitMs.
  int64_t finish_wait_ms(int64_t since_first_audio_ms) const;

 private:
  uint64_t rate_hz_;
  int64_t vad_silence_ms_;
  uint64_t samples_ = 0;
  uint64_t speech_windows_ = 0;    // windows above kSpeechRms
  int64_t trailing_quiet_ms_ = 0;  // quiet windows at the end, in ms
  double window_energy_ = 0;       // the current window so far
  uint64_t window_samples_ = 0;
};

}  // namespace dsasr::protocol
