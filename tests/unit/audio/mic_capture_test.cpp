// MicCapture through PortAudio and the fake ALSA microphone (tests/alsa/fakemic.conf): the device
// plays a raw file as fast as it can, so these tests check samples and control flow, never timing
// (the stop() test uses a pipe paced at a few times real time instead: PacedPipeMic).
// ALSA_CONFIG_PATH and FAKEMIC_FILE are set before each capture initialises PortAudio; this binary
// holds only microphone tests, so nothing else has initialised PortAudio or alsa-lib before.
#include "audio/mic_capture.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "audio/converter.h"
#include "audio/devices.h"
#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

using testing::TempDir;

// The fake device's data: the reference speech as raw samples, made with sox at test time.
// `sox_format` is e.g. "-r 16000 -c 1 -b 16 -e signed-integer".
std::string make_infile(const TempDir& dir, const std::string& name,
                        const std::string& sox_format) {
  const std::string path = dir.file(name);
  REQUIRE(testing::run_quietly("sox " + testing::reference_wav() + " -t raw " + sox_format + " " +
                               path));
  return path;
}

std::vector<int16_t> s16_samples(const std::string& raw_path) {
  const auto bytes = testing::read_bytes(raw_path);
  std::vector<int16_t> out(bytes.size() / 2);
  std::memcpy(out.data(), bytes.data(), out.size() * 2);
  return out;
}

std::vector<float> f32_samples(const std::string& raw_path) {
  const auto bytes = testing::read_bytes(raw_path);
  std::vector<float> out(bytes.size() / 4);
  std::memcpy(out.data(), bytes.data(), out.size() * 4);
  return out;
}

void use_fake_mic(const std::string& infile) {
  REQUIRE(setenv("ALSA_CONFIG_PATH", DSASR_SOURCE_DIR "/tests/alsa/fakemic.conf", 1) == 0);
  REQUIRE(setenv("FAKEMIC_FILE", infile.c_str(), 1) == 0);
}

std::vector<int16_t> ring_contents(const Ring& ring) {
  std::vector<int16_t> out(static_cast<size_t>(ring.write_pos() - ring.retain_pos()));
  REQUIRE(ring.copy(ring.retain_pos(), out.data(), out.size()) == out.size());
  return out;
}

std::vector<int16_t> head(const std::vector<int16_t>& v, size_t n) {
  REQUIRE(v.size() >= n);
  return std::vector<int16_t>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
}

bool skip_without_sox() {
  if (testing::have_tool("sox")) return false;
  WARN("skipped: sox is not installed");
  return true;
}

TEST_CASE("A capture of s16 mono at the model rate is bit-identical and stops at --duration",
          "[mic_capture][alsa]") {
  if (skip_without_sox()) return;
  TempDir dir;
  const std::string infile = make_infile(dir, "mic.s16le", "-r 16000 -c 1 -b 16 -e signed-integer");
  use_fake_mic(infile);
  Ring ring(Ring::default_capacity_samples(16000));
  std::atomic<int> wakes{0};
  MicOptions options;
  options.duration_sec = 3.0;
  auto capture = MicCapture::open(options, ring, [&wakes] { ++wakes; });
  INFO((capture ? "" : capture.error().message));
  REQUIRE(capture.ok());
  MicCapture& mic = **capture;
  CHECK(mic.device_name() == "default");
  CHECK_FALSE(mic.converting());
  CHECK(mic.source_rate_hz() == 16000);
  CHECK(mic.source_channels() == 1);
  CHECK(mic.model_rate_hz() == 16000);
  CHECK(mic.input_name() == "mic");
  CHECK(mic.description() == "ALSA device [0] 'default', 16000 Hz mono s16");
  mic.start();
  mic.join();  // the duration ends it by itself
  CHECK(mic.finished());
  CHECK_FALSE(mic.error());
  CHECK(mic.duration_reached());
  CHECK(mic.overrun_frames() == 0);
  CHECK(ring.state() == Ring::State::kClosed);
  CHECK(ring.write_pos() == 48000);
  CHECK(mic.samples_written() == 48000);
  CHECK(ring_contents(ring) == head(s16_samples(infile), 48000));
  // After new audio, at most every 50 ms of it, and once at the end.
  CHECK(wakes.load() >= 2);
  CHECK(wakes.load() <= 48000 / 800 + 1);
}

