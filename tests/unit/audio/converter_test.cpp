#include "audio/converter.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace dsasr::audio {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Deterministic test signal: two tones and a little pseudo-random noise per channel.
std::vector<float> test_signal(int rate_hz, int channels, size_t frames) {
  std::vector<float> out(frames * static_cast<size_t>(channels));
  uint32_t noise = 12345;
  for (size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / rate_hz;
    for (int c = 0; c < channels; ++c) {
      noise = noise * 1664525u + 1013904223u;
      const double n = (static_cast<double>(noise >> 8) / (1 << 24) - 0.5) * 0.05;
      const double v = 0.4 * std::sin(2 * kPi * 440.0 * t) +
                       0.3 * std::sin(2 * kPi * (1000.0 + 500.0 * c) * t) + n;
      out[i * static_cast<size_t>(channels) + static_cast<size_t>(c)] = static_cast<float>(v);
    }
  }
  return out;
}

// Converts `signal` (float or s16 samples) in blocks of block_frames, then flushes.
template <class Sample>
std::vector<int16_t> convert_in_blocks(int in_rate_hz, int channels, int out_rate_hz,
                                       const std::vector<Sample>& signal, size_t block_frames) {
  auto converter = Converter::create(in_rate_hz, channels, out_rate_hz);
  REQUIRE(converter.ok());
  const size_t frames = signal.size() / static_cast<size_t>(channels);
  std::vector<int16_t> out;
  bool converted = true;
  for (size_t done = 0; done < frames; done += block_frames) {
    const size_t n = std::min(block_frames, frames - done);
    converted =
        converted &&
        converter->convert(signal.data() + done * static_cast<size_t>(channels), n, out).ok();
  }
  REQUIRE(converted);
  REQUIRE(converter->flush(out).ok());
  return out;
}

TEST_CASE("float_to_s16 rounds to nearest and clips", "[converter]") {
  CHECK(float_to_s16(0.0f) == 0);
  CHECK(float_to_s16(1.4f / 32768) == 1);
  CHECK(float_to_s16(1.6f / 32768) == 2);
  CHECK(float_to_s16(-1.6f / 32768) == -2);
  CHECK(float_to_s16(12345.0f / 32768) == 12345);
  CHECK(float_to_s16(1.0f) == 32767);
  CHECK(float_to_s16(-1.0f) == -32768);
  CHECK(float_to_s16(2.5f) == 32767);
  CHECK(float_to_s16(-7.0f) == -32768);
  CHECK(float_to_s16(std::nanf("")) == 0);
  CHECK(float_to_s16(-std::nanf("")) == 0);
  CHECK(float_to_s16(std::numeric_limits<float>::infinity()) == 32767);
  CHECK(float_to_s16(-std::numeric_limits<float>::infinity()) == -32768);
}

TEST_CASE("floats_to_s16 converts blocks exactly as float_to_s16", "[converter]") {
  // Quarter steps over the whole s16 range and beyond (ties: 0.5 -> 0, 1.5 -> 2, -2.5 -> -2), and
  // the special values, in a block whose length is not a multiple of the vector width.
  std::vector<float> in;
  for (int q = -4 * 33000; q <= 4 * 33000; ++q) in.push_back(static_cast<float>(q) / 4 / 32768);
  for (float special : {std::nanf(""), -std::nanf(""), std::numeric_limits<float>::infinity(),
                        -std::numeric_limits<float>::infinity(), 0.5f / 32768, 1.5f / 32768,
                        -2.5f / 32768, 32766.5f / 32768, -0.0f}) {
    in.push_back(special);
  }
  in.push_back(0.25f);
  REQUIRE(in.size() % 8 != 0);
  std::vector<int16_t> out(in.size(), 1234);
  floats_to_s16(in.data(), in.size(), out.data());
  int mismatches = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    if (out[i] != float_to_s16(in[i])) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(out[out.size() - 10] == 0);     // NaN
  CHECK(out[out.size() - 8] == 32767);  // +inf
  CHECK(out[out.size() - 6] == 0);      // 0.5 -> 0
  CHECK(out[out.size() - 5] == 2);      // 1.5 -> 2
  CHECK(out[out.size() - 4] == -2);     // -2.5 -> -2
  CHECK(out[out.size() - 1] == 8192);
}

TEST_CASE("Matching rates pass through without a resampler", "[converter]") {
  auto converter = Converter::create(16000, 1, 16000);
  REQUIRE(converter.ok());
  CHECK_FALSE(converter->resampling());
  const std::vector<float> in = {0.0f, 0.5f, -0.5f, 1.0f, -1.0f, 100.0f / 32768};
  std::vector<int16_t> out;
  REQUIRE(converter->convert(in.data(), in.size(), out).ok());
  REQUIRE(converter->flush(out).ok());
  CHECK(out == std::vector<int16_t>{0, 16384, -16384, 32767, -32768, 100});
}

TEST_CASE("Downmix averages the channels", "[converter]") {
  auto converter = Converter::create(8000, 3, 8000);
  REQUIRE(converter.ok());
  const std::vector<float> in = {0.5f, -0.25f, 0.125f, 1.0f, 1.0f, 1.0f};
  std::vector<int16_t> out;
  REQUIRE(converter->convert(in.data(), 2, out).ok());
  // (0.5 - 0.25 + 0.125) / 3 * 32768 = 4096; a full-scale frame stays full scale.
  CHECK(out == std::vector<int16_t>{4096, 32767});
}

