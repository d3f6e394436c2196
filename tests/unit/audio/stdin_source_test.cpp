#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "audio/source.h"
#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

using testing::TempDir;

// Generates `file` in dir with `command` (%IN% = en.wav, %OUT% = the file); empty if the tool is
// missing (with a warning).
std::string make_input(const TempDir& dir, const std::string& tool, const std::string& file,
                       std::string command) {
  if (!testing::have_tool(tool)) {
    WARN("skipped: " << tool << " is not installed");
    return {};
  }
  const std::string path = dir.file(file);
  command.replace(command.find("%IN%"), 4, testing::reference_wav());
  command.replace(command.find("%OUT%"), 5, path);
  REQUIRE(testing::run_quietly(command));
  return path;
}

std::vector<int16_t> decode_through_pipe(const std::string& path) {
  testing::PipeFeeder feeder(testing::read_bytes(path));
  auto source = open_stream_source(feeder.read_fd(), "stdin", nullptr);
  INFO(path << ": " << (source ? (*source)->description() : source.error().message));
  REQUIRE(source.ok());
  CHECK((*source)->name() == "stdin");
  CHECK_FALSE((*source)->regular_file());
  auto decoded = testing::decode_to_model_rate(**source, 16000);
  INFO((decoded ? "" : decoded.error().message));
  REQUIRE(decoded.ok());
  return std::move(decoded.value());
}

util::Error stdin_open_error(std::vector<uint8_t> bytes) {
  testing::PipeFeeder feeder(std::move(bytes));
  auto source = open_stream_source(feeder.read_fd(), "stdin", nullptr);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().kind == util::ErrorKind::kInput);
  return source.error();
}

TEST_CASE("WAV on stdin decodes exactly like the file", "[stdin_source]") {
  TempDir dir;
  const std::string path = make_input(dir, "sox", "stereo.wav", "sox %IN% -r 44100 -c 2 %OUT%");
  if (path.empty()) return;
  CHECK(decode_through_pipe(path) == testing::decode_file(path, 16000));
}

TEST_CASE("A streamed WAV with a bogus data size decodes to the end of the pipe",
          "[stdin_source]") {
  // What a producer that cannot seek back writes (espeak-ng --stdout): RIFF and data sizes of
  // 0x7ffff000 bytes, far more than follow.
  std::vector<uint8_t> wav = testing::read_bytes(testing::reference_wav());
  for (const size_t offset : {size_t{4}, size_t{40}}) {
    wav[offset] = 0x00;
    wav[offset + 1] = 0xF0;
    wav[offset + 2] = 0xFF;
    wav[offset + 3] = 0x7F;
  }
  TempDir dir;
  const std::string path = dir.file("streamed.wav");
  testing::write_bytes(path, wav);
  CHECK(decode_through_pipe(path) == testing::decode_file(testing::reference_wav(), 16000));
}

TEST_CASE("FLAC on stdin decodes exactly like the file", "[stdin_source]") {
  TempDir dir;
  const std::string path = make_input(dir, "sox", "stereo.flac", "sox %IN% -r 44100 -c 2 %OUT%");
  if (path.empty()) return;
  CHECK(decode_through_pipe(path) == testing::decode_file(path, 16000));
}

TEST_CASE("MP3 on stdin decodes like the file", "[stdin_source]") {
  TempDir dir;
  const std::string path = make_input(
      dir, "ffmpeg", "speech.mp3",
      "ffmpeg -loglevel error -y -i %IN% -ar 44100 -ac 2 -codec:a libmp3lame -b:a 128k %OUT%");
  if (path.empty()) return;
  // Through the virtual reader the gapless trim applies exactly as for the file.
  CHECK(decode_through_pipe(path) == testing::decode_file(path, 16000));
}

TEST_CASE("MP3 without an ID3 tag on stdin decodes like the file", "[stdin_source]") {
  TempDir dir;
  // lame writes no ID3 tag unless asked: the stream starts with a frame sync.
  const std::string path = make_input(dir, "lame", "lame.mp3", "lame --quiet -b 64 %IN% %OUT%");
  if (path.empty()) return;
  const std::vector<uint8_t> bytes = testing::read_bytes(path);
  REQUIRE(bytes.size() > 2);
  CHECK(bytes[0] == 0xFF);
  CHECK(decode_through_pipe(path) == testing::decode_file(path, 16000));
}

TEST_CASE("Ogg/Opus on stdin decodes", "[stdin_source]") {
  TempDir dir;
  const std::string path =
      make_input(dir, "ffmpeg", "speech.opus",
                 "ffmpeg -loglevel error -y -i %IN% -ar 48000 -c:a libopus -b:a 32k %OUT%");
  if (path.empty()) return;
  CHECK(decode_through_pipe(path) == testing::decode_file(path, 16000));
}

TEST_CASE("Empty stdin is an input error", "[stdin_source]") {
  CHECK(stdin_open_error({}).text() == "stdin: empty input");
}

TEST_CASE("M4A on stdin is unsupported, with a conversion hint", "[stdin_source]") {
  TempDir dir;
  const std::string path =
      make_input(dir, "ffmpeg", "talk.m4a", "ffmpeg -loglevel error -y -i %IN% -c:a aac %OUT%");
  if (path.empty()) return;
  const util::Error error = stdin_open_error(testing::read_bytes(path));
  CHECK(error.text() == "stdin: M4A/MP4 (AAC) audio is not supported");
  CHECK(error.hint.find("ffmpeg -i - -f wav - | dsasr file -") != std::string::npos);
}

TEST_CASE("Text on stdin is an unrecognised format", "[stdin_source]") {
  const std::string text = "hello, this is not audio at all, just some words in a pipe\n";
  const util::Error error = stdin_open_error(std::vector<uint8_t>(text.begin(), text.end()));
  CHECK(error.text().rfind("stdin: unrecognised or unsupported audio format", 0) == 0);
}

