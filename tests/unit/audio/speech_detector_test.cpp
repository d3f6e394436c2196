#include "audio/speech_detector.h"

#include <catch2/catch.hpp>
#include <vector>

#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

// The share of 10 ms frames in [from_s, to_s) of `samples` (16 kHz) the detector calls speech.
double speech_share(SpeechDetector& d, const std::vector<int16_t>& samples, double from_s,
                    double to_s) {
  const size_t n = d.frame_samples();
  int speech = 0;
  int frames = 0;
  for (size_t at = static_cast<size_t>(from_s * 16000);
       at + n <= samples.size() && at < static_cast<size_t>(to_s * 16000); at += n) {
    speech += d.speech(samples.data() + at) ? 1 : 0;
    ++frames;
  }
  return frames ? static_cast<double>(speech) / static_cast<double>(frames) : 0.0;
}

TEST_CASE("WebRTC's voice detector tells en.wav's speech from its pauses and from silence",
          "[speech_detector]") {
  const std::vector<int16_t> en = testing::decode_file(testing::reference_wav(), 16000);
  REQUIRE(en.size() > 19 * 16000);
  for (int mode = 0; mode <= 3; ++mode) {
    INFO("mode " << mode);
    auto d = make_webrtc_speech_detector(16000, mode);
    REQUIRE(d);
    CHECK((*d)->frame_samples() == 160);
    // The first second in order first: the detector adapts to the noise floor.
    static_cast<void>(speech_share(**d, en, 0.0, 1.0));
    CHECK(speech_share(**d, en, 1.0, 3.0) > 0.9);  // inside the first sentence
    CHECK(speech_share(**d, en, 4.0, 5.2) < 0.2);  // the pause after it
  }
  auto d = make_webrtc_speech_detector(16000, 1);
  REQUIRE(d);
  const std::vector<int16_t> zeros(16000 * 3, 0);
  CHECK(speech_share(**d, zeros, 0.5, 3.0) == 0.0);
}

TEST_CASE("the voice detector takes 8/16/32/48 kHz and modes 0 to 3", "[speech_detector]") {
  CHECK(make_webrtc_speech_detector(8000, 0));
  CHECK((*make_webrtc_speech_detector(8000, 0))->frame_samples() == 80);
  CHECK_FALSE(make_webrtc_speech_detector(44100, 1));
  CHECK_FALSE(make_webrtc_speech_detector(16000, 4));
  CHECK_FALSE(make_webrtc_speech_detector(16000, -1));
}

}  // namespace
}  // namespace dsasr::audio