TEST_CASE("Resampling 48 kHz to 16 kHz keeps the length and the tone", "[converter]") {
  const size_t frames = 48000;  // 1 s
  std::vector<float> tone(frames);
  for (size_t i = 0; i < frames; ++i) {
    tone[i] = static_cast<float>(0.5 * std::sin(2 * kPi * 1000.0 * static_cast<double>(i) / 48000));
  }
  const std::vector<int16_t> out = convert_in_blocks(48000, 1, 16000, tone, 4096);
  CHECK(out.size() == 16000);
  // Away from the edges, the output is the same 1 kHz tone at 16 kHz.
  double error = 0;
  for (size_t i = 1000; i < 15000; ++i) {
    const double expected =
        0.5 * 32768 * std::sin(2 * kPi * 1000.0 * static_cast<double>(i) / 16000);
    error = std::max(error, std::abs(out[i] - expected));
  }
  CHECK(error < 40.0);  // about -58 dB below the tone
}

TEST_CASE("Upsampling 8 kHz to 16 kHz doubles the length", "[converter]") {
  const std::vector<float> signal = test_signal(8000, 1, 8000);
  CHECK(convert_in_blocks(8000, 1, 16000, signal, 160).size() == 16000);
}

TEST_CASE("Flush delivers the resampler's delayed tail", "[converter]") {
  const std::vector<float> signal = test_signal(44100, 2, 44100);
  auto converter = Converter::create(44100, 2, 16000);
  REQUIRE(converter.ok());
  CHECK(converter->resampling());
  std::vector<int16_t> out;
  REQUIRE(converter->convert(signal.data(), 44100, out).ok());
  const size_t before_flush = out.size();
  CHECK(before_flush < 16000);
  REQUIRE(converter->flush(out).ok());
  CHECK(out.size() == 16000);
  // A second flush adds nothing.
  REQUIRE(converter->flush(out).ok());
  CHECK(out.size() == 16000);
}

TEST_CASE("Chunking equivalence: output does not depend on the block size", "[converter]") {
  struct Rates {
    int in_hz, channels, out_hz;
  };
  for (const Rates rates : {Rates{44100, 2, 16000}, Rates{48000, 1, 16000}, Rates{8000, 1, 16000},
                            Rates{22050, 1, 8000}, Rates{16000, 2, 16000}}) {
    const std::vector<float> signal =
        test_signal(rates.in_hz, rates.channels, static_cast<size_t>(rates.in_hz) * 3 / 2);
    const std::vector<int16_t> whole =
        convert_in_blocks(rates.in_hz, rates.channels, rates.out_hz, signal, signal.size());
    for (const size_t block : {size_t{1}, size_t{7}, size_t{160}, size_t{4096}}) {
      INFO(rates.in_hz << " Hz x" << rates.channels << " -> " << rates.out_hz << " Hz in blocks of "
                       << block);
      // soxr is bit-exact across chunkings (measured), so this is sample-exact.
      CHECK(convert_in_blocks(rates.in_hz, rates.channels, rates.out_hz, signal, block) == whole);
    }
  }
}

TEST_CASE("Invalid formats are rejected", "[converter]") {
  CHECK_FALSE(Converter::create(0, 1, 16000).ok());
  CHECK_FALSE(Converter::create(16000, 0, 16000).ok());
  CHECK_FALSE(Converter::create(16000, 1, -8000).ok());
}

// Every s16 value once per channel, in a different order per channel.
std::vector<int16_t> all_s16_values(int channels) {
  std::vector<int16_t> out;
  for (int32_t v = -32768; v <= 32767; ++v) {
    for (int c = 0; c < channels; ++c) {
      out.push_back(static_cast<int16_t>(c % 2 == 0 ? v : -1 - v + c * 7919));
    }
  }
  return out;
}

std::vector<float> to_float(const std::vector<int16_t>& s16) {
  std::vector<float> out;
  for (int16_t v : s16) out.push_back(static_cast<float>(v) / 32768.0f);
  return out;
}

TEST_CASE("s16 input converts exactly like the same samples as float", "[converter]") {
  struct Case {
    int in_rate_hz, channels, out_rate_hz;
  };
  for (const Case& c : {Case{16000, 1, 16000}, Case{16000, 2, 16000}, Case{8000, 3, 8000},
                        Case{44100, 2, 16000}, Case{48000, 1, 16000}, Case{8000, 1, 16000}}) {
    INFO(c.in_rate_hz << " Hz, " << c.channels << " channels -> " << c.out_rate_hz << " Hz");
    const std::vector<int16_t> s16 = all_s16_values(c.channels);
    const std::vector<int16_t> via_float =
        convert_in_blocks(c.in_rate_hz, c.channels, c.out_rate_hz, to_float(s16), 1000);
    const std::vector<int16_t> via_s16 =
        convert_in_blocks(c.in_rate_hz, c.channels, c.out_rate_hz, s16, 4410);
    CHECK(via_s16.size() == via_float.size());
    CHECK(via_s16 == via_float);
  }
}

TEST_CASE("Mono s16 at the model rate passes through unchanged", "[converter]") {
  const std::vector<int16_t> s16 = all_s16_values(1);
  CHECK(convert_in_blocks(16000, 1, 16000, s16, 1600) == s16);
}

TEST_CASE("Stereo s16 is averaged, rounding half to even like the float path", "[converter]") {
  auto converter = Converter::create(16000, 2, 16000);
  REQUIRE(converter.ok());
  const std::vector<int16_t> in = {1, 2, 3, 4, -1, -2, 32767, 32767, -32768, -32768, 100, -100};
  std::vector<int16_t> out;
  REQUIRE(converter->convert(in.data(), 6, out).ok());
  CHECK(out == std::vector<int16_t>{2, 4, -2, 32767, -32768, 0});
}

}  // namespace
}  // namespace dsasr::audio