TEST_CASE("An 8 kHz model opens the device at 8 kHz", "[mic_capture][alsa]") {
  if (skip_without_sox()) return;
  TempDir dir;
  const std::string infile =
      make_infile(dir, "mic8k.s16le", "-r 8000 -c 1 -b 16 -e signed-integer");
  use_fake_mic(infile);
  Ring ring(Ring::default_capacity_samples(8000));
  MicOptions options;
  options.model_rate_hz = 8000;
  options.duration_sec = 2.5;
  auto capture = MicCapture::open(options, ring, {});
  REQUIRE(capture.ok());
  CHECK((*capture)->source_rate_hz() == 8000);
  (*capture)->start();
  (*capture)->join();
  CHECK(ring.state() == Ring::State::kClosed);
  CHECK(ring_contents(ring) == head(s16_samples(infile), 20000));
}

TEST_CASE("A float device at another rate is converted on the worker thread",
          "[mic_capture][alsa]") {
  if (skip_without_sox()) return;
  TempDir dir;
  use_fake_mic("/dev/zero");
  // The fake device's default rate decides what the float path opens.
  const auto devices = list_input_devices();
  REQUIRE(devices.ok());
  REQUIRE(devices->size() == 1);
  const int device_rate_hz = static_cast<int>(devices->front().default_sample_rate_hz);
  REQUIRE(device_rate_hz != 16000);
  const std::string infile = make_infile(
      dir, "mic.f32le", "-r " + std::to_string(device_rate_hz) + " -c 1 -b 32 -e floating-point");
  use_fake_mic(infile);

  Ring ring(Ring::default_capacity_samples(16000));
  MicOptions options;
  options.duration_sec = 2.0;
  options.prefer_float = true;
  auto capture = MicCapture::open(options, ring, {});
  INFO((capture ? "" : capture.error().message));
  REQUIRE(capture.ok());
  MicCapture& mic = **capture;
  CHECK(mic.converting());
  CHECK(mic.source_rate_hz() == device_rate_hz);
  CHECK(mic.description().find("float, converted to 16000 Hz mono s16") != std::string::npos);
  mic.start();
  mic.join();
  CHECK_FALSE(mic.error());
  CHECK(mic.overrun_frames() == 0);
  CHECK(ring.write_pos() == 32000);

  // The same conversion done here in one go: the converter's output does not depend on blocking.
  auto converter = Converter::create(device_rate_hz, 1, 16000);
  REQUIRE(converter.ok());
  const std::vector<float> input = f32_samples(infile);
  std::vector<int16_t> expected;
  REQUIRE(converter->convert(input.data(), input.size(), expected).ok());
  CHECK(ring_contents(ring) == head(expected, 32000));
}

// A fake microphone that delivers `samples` at `speed` times real time, then silence, through a
// pipe read by the ALSA file plugin (tests/alsa/fakemic-fd.conf): the plugin's blocking reads
// pace PortAudio's callbacks, unlike fakemic.conf's file, which a null device drains as fast as
// the CPU allows. Writes are whole ALSA periods (1600 frames: dsasr asks for one callback per
// 100 ms), at most PIPE_BUF bytes each, so no read of the plugin ever comes up short (see
// tests/e2e/mic/miclib.py, PacedMic).
class PacedPipeMic {
 public:
  PacedPipeMic(std::vector<int16_t> samples, double speed) : samples_(std::move(samples)) {
    REQUIRE(pipe(fds_) == 0);
    REQUIRE(fcntl(fds_[1], F_SETFL, O_NONBLOCK) == 0);
    REQUIRE(setenv("ALSA_CONFIG_PATH", DSASR_SOURCE_DIR "/tests/alsa/fakemic-fd.conf", 1) == 0);
    REQUIRE(setenv("FAKEMIC_FD", std::to_string(fds_[0]).c_str(), 1) == 0);
    samples_.resize((samples_.size() + kWriteFrames - 1) / kWriteFrames * kWriteFrames, 0);
    writer_ = std::thread([this, speed] { write_all(speed); });
  }
  ~PacedPipeMic() {
    stopping_ = true;
    writer_.join();
    close(fds_[0]);
  }
  PacedPipeMic(const PacedPipeMic&) = delete;
  PacedPipeMic& operator=(const PacedPipeMic&) = delete;

