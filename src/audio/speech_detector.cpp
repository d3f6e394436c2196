#include "audio/speech_detector.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <string>

namespace dsasr::audio {

namespace {

class WebRtcSpeechDetector final : public SpeechDetector {
 public:
  WebRtcSpeechDetector(std::unique_ptr<webrtc::AudioProcessing> apm, int rate_hz)
      : apm_(std::move(apm)),
        rate_hz_(rate_hz),
        frame_samples_(static_cast<size_t>(rate_hz / 100)) {}

  size_t frame_samples() const override { return frame_samples_; }

  bool speech(const int16_t* frame) override {
    frame_.UpdateFrame(0, 0, frame, frame_samples_, rate_hz_, webrtc::AudioFrame::kNormalSpeech,
                       webrtc::AudioFrame::kVadUnknown, 1);
    if (apm_->ProcessStream(&frame_) != webrtc::AudioProcessing::kNoError) return true;
    return apm_->voice_detection()->stream_has_voice();
  }

 private:
  std::unique_ptr<webrtc::AudioProcessing> apm_;
  int rate_hz_;
  size_t frame_samples_;
  webrtc::AudioFrame frame_;
};

}  // namespace

util::Result<std::unique_ptr<SpeechDetector>> make_webrtc_speech_detector(int rate_hz,
                                                                          int aggressiveness) {
  if (rate_hz != 8000 && rate_hz != 16000 && rate_hz != 32000 && rate_hz != 48000) {
    return util::Error(
        util::ErrorKind::kUsage,
        "the voice detector takes 8, 16, 32 or 48 kHz, not " + std::to_string(rate_hz) + " Hz");
  }
  if (aggressiveness < 0 || aggressiveness > 3) {
    return util::Error(util::ErrorKind::kUsage, "--skip-silence-aggressiveness must be 0 to 3");
  }
  std::unique_ptr<webrtc::AudioProcessing> apm(webrtc::AudioProcessing::Create());
  if (!apm) return util::Error(util::ErrorKind::kInput, "could not create WebRTC's voice detector");
  // Everything else AudioProcessing can do (echo cancelling, noise suppression, gain) stays off:
  // the audio sent is never changed, only classified.
  webrtc::VoiceDetection* vad = apm->voice_detection();
  // WebRTC maps likelihoods to VAD modes: high -> 0, moderate -> 1, low -> 2, very low -> 3.
  static constexpr webrtc::VoiceDetection::Likelihood kByMode[] = {
      webrtc::VoiceDetection::kHighLikelihood, webrtc::VoiceDetection::kModerateLikelihood,
      webrtc::VoiceDetection::kLowLikelihood, webrtc::VoiceDetection::kVeryLowLikelihood};
  if (vad->Enable(true) != 0 || vad->set_likelihood(kByMode[aggressiveness]) != 0 ||
      vad->set_frame_size_ms(10) != 0) {
    return util::Error(util::ErrorKind::kInput, "could not set up WebRTC's voice detector");
  }
  return std::unique_ptr<SpeechDetector>(
      std::make_unique<WebRtcSpeechDetector>(std::move(apm), rate_hz));
}

}  // namespace dsasr::audio
