// SpeechDetector: which 10 ms frames of mono s16 audio hold speech, by WebRTC's voice activity
// detector (libwebrtc-audio-processing: AudioProcessing's VoiceDetection, a GMM over sub-band
// energies — not an energy threshold). For --skip-silence.
//
// Aggressiveness 0..3 is WebRTC's VAD mode: 0 keeps the most audio as speech (fewest words
// clipped), 3 calls the most audio silence (most saved). Rates: 8, 16, 32 or 48 kHz.
//
// Runs on the capture thread (Ring::write calls it); one instance per input; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "util/result.h"

namespace dsasr::audio {

class SpeechDetector {
 public:
  virtual ~SpeechDetector() = default;
  virtual size_t frame_samples() const = 0;
  // `frame` holds frame_samples() samples.
  virtual bool speech(const int16_t* frame) = 0;
};

util::Result<std::unique_ptr<SpeechDetector>> make_webrtc_speech_detector(int rate_hz,
                                                                          int aggressiveness);

}  // namespace dsasr::audio
