// Helpers shared by the audio unit tests: temporary directories, running the media tools that
// generate test inputs, decoding a Source to mono s16 at a model rate, and comparing signals.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "audio/source.h"
#include "util/result.h"

namespace dsasr::audio::testing {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// True if `tool` is on PATH.
bool have_tool(const std::string& tool);
// Runs a shell command with its output discarded; true on exit status 0.
bool run_quietly(const std::string& command);

std::string reference_wav();  // DSASR_TEST_DATA_DIR "/en.wav": 16 kHz mono s16 speech
std::vector<uint8_t> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes);

// Decodes a whole Source and converts it to mono s16 at model_rate_hz. Fails on the first error.
util::Result<std::vector<int16_t>> decode_to_model_rate(Source& source, int model_rate_hz);
// Opens path (raw == nullptr) and decodes it as above; REQUIREs success.
std::vector<int16_t> decode_file(const std::string& path, int model_rate_hz);

// Normalised correlation of a and b after the best alignment within +-max_lag_samples
// (codecs add delay). 1.0 means identical up to gain.
double best_correlation(const std::vector<int16_t>& a, const std::vector<int16_t>& b,
                        int max_lag_samples);

// A pipe whose write end is fed with `bytes` by a thread, so a Source can read the read end as it
// would read stdin. The writer ends (or gives up on EPIPE) by itself; the destructor joins it.
class PipeFeeder {
 public:
  explicit PipeFeeder(std::vector<uint8_t> bytes);
  ~PipeFeeder();
  PipeFeeder(const PipeFeeder&) = delete;
  PipeFeeder& operator=(const PipeFeeder&) = delete;
  int read_fd() const { return read_fd_; }
  // Closes the read end early (as a consumer that stops reading would).
  void close_read_end();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int read_fd_ = -1;
};

}  // namespace dsasr::audio::testing
