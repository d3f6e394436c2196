#include "audio/file_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

using testing::TempDir;

std::unique_ptr<FileCapture> make_capture(const std::string& path, Ring& ring, int model_rate_hz,
                                          std::atomic<int>& wakes) {
  auto source = open_source(path, nullptr);
  REQUIRE(source.ok());
  auto converter =
      Converter::create((*source)->sample_rate_hz(), (*source)->channels(), model_rate_hz);
  REQUIRE(converter.ok());
  return std::make_unique<FileCapture>(std::move(source.value()), std::move(converter.value()),
                                       ring, [&wakes] { ++wakes; });
}

// Consumes everything like the service thread would: copy, advance, release; when it runs
// out of audio it asks to be woken (want_data), unless `ask` is false.
std::vector<int16_t> drain(Ring& ring, bool ask = true) {
  std::vector<int16_t> out;
  std::vector<int16_t> chunk(1600);
  while (!ring.drained()) {
    const size_t n = ring.copy(ring.read_pos(), chunk.data(), chunk.size());
    if (n == 0) {
      if (ask) ring.want_data();
      std::this_thread::yield();
      continue;
    }
    out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    ring.advance(n);
    ring.release(ring.read_pos());
  }
  return out;
}

TEST_CASE("File capture delivers the converted input through a small ring and closes it",
          "[file_capture]") {
  TempDir dir;
  if (!testing::have_tool("sox")) {
    WARN("skipped: sox is not installed");
    return;
  }
  const std::string path = dir.file("stereo.flac");
  REQUIRE(testing::run_quietly("sox " + testing::reference_wav() + " -r 44100 -c 2 " + path));
  // One second of ring for 19 s of audio: the capture thread must wait on the consumer.
  Ring ring(16000);
  std::atomic<int> wakes{0};
  auto capture = make_capture(path, ring, 16000, wakes);
  CHECK(capture->source_rate_hz() == 44100);
  CHECK(capture->source_channels() == 2);
  CHECK(capture->description() == "FLAC 44100 Hz stereo");
  CHECK(capture->input_name() == path);
  CHECK_FALSE(capture->telephone_band_input());
  capture->start();
  const std::vector<int16_t> delivered = drain(ring);
  capture->join();
  CHECK(capture->finished());
  CHECK_FALSE(capture->error());
  CHECK(ring.state() == Ring::State::kClosed);
  // The same audio as decoding the file in one go (the converter does not care about blocks).
  CHECK(delivered == testing::decode_file(path, 16000));
  CHECK(capture->samples_written() == delivered.size());
  CHECK(capture->frames_decoded() == uint64_t{308079} * 44100 / 16000 + 1);
  // Woken at most every 50 ms of audio (800 samples), when the consumer asked, plus once at the
  // end.
  CHECK(wakes >= 1);
  CHECK(wakes <= static_cast<int>(delivered.size() / 800) + 2);
}

TEST_CASE("The consumer is woken only when it asked for data, and at the end", "[file_capture]") {
  const std::string path = testing::reference_wav();  // 16 kHz mono: no conversion
  Ring ring(16000);
  std::atomic<int> wakes{0};
  auto capture = make_capture(path, ring, 16000, wakes);
  capture->start();
  const std::vector<int16_t> delivered = drain(ring, false);
  capture->join();
  CHECK(delivered == testing::decode_file(path, 16000));
  CHECK(wakes == 1);

  // Asked once with nothing written yet: the next write wakes it, once.
  Ring second(16000 * 20);
  std::atomic<int> second_wakes{0};
  second.want_data();
  auto again = make_capture(path, second, 16000, second_wakes);
  again->start();
  again->join();
  CHECK(second_wakes == 2);  // the asked-for wake, then the end
  CHECK_FALSE(second.take_data_wanted());
}

TEST_CASE("An input error mid-stream fails the ring with the message", "[file_capture]") {
  TempDir dir;
  if (!testing::have_tool("sox")) {
    WARN("skipped: sox is not installed");
    return;
  }
  const std::string path = dir.file("corrupt.flac");
  REQUIRE(testing::run_quietly("sox " + testing::reference_wav() + " " + path));
  std::vector<uint8_t> bytes = testing::read_bytes(path);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 4096; ++i) {
    bytes[i] = static_cast<uint8_t>(i * 131u + 7u);
  }
  testing::write_bytes(path, bytes);
  Ring ring(Ring::default_capacity_samples(16000));
  std::atomic<int> wakes{0};
  auto capture = make_capture(path, ring, 16000, wakes);
  capture->start();
  capture->join();
  REQUIRE(capture->finished());
  CHECK(ring.state() == Ring::State::kFailed);
  CHECK(ring.error_message().rfind("cannot decode: ", 0) == 0);
  REQUIRE(capture->error());
  CHECK(capture->error()->kind == util::ErrorKind::kInput);
  CHECK(ring.available() > 0);  // the audio before the damage was delivered
  CHECK(wakes >= 1);
}

TEST_CASE("stop() ends a capture blocked on a full ring and closes it", "[file_capture]") {
  Ring ring(1000);
  std::atomic<int> wakes{0};
  auto capture = make_capture(testing::reference_wav(), ring, 16000, wakes);
  capture->start();
  while (ring.write_pos() < 1000) std::this_thread::yield();
  capture->stop();
  capture->join();
  CHECK(capture->finished());
  CHECK(ring.state() == Ring::State::kClosed);
  CHECK(ring.write_pos() == 1000);
}

TEST_CASE("stop() ends a capture waiting on an idle stdin", "[file_capture]") {
  int fds[2];
  REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
  const std::vector<uint8_t> wav = testing::read_bytes(testing::reference_wav());
  REQUIRE(::write(fds[1], wav.data(), 16044) == 16044);  // header + 0.5 s, then silence
  {
    auto source = open_stream_source(fds[0], "stdin", nullptr);
    REQUIRE(source.ok());
    auto converter = Converter::create(16000, 1, 16000);
    REQUIRE(converter.ok());
    Ring ring(Ring::default_capacity_samples(16000));
    FileCapture capture(std::move(source.value()), std::move(converter.value()), ring, {});
    capture.start();
    // s16 blocks of 100 ms (1600 frames): 5 whole ones arrive, the 6th waits for input that never
    // comes.
    while (ring.write_pos() < 5 * 1600) std::this_thread::yield();
    capture.stop();
    capture.join();
    CHECK(capture.finished());
    CHECK(ring.state() == Ring::State::kClosed);
    CHECK(ring.write_pos() == 8000);  // the partial block read before the stop is kept
  }
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("Telephone-band input for a 16 kHz model is flagged", "[file_capture]") {
  TempDir dir;
  if (!testing::have_tool("sox")) {
    WARN("skipped: sox is not installed");
    return;
  }
  const std::string path = dir.file("phone.wav");
  REQUIRE(testing::run_quietly("sox " + testing::reference_wav() + " -r 8000 -e u-law " + path));
  Ring ring(Ring::default_capacity_samples(16000));
  std::atomic<int> wakes{0};
  CHECK(make_capture(path, ring, 16000, wakes)->telephone_band_input());
  Ring ring_8k(Ring::default_capacity_samples(8000));
  CHECK_FALSE(make_capture(path, ring_8k, 8000, wakes)->telephone_band_input());
}

}  // namespace
}  // namespace dsasr::audio
