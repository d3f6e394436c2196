#include "audio/ring.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace dsasr::audio {
namespace {

// The sample expected at absolute position pos in the streams the tests write.
int16_t sample_at(uint64_t pos) {
  return static_cast<int16_t>((pos * 2654435761u) >> 16);
}

std::vector<int16_t> samples_from(uint64_t pos, size_t n) {
  std::vector<int16_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = sample_at(pos + i);
  return out;
}

TEST_CASE("Default capacity is two minutes at the model rate", "[ring]") {
  CHECK(Ring::default_capacity_samples(16000) == 1'920'000);
  CHECK(Ring::default_capacity_samples(8000) == 960'000);
}

TEST_CASE("Samples are addressed by absolute position across wrap-around", "[ring]") {
  Ring ring(10);
  const auto first = samples_from(0, 7);
  REQUIRE(ring.write(first.data(), first.size()));
  CHECK(ring.available() == 7);
  ring.advance(7);
  ring.release(7);
  const auto second = samples_from(7, 8);
  REQUIRE(ring.write(second.data(), second.size()));  // wraps
  CHECK(ring.write_pos() == 15);
  CHECK(ring.available() == 8);
  std::vector<int16_t> out(8);
  REQUIRE(ring.copy(7, out.data(), out.size()) == 8);
  CHECK(out == second);
  // A copy near write_pos is cut short.
  REQUIRE(ring.copy(12, out.data(), out.size()) == 3);
  CHECK(std::vector<int16_t>(out.begin(), out.begin() + 3) == samples_from(12, 3));
  CHECK(ring.copy(15, out.data(), out.size()) == 0);
}

TEST_CASE("Release and rewind keep retain_pos <= read_pos <= write_pos", "[ring]") {
  Ring ring(100);
  const auto data = samples_from(0, 60);
  REQUIRE(ring.write(data.data(), data.size()));
  ring.advance(40);
  CHECK(ring.read_pos() == 40);
  CHECK(ring.retain_pos() == 0);

  ring.release(25);  // a final sentence ended at sample 25
  CHECK(ring.retain_pos() == 25);
  ring.release(10);  // never backwards
  CHECK(ring.retain_pos() == 25);
  ring.release(55);  // never past what was sent
  CHECK(ring.retain_pos() == 40);

  ring.advance(20);
  ring.rewind(40);  // resume: the retained audio is sent again
  CHECK(ring.read_pos() == 40);
  CHECK(ring.available() == 20);
  std::vector<int16_t> out(20);
  REQUIRE(ring.copy(ring.read_pos(), out.data(), out.size()) == 20);
  CHECK(out == samples_from(40, 20));
}

TEST_CASE("Close and fail are final and drained() waits for the last sample", "[ring]") {
  Ring ring(16);
  const auto data = samples_from(0, 5);
  REQUIRE(ring.write(data.data(), data.size()));
  CHECK(ring.state() == Ring::State::kOpen);
  CHECK_FALSE(ring.drained());
  ring.close();
  CHECK(ring.state() == Ring::State::kClosed);
  CHECK_FALSE(ring.drained());
  ring.advance(5);
  CHECK(ring.drained());
  ring.fail("too late");  // after close: ignored
  CHECK(ring.state() == Ring::State::kClosed);

  Ring failed(16);
  REQUIRE(failed.write(data.data(), data.size()));
  failed.fail("in.flac: cannot decode: bad frame");
  CHECK(failed.state() == Ring::State::kFailed);
  CHECK(failed.error_message() == "in.flac: cannot decode: bad frame");
  CHECK(failed.available() == 5);  // audio before the failure is still there
}

TEST_CASE("A full ring blocks the producer until the consumer releases", "[ring]") {
  Ring ring(100);
  const auto data = samples_from(0, 250);
  std::atomic<bool> done{false};
  std::atomic<bool> wrote_all{false};
  // Catch2 assertions are not thread-safe: other threads only record, the test thread checks.
  std::thread producer([&] {
    wrote_all = ring.write(data.data(), data.size());
    done = true;
  });
  // The producer fills the ring and then waits: sending alone frees nothing.
  while (ring.write_pos() < 100) std::this_thread::yield();
  ring.advance(100);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(ring.write_pos() == 100);
  CHECK_FALSE(done);
  // Releasing makes room; the producer goes on until all 250 are in.
  uint64_t pos = 100;
  while (pos < 250) {
    ring.release(ring.read_pos());
    const size_t n = ring.available();
    pos += n;
    ring.advance(n);
    std::this_thread::yield();
  }
  producer.join();
  CHECK(wrote_all);
  CHECK(ring.write_pos() == 250);
}

TEST_CASE("discard_until gives up sent and unsent audio and frees the producer", "[ring]") {
  Ring ring(100);
  const auto data = samples_from(0, 130);
  std::atomic<bool> done{false};
  std::thread producer([&] {
    ring.write(data.data(), data.size());
    done = true;
  });
  while (ring.write_pos() < 100) std::this_thread::yield();
  ring.advance(30);  // 30 sent (retained), 70 unsent, the ring is full
  CHECK_FALSE(done);

  // Discarding into the unsent part moves both positions; only the unsent part is counted.
  CHECK(ring.discard_until(50) == 20);
  CHECK(ring.retain_pos() == 50);
  CHECK(ring.read_pos() == 50);
  producer.join();  // the 30 remaining samples now fit
  CHECK(ring.write_pos() == 130);
  std::vector<int16_t> out(80);
  REQUIRE(ring.copy(ring.read_pos(), out.data(), out.size()) == 80);
  CHECK(out == samples_from(50, 80));

  // Within the sent part nothing unsent is skipped; never backwards, never past write_pos.
  ring.advance(40);
  CHECK(ring.discard_until(60) == 0);
  CHECK(ring.retain_pos() == 60);
  CHECK(ring.read_pos() == 90);
  CHECK(ring.discard_until(10) == 0);
  CHECK(ring.retain_pos() == 60);
  CHECK(ring.discard_until(1000) == 40);
  CHECK(ring.read_pos() == 130);
  CHECK(ring.retain_pos() == 130);
  CHECK(ring.available() == 0);
}

TEST_CASE("Abort releases a producer blocked on a full ring", "[ring]") {
  Ring ring(10);
  const auto data = samples_from(0, 30);
  std::atomic<int> result{-1};
  std::thread producer([&] { result = ring.write(data.data(), data.size()) ? 1 : 0; });
  while (ring.write_pos() < 10) std::this_thread::yield();
  ring.abort();
  producer.join();
  CHECK(result == 0);
  CHECK(ring.write_pos() == 10);
  CHECK_FALSE(ring.write(data.data(), 1));
}

TEST_CASE("SPSC stress: every sample arrives once, in order, through rewinds", "[ring]") {
  constexpr uint64_t kTotal = 2'000'000;
  Ring ring(4093);  // not a power of two, so the modulo arithmetic is exercised
  std::atomic<bool> write_failed{false};
  std::thread producer([&] {
    uint64_t pos = 0;
    uint32_t rng = 1;
    std::vector<int16_t> block;
    while (pos < kTotal) {
      rng = rng * 1103515245u + 12345u;
      const size_t n = std::min<uint64_t>(1 + (rng >> 16) % 3000, kTotal - pos);
      block = samples_from(pos, n);
      if (!ring.write(block.data(), n)) {
        write_failed = true;
        break;
      }
      pos += n;
    }
    ring.close();
  });

  uint64_t delivered_sum = 0;
  uint64_t expected_sum = 0;
  uint64_t next_new = 0;  // first position never delivered before
  uint32_t rng = 7;
  std::vector<int16_t> chunk(1600);
  bool ok = true;
  while (!ring.drained()) {
    const size_t n = ring.copy(ring.read_pos(), chunk.data(), chunk.size());
    if (n == 0) {
      std::this_thread::yield();
      continue;
    }
    const uint64_t from = ring.read_pos();
    for (size_t i = 0; i < n; ++i) {
      if (chunk[i] != sample_at(from + i)) ok = false;
      if (from + i >= next_new) delivered_sum += static_cast<uint16_t>(chunk[i]);
    }
    ring.advance(n);
    next_new = std::max(next_new, ring.read_pos());
    rng = rng * 1103515245u + 12345u;
    switch ((rng >> 16) % 4) {
      case 0:  // a resume: send the retained audio again
        ring.rewind(ring.retain_pos());
        break;
      case 1:  // a final sentence covers half of what was sent
        ring.release(ring.retain_pos() + (ring.read_pos() - ring.retain_pos()) / 2);
        break;
      default:
        ring.release(ring.read_pos());
    }
  }
  producer.join();
  for (uint64_t pos = 0; pos < kTotal; ++pos) expected_sum += static_cast<uint16_t>(sample_at(pos));
  CHECK_FALSE(write_failed);
  CHECK(ok);
  CHECK(next_new == kTotal);
  CHECK(delivered_sum == expected_sum);
  CHECK(ring.state() == Ring::State::kClosed);
}

}  // namespace
}  // namespace dsasr::audio

