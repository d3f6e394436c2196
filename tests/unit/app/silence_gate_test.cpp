#include "app/silence_gate.h"

#include <catch2/catch.hpp>
#include <memory>
#include <vector>

namespace dsasr::app {
namespace {

// 1 kHz "audio" (10 samples a 10 ms frame): a frame is speech when its samples are loud.
class LoudDetector final : public audio::SpeechDetector {
 public:
  size_t frame_samples() const override { return 10; }
  bool speech(const int16_t* frame) override { return frame[0] > 1000; }
};

std::unique_ptr<audio::Ring> ring_with(const std::vector<int16_t>& samples, bool close) {
  auto ring = std::make_unique<audio::Ring>(100000);
  ring->detect_speech(std::make_unique<LoudDetector>());
  REQUIRE(ring->write(samples.data(), samples.size()));
  if (close) ring->close();
  return ring;
}

// `speech_ms` of loud audio, `silence_ms` of quiet, `speech_ms` of loud again (1 kHz).
std::vector<int16_t> speech_gap_speech(int speech_ms, int silence_ms) {
  std::vector<int16_t> s;
  s.insert(s.end(), static_cast<size_t>(speech_ms), 5000);
  s.insert(s.end(), static_cast<size_t>(silence_ms), 0);
  s.insert(s.end(), static_cast<size_t>(speech_ms), 5000);
  return s;
}

// Drives the gate as the session does; returns samples sent and skipped.
std::pair<uint64_t, uint64_t> drain(SilenceGate& gate, audio::Ring& ring) {
  uint64_t sent = 0;
  for (int guard = 0; guard < 100000; ++guard) {
    const size_t available = ring.available();
    if (available == 0) break;
    const SilenceGate::Step step = gate.step(std::min<size_t>(available, 100), std::nullopt);
    if (step.kind == SilenceGate::Step::Kind::kWait) break;
    if (step.kind == SilenceGate::Step::Kind::kSend) {
      ring.advance(step.samples);
      sent += step.samples;
      gate.sent(step.samples);
    }
  }
  return {sent, gate.skipped_samples()};
}

TEST_CASE("silence gate: long silences are cut to MS, the rest is sent", "[silence_gate]") {
  auto ring = ring_with(speech_gap_speech(500, 10000), true);
  SilenceGate gate(*ring, 1000, 1500, false);
  REQUIRE(gate.enabled());
  const auto [sent, skipped] = drain(gate, *ring);
  CHECK(sent == 500 + 1500 + 500);  // 1200 ms after the speech, 300 ms before the next
  CHECK(skipped == 10000 - 1500);
  CHECK_FALSE(gate.park_due());  // a file never parks
}

TEST_CASE("silence gate: a live input parks after 6 s of silence skipped in a row",
          "[silence_gate]") {
  // Still recording, the speaker silent for 9 s so far.
  std::vector<int16_t> samples(500, 5000);
  samples.insert(samples.end(), 9000, 0);
  auto ring = ring_with(samples, false);
  SilenceGate gate(*ring, 1000, 1500, true);
  const auto [sent, skipped] = drain(gate, *ring);
  CHECK(sent == 500 + 1200);  // the speech and the head of the silence; its tail is held
  CHECK(skipped == 9000 - 1200 - 300);
  CHECK(gate.park_due());
  gate.reset();  // a resume: nothing skipped in a row any more
  CHECK_FALSE(gate.park_due());
}

TEST_CASE("silence gate: without a speech map everything is sent", "[silence_gate]") {
  audio::Ring ring(1000);
  const std::vector<int16_t> quiet(500, 0);
  REQUIRE(ring.write(quiet.data(), quiet.size()));
  SilenceGate gate(ring, 1000, 1500, true);
  CHECK_FALSE(gate.enabled());
  const SilenceGate::Step step = gate.step(100, std::nullopt);
  CHECK(step.kind == SilenceGate::Step::Kind::kSend);
  CHECK(step.samples == 100);
}

}  // namespace
}  // namespace dsasr::app
