#include "audio/mic_format.h"

#include <catch2/catch.hpp>
#include <vector>

namespace dsasr::audio {
namespace {

MicStreamFormat s16(int rate_hz, int channels) {
  return {MicSampleFormat::kInt16, rate_hz, channels};
}
MicStreamFormat f32(int rate_hz, int channels) {
  return {MicSampleFormat::kFloat32, rate_hz, channels};
}

// A device that supports exactly `supported`, recording what it was asked.
struct FakeDevice {
  std::vector<MicStreamFormat> supported;
  std::vector<MicStreamFormat> asked;
  bool operator()(const MicStreamFormat& f) {
    asked.push_back(f);
    for (const auto& s : supported) {
      if (s == f) return true;
    }
    return false;
  }
};

std::optional<MicStreamFormat> choose(FakeDevice& device, int model_rate_hz, int max_channels,
                                      double default_rate_hz, bool prefer_float) {
  return choose_stream_format(model_rate_hz, max_channels, default_rate_hz, prefer_float,
                              [&device](const MicStreamFormat& f) { return device(f); });
}

TEST_CASE("s16 mono at the model rate is the first choice and needs no conversion",
          "[mic_format]") {
  FakeDevice device{{s16(16000, 1), f32(44100, 1)}, {}};
  const auto format = choose(device, 16000, 128, 44100.0, false);
  REQUIRE(format);
  CHECK(*format == s16(16000, 1));
  CHECK_FALSE(format->needs_conversion(16000));
  CHECK(format->describe() == "16000 Hz mono s16");
  CHECK(device.asked.size() == 1);
}

TEST_CASE("A hardware-like device falls back to float at its own rate and channels",
          "[mic_format]") {
  FakeDevice device{{f32(48000, 2)}, {}};
  const auto format = choose(device, 16000, 2, 48000.0, false);
  REQUIRE(format);
  CHECK(*format == f32(48000, 2));
  CHECK(format->needs_conversion(16000));
  CHECK(format->describe() == "48000 Hz stereo float");
  // Tried in order: s16 model rate, float model rate, float default rate mono, then stereo.
  CHECK(device.asked ==
        std::vector<MicStreamFormat>{s16(16000, 1), f32(16000, 1), f32(48000, 1), f32(48000, 2)});
}

TEST_CASE("A multichannel-only device is opened with all its channels", "[mic_format]") {
  FakeDevice device{{f32(48000, 4)}, {}};
  const auto format = choose(device, 8000, 4, 48000.0, false);
  REQUIRE(format);
  CHECK(format->describe() == "48000 Hz 4 ch float");
}

TEST_CASE("prefer_float skips s16 and the model rate", "[mic_format]") {
  FakeDevice device{{s16(16000, 1), f32(16000, 1), f32(44100, 1)}, {}};
  const auto format = choose(device, 16000, 1, 44100.0, true);
  REQUIRE(format);
  CHECK(*format == f32(44100, 1));
  CHECK(device.asked == std::vector<MicStreamFormat>{f32(44100, 1)});
}

TEST_CASE("No supported format gives nothing, and no candidate exceeds the device's channels",
          "[mic_format]") {
  FakeDevice device{{}, {}};
  CHECK_FALSE(choose(device, 16000, 1, 0.0, false));
  for (const auto& asked : device.asked) {
    CHECK(asked.channels == 1);
    CHECK(asked.rate_hz > 0);
  }
}

}  // namespace
}  // namespace dsasr::audio