namespace {
// Speech when a frame's first sample is not zero; counts its calls.
class FirstSampleDetector final : public dsasr::audio::SpeechDetector {
 public:
  explicit FirstSampleDetector(size_t n) : n_(n) {}
  size_t frame_samples() const override { return n_; }
  bool speech(const int16_t* frame) override {
    ++calls;
    return frame[0] != 0;
  }
  int calls = 0;

 private:
  size_t n_;
};
}  // namespace

TEST_CASE("Ring classifies each whole frame as it is written, whatever the block sizes",
          "[ring][speech]") {
  dsasr::audio::Ring ring(100);
  auto detector = std::make_unique<FirstSampleDetector>(10);
  FirstSampleDetector* d = detector.get();
  ring.detect_speech(std::move(detector));
  CHECK(ring.speech_frame_samples() == 10);
  std::vector<int16_t> samples(35, 0);
  samples[10] = 1;  // frame 1 is speech
  samples[30] = 1;  // frame 3 too, but it is not whole yet
  REQUIRE(ring.write(samples.data(), 7));
  REQUIRE(ring.write(samples.data() + 7, 28));
  CHECK(d->calls == 3);
  CHECK(ring.speech(0) == false);
  CHECK(ring.speech(1) == true);
  CHECK(ring.speech(2) == false);
  CHECK_FALSE(ring.speech(3));  // 5 of its 10 samples written
  std::vector<int16_t> rest(5, 0);
  REQUIRE(ring.write(rest.data(), rest.size()));
  CHECK(ring.speech(3) == true);
}

TEST_CASE("Ring without a detector classifies nothing", "[ring][speech]") {
  dsasr::audio::Ring ring(100);
  std::vector<int16_t> samples(50, 1);
  REQUIRE(ring.write(samples.data(), samples.size()));
  CHECK(ring.speech_frame_samples() == 0);
  CHECK_FALSE(ring.speech(0));
}
