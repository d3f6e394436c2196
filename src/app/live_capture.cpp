#include "app/live_capture.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "audio/pulse_capture.h"
#include "audio/pulse_sources.h"

namespace dsasr::app {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

util::Result<std::unique_ptr<audio::Capture>> open_pulse(const cli::Config& config,
                                                         std::string source, std::string name,
                                                         audio::Ring& ring,
                                                         std::function<void()> wake) {
  audio::PulseCaptureOptions options;
  options.source = std::move(source);
  options.input_name = std::move(name);
  options.model_rate_hz = config.request.sample_rate_hz;
  options.duration_sec = config.input.duration_s;
  options.save_path = config.input.save;
  auto capture = audio::PulseCapture::open(options, ring, std::move(wake));
  if (!capture) return capture.error();
  return std::unique_ptr<audio::Capture>(std::move(*capture));
}

}  // namespace

util::Result<std::unique_ptr<audio::Capture>> open_sound_server_capture(
    const cli::Config& config, audio::Ring& ring, std::function<void()> wake) {
  const cli::InputConfig& in = config.input;
  if (in.system_sink) {
    auto snapshot = audio::query_pulse();
    if (!snapshot) return snapshot.error();
    auto source = audio::system_source(*snapshot, in.system_sink);
    if (!source) return source.error();
    return open_pulse(config, *source, "system", ring, std::move(wake));
  }
  if (in.device && !all_digits(*in.device)) {
    // A sound-server source name? Only asked when a server answers; otherwise -d keeps its
    // PortAudio meaning (and its errors).
    auto snapshot = audio::query_pulse();
    if (snapshot && audio::find_source(*snapshot, *in.device)) {
      return open_pulse(config, *in.device, "mic", ring, std::move(wake));
    }
  }
  return std::unique_ptr<audio::Capture>();
}

}  // namespace dsasr::app
