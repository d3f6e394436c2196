// The sample format, rate and channel count dsasr opens a capture device with.
//
// First choice: s16 mono at the model rate, which needs no conversion at all (the samples go to
// the ring as the device delivers them). When the device does not support that (many hardware
// devices only run at 44.1/48 kHz, some only in stereo), float at the model rate, then float at the
// device's default rate in mono, stereo, or its full channel count; the mic worker thread then
// converts with audio::Converter. prefer_float skips the s16 and model-rate choices.
//
// Pure: the device's answer comes from `is_supported` (Pa_IsFormatSupported in MicCapture, a
// table in tests).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace dsasr::audio {

enum class MicSampleFormat { kInt16, kFloat32 };

struct MicStreamFormat {
  MicSampleFormat sample_format = MicSampleFormat::kInt16;
  int rate_hz = 16000;
  int channels = 1;

  // True when the worker thread must convert (anything but s16 mono at the model rate).
  bool needs_conversion(int model_rate_hz) const {
    return sample_format != MicSampleFormat::kInt16 || rate_hz != model_rate_hz || channels != 1;
  }
  // "16000 Hz mono s16", "44100 Hz stereo float", "48000 Hz 4 ch float".
  std::string describe() const;
};

bool operator==(const MicStreamFormat& a, const MicStreamFormat& b);

// The first format of the order above that the device supports, or nullopt if none is.
std::optional<MicStreamFormat> choose_stream_format(
    int model_rate_hz, int max_input_channels, double default_sample_rate_hz, bool prefer_float,
    const std::function<bool(const MicStreamFormat&)>& is_supported);

}  // namespace dsasr::audio
