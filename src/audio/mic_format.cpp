#include "audio/mic_format.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dsasr::audio {

std::string MicStreamFormat::describe() const {
  std::string out = std::to_string(rate_hz) + " Hz ";
  if (channels == 1) {
    out += "mono";
  } else if (channels == 2) {
    out += "stereo";
  } else {
    out += std::to_string(channels) + " ch";
  }
  out += sample_format == MicSampleFormat::kInt16 ? " s16" : " float";
  return out;
}

bool operator==(const MicStreamFormat& a, const MicStreamFormat& b) {
  return a.sample_format == b.sample_format && a.rate_hz == b.rate_hz && a.channels == b.channels;
}

std::optional<MicStreamFormat> choose_stream_format(
    int model_rate_hz, int max_input_channels, double default_sample_rate_hz, bool prefer_float,
    const std::function<bool(const MicStreamFormat&)>& is_supported) {
  std::vector<MicStreamFormat> candidates;
  const auto add = [&](MicSampleFormat format, int rate_hz, int channels) {
    if (rate_hz <= 0 || channels < 1 || channels > max_input_channels) return;
    const MicStreamFormat candidate{format, rate_hz, channels};
    if (std::find(candidates.begin(), candidates.end(), candidate) == candidates.end()) {
      candidates.push_back(candidate);
    }
  };
  if (!prefer_float) {
    add(MicSampleFormat::kInt16, model_rate_hz, 1);
    add(MicSampleFormat::kFloat32, model_rate_hz, 1);
  }
  // Devices report rates such as 44100.0; a fractional rate would be a driver oddity.
  const int default_rate_hz = static_cast<int>(std::lround(default_sample_rate_hz));
  for (int channels : {1, 2, max_input_channels}) {
    add(MicSampleFormat::kFloat32, default_rate_hz, channels);
  }
  for (const MicStreamFormat& candidate : candidates) {
    if (is_supported(candidate)) return candidate;
  }
  return std::nullopt;
}

}  // namespace dsasr::audio