TEST_CASE("Corrupt FLAC on stdin is a decode error, not an early end", "[stdin_source]") {
  TempDir dir;
  const std::string path = make_input(dir, "sox", "speech.flac", "sox %IN% %OUT%");
  if (path.empty()) return;
  std::vector<uint8_t> bytes = testing::read_bytes(path);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 4096; ++i) {
    bytes[i] = static_cast<uint8_t>(i * 131u + 7u);
  }
  testing::PipeFeeder feeder(bytes);
  auto source = open_stream_source(feeder.read_fd(), "stdin", nullptr);
  REQUIRE(source.ok());
  auto decoded = testing::decode_to_model_rate(**source, 16000);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().text().rfind("stdin: cannot decode: ", 0) == 0);
}

TEST_CASE("A read error on the stream is reported, naming the input", "[stdin_source]") {
  TempDir dir;
  // read() on a directory descriptor fails with EISDIR: a stand-in for an I/O error.
  const int fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  auto source = open_stream_source(fd, "stdin", nullptr);
  ::close(fd);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().kind == util::ErrorKind::kInput);
  CHECK(source.error().text().rfind("stdin: cannot read: ", 0) == 0);
}

TEST_CASE("Closing a source early ends its pump thread", "[stdin_source]") {
  // Much more audio than the pipes hold: the pump is blocked writing when the source goes away.
  std::vector<uint8_t> wav = testing::read_bytes(testing::reference_wav());
  std::vector<uint8_t> big = wav;
  for (int i = 0; i < 4; ++i) big.insert(big.end(), wav.begin() + 44, wav.end());
  testing::PipeFeeder feeder(big);
  {
    auto source = open_stream_source(feeder.read_fd(), "stdin", nullptr);
    REQUIRE(source.ok());
    std::vector<float> block(160);
    auto got = (*source)->read(block.data(), 160);
    REQUIRE(got.ok());
    CHECK(*got == 160);
  }  // destroying the source interrupts and joins the pump; the test would hang otherwise
  SUCCEED("the pump thread ended");
}

// A pipe that delivers `head` and then stays open and silent, like an idle producer on stdin.
class IdlePipe {
 public:
  explicit IdlePipe(const std::vector<uint8_t>& head) {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    REQUIRE(::write(write_fd_, head.data(), head.size()) == static_cast<ssize_t>(head.size()));
  }
  ~IdlePipe() {
    ::close(read_fd_);
    ::close(write_fd_);
  }
  int read_fd() const { return read_fd_; }

 private:
  int read_fd_ = -1;
  int write_fd_ = -1;
};

// Reads until the source blocks on the idle pipe, interrupts it from another thread and checks
// that the blocked read returns and reports the end.
void check_interrupt_unblocks(Source& source) {
  std::atomic<bool> finished{false};
  std::atomic<bool> read_failed{false};
  std::thread reader([&] {
    std::vector<float> block(64 * static_cast<size_t>(source.channels()));
    for (;;) {
      auto got = source.read(block.data(), 64);
      if (!got) {
        read_failed = true;
        break;
      }
      if (*got == 0) break;
    }
    finished = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(finished);  // it is waiting for more input
  source.interrupt();
  reader.join();
  CHECK(finished);
  CHECK_FALSE(read_failed);
}

TEST_CASE("interrupt() releases a read blocked on an idle stream", "[stdin_source]") {
  std::vector<uint8_t> wav = testing::read_bytes(testing::reference_wav());
  SECTION("WAV through the pump") {
    IdlePipe pipe(std::vector<uint8_t>(wav.begin(), wav.begin() + 8000));
    auto source = open_stream_source(pipe.read_fd(), "stdin", nullptr);
    REQUIRE(source.ok());
    check_interrupt_unblocks(**source);
  }
  SECTION("FLAC through the virtual reader") {
    TempDir dir;
    const std::string path = make_input(dir, "sox", "speech.flac", "sox %IN% %OUT%");
    if (path.empty()) return;
    const std::vector<uint8_t> flac = testing::read_bytes(path);
    IdlePipe pipe(std::vector<uint8_t>(flac.begin(), flac.begin() + 40000));
    auto source = open_stream_source(pipe.read_fd(), "stdin", nullptr);
    REQUIRE(source.ok());
    check_interrupt_unblocks(**source);
  }
  SECTION("raw s16le") {
    IdlePipe pipe(std::vector<uint8_t>(wav.begin() + 44, wav.begin() + 8000));
    RawFormat raw{16000, 1};
    auto source = open_stream_source(pipe.read_fd(), "stdin", &raw);
    REQUIRE(source.ok());
    check_interrupt_unblocks(**source);
  }
}

TEST_CASE("A FIFO path is read as a stream, FLAC included", "[stdin_source]") {
  TempDir dir;
  const std::string flac = make_input(dir, "sox", "speech.flac", "sox %IN% %OUT%");
  if (flac.empty()) return;
  const std::string fifo = dir.file("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  const std::vector<uint8_t> bytes = testing::read_bytes(flac);
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  });
  auto source = open_source(fifo, nullptr);
  std::vector<int16_t> decoded;
  bool decoded_ok = false;
  if (source.ok()) {
    CHECK((*source)->description() == "FLAC 16000 Hz mono");
    auto samples = testing::decode_to_model_rate(**source, 16000);
    decoded_ok = samples.ok();
    if (samples.ok()) decoded = std::move(samples.value());
  }
  writer.join();
  REQUIRE(source.ok());
  REQUIRE(decoded_ok);
  CHECK(decoded == testing::decode_file(testing::reference_wav(), 16000));
}

}  // namespace
}  // namespace dsasr::audio
