#include "emulator/segmenter.h"

#include <catch2/catch.hpp>

#include <cmath>

#include "test_wav.h"

namespace dsasr::emulator {
namespace {

using Kind = SegmentEvent::Kind;

std::vector<uint8_t> tone_ms(int ms, int rate, double amplitude) {
  std::vector<uint8_t> out;
  const int n = rate * ms / 1000;
  for (int i = 0; i < n; ++i) {
    const auto s = static_cast<int16_t>(amplitude * std::sin(i * 0.3));
    out.push_back(static_cast<uint8_t>(s & 0xff));
    out.push_back(static_cast<uint8_t>((s >> 8) & 0xff));
  }
  return out;
}

std::vector<SegmentEvent> ends(const std::vector<SegmentEvent>& evs) {
  std::vector<SegmentEvent> out;
  for (const auto& e : evs) {
    if (e.kind == Kind::kEnd) out.push_back(e);
  }
  return out;
}

std::vector<SegmentEvent> run_file(const std::string& name, int silence_ms, size_t chunk) {
  test::WavFile w = test::read_wav(std::string(DSASR_TEST_DATA_DIR) + "/" + name);
  REQUIRE(w.channels == 1);
  Segmenter seg(w.sample_rate_hz, silence_ms);
  std::vector<SegmentEvent> all;
  for (size_t off = 0; off < w.pcm.size(); off += chunk) {
    auto evs = seg.feed(w.pcm.data() + off, std::min(chunk, w.pcm.size() - off));
    all.insert(all.end(), evs.begin(), evs.end());
  }
  auto evs = seg.flush();
  all.insert(all.end(), evs.begin(), evs.end());
  return all;
}

TEST_CASE("Segmenter finds the four English sentences of en.wav", "[segmenter]") {
  for (int silence : {1300, 700, 800}) {
    auto e = ends(run_file("en.wav", silence, 3200));
    CAPTURE(silence);
    REQUIRE(e.size() == 4);
    CHECK(e[0].begin_ms == 500);
    CHECK(e[0].end_ms == 3520);
    CHECK(e[3].begin_ms == 16950);
    CHECK(e[3].end_ms == 18260);
  }
}

TEST_CASE("Segmenter finds the three Mandarin sentences of zh.wav", "[segmenter]") {
  for (int silence : {1300, 700, 800}) {
    CAPTURE(silence);
    auto e = ends(run_file("zh.wav", silence, 3200));
    REQUIRE(e.size() == 3);
    CHECK(e[1].begin_ms == 8850);
    CHECK(e[1].end_ms == 13500);
  }
}

TEST_CASE("Segmenter results do not depend on how the audio is chunked", "[segmenter]") {
  auto a = run_file("en.wav", 1300, 3200);
  auto b = run_file("en.wav", 1300, 333);  // odd sizes split samples and frames
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].kind == b[i].kind);
    CHECK(a[i].at_ms == b[i].at_ms);
    CHECK(a[i].end_ms == b[i].end_ms);
  }
}

TEST_CASE("Segmenter ends a sentence only after the configured silence", "[segmenter]") {
  Segmenter seg(16000, 500);
  auto evs = seg.feed(tone_ms(400, 16000, 3000).data(), tone_ms(400, 16000, 3000).size());
  REQUIRE(!evs.empty());
  CHECK(evs[0].kind == Kind::kBegin);
  CHECK(evs[0].begin_ms == 0);
  // 400 ms of speech: two interims at 200 and 400 ms.
  REQUIRE(evs.size() == 3);
  CHECK(evs[1].kind == Kind::kInterim);
  CHECK(evs[1].interim_index == 1);
  CHECK(evs[2].at_ms == 400);
  auto quiet = tone_ms(490, 16000, 100);  // RMS well below 300
  CHECK(seg.feed(quiet.data(), quiet.size()).empty());
  CHECK(seg.sentence_open());
  auto more = tone_ms(10, 16000, 100);
  auto end = seg.feed(more.data(), more.size());
  REQUIRE(end.size() == 1);
  CHECK(end[0].kind == Kind::kEnd);
  CHECK(end[0].end_ms == 400);
  CHECK(end[0].at_ms == 900);
  CHECK(seg.flush().empty());
}

TEST_CASE("Segmenter flush closes an open sentence", "[segmenter]") {
  Segmenter seg(8000, 1300);
  auto speech = tone_ms(100, 8000, 5000);
  seg.feed(speech.data(), speech.size());
  auto evs = seg.flush();
  REQUIRE(evs.size() == 1);
  CHECK(evs[0].end_ms == 100);
  CHECK(seg.processed_ms() == 100);
}

}  // namespace
}  // namespace dsasr::emulator
