#include "audio/segment_source.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <vector>

#include "audio/converter.h"
#include "audio/speech_detector.h"
#include "audio/speech_scan.h"
#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

// Every s16 frame of a mono source, read in blocks of `block`.
std::vector<int16_t> read_all(Source& s, size_t block) {
  std::vector<int16_t> out;
  std::vector<int16_t> buf(block);
  for (;;) {
    auto got = s.read_s16(buf.data(), block);
    REQUIRE(got);
    if (*got == 0) return out;
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*got));
  }
}

std::unique_ptr<Source> open_reference() {
  auto s = open_source(testing::reference_wav(), nullptr);
  REQUIRE(s);
  return std::move(*s);
}

TEST_CASE("segment source: the frames of its range, seeking in a regular file",
          "[segment_source]") {
  auto whole = open_reference();
  const std::vector<int16_t> all = read_all(*whole, 4096);
  REQUIRE(all.size() > 160000);
  auto part = make_segment_source(open_reference(), 48000, 112000);
  CHECK(part->duration_ms() == 4000);
  CHECK(part->sample_rate_hz() == 16000);
  const std::vector<int16_t> got = read_all(*part, 1000);
  REQUIRE(got.size() == 64000);
  CHECK(std::equal(got.begin(), got.end(), all.begin() + 48000));
}

TEST_CASE("segment source: a source that cannot seek is read up to the start", "[segment_source]") {
  testing::TempDir dir;
  // Through a pipe: read as a stream, so seek() refuses.
  const std::vector<uint8_t> bytes = testing::read_bytes(testing::reference_wav());
  testing::PipeFeeder feeder(bytes);
  auto stream = open_stream_source(feeder.read_fd(), "pipe", nullptr);
  REQUIRE(stream);
  REQUIRE_FALSE((*stream)->seek(10));
  auto part = make_segment_source(std::move(*stream), 16000, 20000);
  const std::vector<int16_t> got = read_all(*part, 3000);
  auto whole = open_reference();
  const std::vector<int16_t> all = read_all(*whole, 4096);
  REQUIRE(got.size() == 4000);
  CHECK(std::equal(got.begin(), got.end(), all.begin() + 16000));
}

TEST_CASE("segment source: a range past the end gives what is there", "[segment_source]") {
  auto whole = open_reference();
  const size_t n = read_all(*whole, 4096).size();
  auto tail = make_segment_source(open_reference(), n - 100, n + 5000);
  CHECK(read_all(*tail, 64).size() == 100);
  auto beyond = make_segment_source(open_reference(), n + 10, n + 20);
  CHECK(read_all(*beyond, 64).empty());
}

TEST_CASE("speech scan: en.wav's pauses are silences, its sentences are not", "[speech_scan]") {
  auto source = open_reference();
  auto converter = Converter::create(16000, 1, 16000);
  REQUIRE(converter);
  auto detector = make_webrtc_speech_detector(16000, 1);
  REQUIRE(detector);
  auto scan = scan_speech(*source, *converter, **detector, nullptr);
  REQUIRE(scan);
  CHECK_FALSE(scan->stopped);
  CHECK(scan->length_ms > 19000);
  // The pause after the first sentence (about 4.0 to 5.2 s, speech_detector_test) holds a
  // silence of several hundred ms; the first sentence (1 to 3 s) holds none that long.
  bool pause = false;
  for (const auto& s : scan->silences) {
    CHECK(s.begin_ms < s.end_ms);
    if (s.begin_ms <= 4600 && s.end_ms >= 4600 && s.end_ms - s.begin_ms >= 500) pause = true;
    const bool inside_sentence = s.begin_ms >= 1000 && s.end_ms <= 3000;
    CHECK_FALSE((inside_sentence && s.end_ms - s.begin_ms > 300));
  }
  CHECK(pause);
  std::atomic<bool> stop{true};
  auto again = open_reference();
  auto fresh = Converter::create(16000, 1, 16000);
  REQUIRE(fresh);
  auto stopped = scan_speech(*again, *fresh, **detector, &stop);
  REQUIRE(stopped);
  CHECK(stopped->stopped);
}

}  // namespace
}  // namespace dsasr::audio