 private:
  static constexpr size_t kPeriodFrames = 1600;
  static constexpr size_t kWriteFrames = kPeriodFrames * (PIPE_BUF / (kPeriodFrames * 2));

  void write_all(double speed) {
    const auto interval =
        std::chrono::duration<double>(static_cast<double>(kWriteFrames) / 16000.0 / speed);
    const std::vector<int16_t> silence(kWriteFrames, 0);
    auto next = std::chrono::steady_clock::now();
    for (size_t offset = 0; !stopping_; offset += kWriteFrames) {
      const int16_t* chunk = offset < samples_.size() ? samples_.data() + offset : silence.data();
      // The write end is non-blocking, so the writer notices stopping_ even when nobody reads
      // any more; a pipe write of at most PIPE_BUF bytes is all or nothing.
      while (!stopping_ && write(fds_[1], chunk, kWriteFrames * 2) < 0) {
        if (errno != EAGAIN) return close_writer();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval);
      std::this_thread::sleep_until(next);
    }
    close_writer();
  }
  void close_writer() { close(fds_[1]); }

  std::vector<int16_t> samples_;
  int fds_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::thread writer_;
};

TEST_CASE("stop() from another thread ends an open-ended capture and closes the ring",
          "[mic_capture][alsa]") {
  if (skip_without_sox()) return;
  TempDir dir;
  const std::string infile = make_infile(dir, "mic.s16le", "-r 16000 -c 1 -b 16 -e signed-integer");
  const std::vector<int16_t> expected = s16_samples(infile);
  // 8x real time, or 2x under ThreadSanitizer, whose instrumented worker cannot drain the FIFO
  // that fast (the loss would be counted below, and the test is about stop(), not speed).
#if defined(__SANITIZE_THREAD__)
  PacedPipeMic fake(expected, 2.0);
#else
  PacedPipeMic fake(expected, 8.0);
#endif
  Ring ring(16000 * 5);  // small: the consumer below has to keep up, as the service thread does
  auto capture = MicCapture::open(MicOptions{}, ring, {});
  REQUIRE(capture.ok());
  MicCapture& mic = **capture;

  std::vector<int16_t> received;
  std::atomic<bool> consumer_done{false};
  std::thread consumer([&] {
    std::vector<int16_t> chunk(1600);
    while (!ring.drained()) {
      const size_t n = ring.copy(ring.read_pos(), chunk.data(), chunk.size());
      if (n == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      received.insert(received.end(), chunk.begin(),
                      chunk.begin() + static_cast<std::ptrdiff_t>(n));
      ring.advance(n);
      ring.release(ring.read_pos());
    }
    consumer_done = true;
  });

  mic.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (mic.samples_written() < 32000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(mic.samples_written() >= 32000);
  std::thread stopper([&mic] { mic.stop(); });
  stopper.join();
  mic.join();
  consumer.join();
  CHECK(consumer_done);
  CHECK(mic.finished());
  CHECK_FALSE(mic.error());
  CHECK_FALSE(mic.duration_reached());
  CHECK(ring.state() == Ring::State::kClosed);
  CHECK(received.size() == mic.samples_written());
  // Everything the device delivered before the stop arrived, in order, exactly. Only a machine
  // too loaded to keep up with 8x real time could lose audio here, and that loss is counted.
  INFO(mic.overrun_frames() << " frames lost in the FIFO, " << mic.device_overflows()
                            << " device overflows");
  REQUIRE(mic.overrun_frames() == 0);
  REQUIRE(received.size() <= expected.size());
  CHECK(received == head(expected, received.size()));
}

TEST_CASE("stop() before start() closes the ring at once", "[mic_capture][alsa]") {
  use_fake_mic("/dev/zero");
  Ring ring(16000);
  auto capture = MicCapture::open(MicOptions{}, ring, {});
  REQUIRE(capture.ok());
  (*capture)->stop();
  (*capture)->start();
  (*capture)->join();
  CHECK((*capture)->finished());
  CHECK(ring.state() == Ring::State::kClosed);
  CHECK(ring.write_pos() == 0);
}

TEST_CASE("The save file holds exactly what was sent, as WAV or FLAC", "[mic_capture][alsa]") {
  if (skip_without_sox()) return;
  TempDir dir;
  const std::string infile = make_infile(dir, "mic.s16le", "-r 16000 -c 1 -b 16 -e signed-integer");
  for (const std::string name : {"saved.wav", "SAVED.FLAC"}) {
    use_fake_mic(infile);
    Ring ring(Ring::default_capacity_samples(16000));
    MicOptions options;
    options.duration_sec = 1.5;
    options.save_path = dir.file(name);
    auto capture = MicCapture::open(options, ring, {});
    INFO(name << ": " << (capture ? "" : capture.error().message));
    REQUIRE(capture.ok());
    (*capture)->start();
    (*capture)->join();
    REQUIRE_FALSE((*capture)->error());
    const auto sent = ring_contents(ring);
    CHECK(sent.size() == 24000);
    CHECK(testing::decode_file(dir.file(name), 16000) == sent);
  }
}

TEST_CASE("Bad --save and --duration values are usage errors", "[mic_capture][alsa]") {
  use_fake_mic("/dev/zero");
  TempDir dir;
  Ring ring(16000);
  MicOptions options;
  options.save_path = dir.file("out.mp3");
  auto mp3 = MicCapture::open(options, ring, {});
  REQUIRE_FALSE(mp3);
  CHECK(mp3.error().kind == util::ErrorKind::kUsage);
  CHECK(mp3.error().message.find("'.mp3'") != std::string::npos);

  options.save_path = dir.file("missing-dir/out.wav");
  auto unwritable = MicCapture::open(options, ring, {});
  REQUIRE_FALSE(unwritable);
  CHECK(unwritable.error().kind == util::ErrorKind::kInput);

  options.save_path.reset();
  options.duration_sec = 0.0;
  auto zero = MicCapture::open(options, ring, {});
  REQUIRE_FALSE(zero);
  CHECK(zero.error().kind == util::ErrorKind::kUsage);
}

TEST_CASE("A device chosen by name is the one captured from", "[mic_capture][alsa]") {
  if (skip_without_sox()) return;
  TempDir dir;
  const std::string speech = make_infile(dir, "mic.s16le", "-r 16000 -c 1 -b 16 -e signed-integer");
  REQUIRE(setenv("ALSA_CONFIG_PATH", DSASR_SOURCE_DIR "/tests/alsa/fakemic-multi.conf", 1) == 0);
  REQUIRE(setenv("FAKEMIC_FILE", "/dev/zero", 1) == 0);
  REQUIRE(setenv("FAKEMIC_FILE2", speech.c_str(), 1) == 0);
  Ring ring(Ring::default_capacity_samples(16000));
  MicOptions options;
  options.device = "RAW";
  options.duration_sec = 1.0;
  auto capture = MicCapture::open(options, ring, {});
  INFO((capture ? "" : capture.error().message));
  REQUIRE(capture.ok());
  CHECK((*capture)->device_name() == "fakemic_raw");
  (*capture)->start();
  (*capture)->join();
  CHECK(ring_contents(ring) == head(s16_samples(speech), 16000));

  options.device = "nonexistent";
  auto missing = MicCapture::open(options, ring, {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == util::ErrorKind::kInput);
}

}  // namespace
}  // namespace dsasr::audio
