#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "audio/source.h"
#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

using testing::TempDir;

// en.wav's samples as headerless s16le (sox writes a 44-byte header).
std::vector<uint8_t> reference_raw_bytes() {
  const std::vector<uint8_t> wav = testing::read_bytes(testing::reference_wav());
  return std::vector<uint8_t>(wav.begin() + 44, wav.end());
}

std::vector<float> read_all(Source& source) {
  std::vector<float> out;
  std::vector<float> block(333 * static_cast<size_t>(source.channels()));
  for (;;) {
    auto got = source.read(block.data(), 333);
    REQUIRE(got.ok());
    if (*got == 0) break;
    out.insert(
        out.end(), block.begin(),
        block.begin() + static_cast<std::ptrdiff_t>(*got * static_cast<size_t>(source.channels())));
  }
  return out;
}

TEST_CASE("A raw s16le file decodes like the same samples in a WAV", "[raw_source]") {
  TempDir dir;
  const std::string path = dir.file("speech.s16le");
  testing::write_bytes(path, reference_raw_bytes());
  RawFormat raw{16000, 1};
  auto source = open_source(path, &raw);
  REQUIRE(source.ok());
  CHECK((*source)->description() == "raw s16le 16000 Hz mono");
  CHECK((*source)->sample_rate_hz() == 16000);
  CHECK((*source)->regular_file());
  auto decoded = testing::decode_to_model_rate(**source, 16000);
  REQUIRE(decoded.ok());
  CHECK(*decoded == testing::decode_file(testing::reference_wav(), 16000));
}

TEST_CASE("Raw stereo is interleaved little-endian and a trailing partial frame is dropped",
          "[raw_source]") {
  TempDir dir;
  const std::string path = dir.file("stereo.raw");
  // Frames (L, R): (1, -2), (0x1234, -32768), then three stray bytes.
  testing::write_bytes(path, {0x01, 0x00, 0xFE, 0xFF, 0x34, 0x12, 0x00, 0x80, 0x07, 0x00, 0x09});
  RawFormat raw{44100, 2};
  auto source = open_source(path, &raw);
  REQUIRE(source.ok());
  CHECK((*source)->channels() == 2);
  CHECK((*source)->description() == "raw s16le 44100 Hz stereo");
  const std::vector<float> samples = read_all(**source);
  CHECK(samples == std::vector<float>{1 / 32768.0f, -2 / 32768.0f, 0x1234 / 32768.0f, -1.0f});
}

TEST_CASE("Raw audio streams from a pipe as from stdin", "[raw_source]") {
  const std::vector<uint8_t> bytes = reference_raw_bytes();
  testing::PipeFeeder feeder(bytes);
  RawFormat raw{16000, 1};
  auto source = open_stream_source(feeder.read_fd(), "stdin", &raw);
  REQUIRE(source.ok());
  CHECK((*source)->name() == "stdin");
  CHECK_FALSE((*source)->regular_file());
  auto decoded = testing::decode_to_model_rate(**source, 16000);
  REQUIRE(decoded.ok());
  CHECK(*decoded == testing::decode_file(testing::reference_wav(), 16000));
}

TEST_CASE("An empty raw stream is an input error", "[raw_source]") {
  testing::PipeFeeder feeder({});
  RawFormat raw{16000, 1};
  auto source = open_stream_source(feeder.read_fd(), "stdin", &raw);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().kind == util::ErrorKind::kInput);
  CHECK(source.error().text() == "stdin: empty input");
}

TEST_CASE("A raw format no one could mean is a usage error", "[raw_source]") {
  TempDir dir;
  const std::string path = dir.file("x.raw");
  testing::write_bytes(path, {0, 0, 0, 0});
  RawFormat zero_rate{0, 1};
  auto source = open_source(path, &zero_rate);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().kind == util::ErrorKind::kUsage);
  RawFormat no_channels{16000, 0};
  CHECK_FALSE(open_source(path, &no_channels).ok());
}

}  // namespace
}  // namespace dsasr::audio
