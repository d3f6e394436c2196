#include "audio_test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "audio/converter.h"

namespace dsasr::audio::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/dsasr-audio-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  REQUIRE(mkdtemp(buffer.data()) != nullptr);
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool have_tool(const std::string& tool) {
  return run_quietly("command -v " + tool);
}

bool run_quietly(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string reference_wav() {
  return DSASR_TEST_DATA_DIR "/en.wav";
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

util::Result<std::vector<int16_t>> decode_to_model_rate(Source& source, int model_rate_hz) {
  auto converter = Converter::create(source.sample_rate_hz(), source.channels(), model_rate_hz);
  if (!converter) return converter.error();
  std::vector<float> block(4096 * static_cast<size_t>(source.channels()));
  std::vector<int16_t> out;
  for (;;) {
    auto got = source.read(block.data(), 4096);
    if (!got) return got.error();
    if (*got == 0) break;
    if (auto status = converter->convert(block.data(), *got, out); !status) return status.error();
  }
  if (auto status = converter->flush(out); !status) return status.error();
  return out;
}

std::vector<int16_t> decode_file(const std::string& path, int model_rate_hz) {
  auto source = open_source(path, nullptr);
  INFO(path << ": " << (source ? "" : source.error().message));
  REQUIRE(source.ok());
  auto samples = decode_to_model_rate(**source, model_rate_hz);
  INFO((samples ? "" : samples.error().message));
  REQUIRE(samples.ok());
  return std::move(samples.value());
}

namespace {

// Correlation of a[i] with b[i + lag] over the overlap, optionally only over [begin, end) of a.
double correlation_at(const std::vector<int16_t>& a, const std::vector<int16_t>& b, long lag,
                      size_t begin, size_t end) {
  double ab = 0;
  double aa = 0;
  double bb = 0;
  for (size_t i = begin; i < end; ++i) {
    const long j = static_cast<long>(i) + lag;
    if (j < 0 || j >= static_cast<long>(b.size())) continue;
    const double x = a[i];
    const double y = b[static_cast<size_t>(j)];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

}  // namespace

double best_correlation(const std::vector<int16_t>& a, const std::vector<int16_t>& b,
                        int max_lag_samples) {
  // Find the lag on a 1 s window in the middle, then measure over the whole signal.
  const size_t window = std::min<size_t>(a.size(), 16000);
  const size_t begin = a.size() > window ? (a.size() - window) / 2 : 0;
  long best_lag = 0;
  double best = -2.0;
  for (long lag = -max_lag_samples; lag <= max_lag_samples; ++lag) {
    const double c = correlation_at(a, b, lag, begin, begin + window);
    if (c > best) {
      best = c;
      best_lag = lag;
    }
  }
  return correlation_at(a, b, best_lag, 0, a.size());
}

struct PipeFeeder::Impl {
  std::vector<uint8_t> bytes;
  int write_fd = -1;
  std::thread writer;
};

PipeFeeder::PipeFeeder(std::vector<uint8_t> bytes) : impl_(std::make_unique<Impl>()) {
  int fds[2];
  REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
  read_fd_ = fds[0];
  impl_->write_fd = fds[1];
  impl_->bytes = std::move(bytes);
  impl_->writer = std::thread([impl = impl_.get()] {
    // A reader that stops early gives EPIPE; that must not kill the test binary.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    size_t done = 0;
    while (done < impl->bytes.size()) {
      // Small writes, so the reader sees a stream arriving in pieces, as from a real producer.
      const size_t n = std::min<size_t>(4096, impl->bytes.size() - done);
      const ssize_t written = ::write(impl->write_fd, impl->bytes.data() + done, n);
      if (written < 0) {
        if (errno == EINTR) continue;
        break;
      }
      done += static_cast<size_t>(written);
    }
    ::close(impl->write_fd);
  });
}

void PipeFeeder::close_read_end() {
  if (read_fd_ >= 0) ::close(read_fd_);
  read_fd_ = -1;
}

PipeFeeder::~PipeFeeder() {
  close_read_end();
  impl_->writer.join();
}

}  // namespace dsasr::audio::testing
