#include "app/file_input.h"

#include <limits>

#include "audio/converter.h"
#include "audio/file_capture.h"
#include "audio/segment_source.h"
#include "audio/source.h"
#include "audio/speech_detector.h"

namespace dsasr::app {

namespace {

struct Opened {
  std::unique_ptr<audio::Source> source;
  audio::Converter converter;
};

util::Result<Opened> open_converted(const cli::Config& config, const protocol::Model* model,
                                    const std::string& path) {
  audio::RawFormat raw;
  if (config.input.raw_rate_hz) {
    raw.sample_rate_hz = *config.input.raw_rate_hz;
    raw.channels = config.input.raw_channels;
  }
  auto source = audio::open_source(path, config.input.raw_rate_hz ? &raw : nullptr);
  if (!source) return source.error();
  int model_rate = config.request.sample_rate_hz;
  // Telephone-band audio goes out at 8 kHz where the model takes it (protocol/models.h).
  if (model != nullptr) model_rate = model->send_rate_for((*source)->sample_rate_hz());
  auto converter =
      audio::Converter::create((*source)->sample_rate_hz(), (*source)->channels(), model_rate);
  if (!converter) return converter.error();
  return Opened{std::move(*source), std::move(*converter)};
}

}  // namespace

util::Result<std::unique_ptr<audio::Capture>> open_file_capture(
    const cli::Config& config, const protocol::Model* model, const std::string& path,
    audio::Ring& ring, std::function<void()> wake, const std::optional<FilePart>& part) {
  auto opened = open_converted(config, model, path);
  if (!opened) return opened.error();
  std::unique_ptr<audio::Source> source = std::move(opened->source);
  if (part) {
    const auto rate = static_cast<uint64_t>(source->sample_rate_hz());
    const uint64_t end = part->end_ms ? static_cast<uint64_t>(*part->end_ms) * rate / 1000
                                      : std::numeric_limits<uint64_t>::max();
    source = audio::make_segment_source(std::move(source),
                                        static_cast<uint64_t>(part->begin_ms) * rate / 1000, end);
  }
  return std::unique_ptr<audio::Capture>(std::make_unique<audio::FileCapture>(
      std::move(source), std::move(opened->converter), ring, std::move(wake)));
}

util::Status check_file(const cli::Config& config, const protocol::Model* model,
                        const std::string& path) {
  auto opened = open_converted(config, model, path);
  if (!opened) return opened.error();
  return {};
}

util::Status detect_speech_if_skipping(const cli::Config& config, const audio::Capture& capture,
                                       audio::Ring& ring) {
  if (!config.cost.skip_silence) return {};
  auto detector =
      audio::make_webrtc_speech_detector(capture.model_rate_hz(), config.cost.vad_aggressiveness);
  if (!detector) return detector.error();
  ring.detect_speech(std::move(*detector));
  return {};
}

util::Result<audio::SpeechScan> scan_file(const cli::Config& config, const protocol::Model* model,
                                          const std::string& path, const std::atomic<bool>* stop) {
  auto opened = open_converted(config, model, path);
  if (!opened) return opened.error();
  auto detector = audio::make_webrtc_speech_detector(opened->converter.output_rate_hz(),
                                                     config.cost.vad_aggressiveness);
  if (!detector) return detector.error();
  return audio::scan_speech(*opened->source, opened->converter, **detector, stop);
}

}  // namespace dsasr::app
