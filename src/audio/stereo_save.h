// StereoSaveFile: --save for `mic --with-system`: one two-channel file, the microphone's stream
// on the left, the system's on the right, each exactly the audio that stream sent, in step.
//
// The two captures write from their own worker threads (their SampleTap, pulse_capture.h); a
// frame is written once both channels have its sample, so the file grows as the shorter stream
// does. close() pads the shorter channel with silence and finishes the file.
//
// Threads. channel_tap()'s functions from one capture thread each; close() once both captures
// have ended (joined).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audio/mic_save.h"
#include "audio/pulse_capture.h"
#include "util/result.h"

namespace dsasr::audio {

class StereoSaveFile {
 public:
  // Errors as MicSaveFile::create.
  static util::Result<std::unique_ptr<StereoSaveFile>> create(const std::string& path,
                                                              int sample_rate_hz);

  // The tap for channel 0 (left) or 1 (right).
  SampleTap channel_tap(int channel);
  // Pads and finishes the file (idempotent).
  util::Status close();

  // Pure: interleaves the frames both pending channels hold, removing them from the fronts.
  static std::vector<int16_t> interleave_ready(std::vector<int16_t>& left,
                                               std::vector<int16_t>& right);

 private:
  explicit StereoSaveFile(std::unique_ptr<MicSaveFile> file) : file_(std::move(file)) {}
  util::Status write(int channel, const int16_t* samples, size_t n);

  std::mutex mutex_;
  std::unique_ptr<MicSaveFile> file_;
  std::vector<int16_t> pending_[2];
  bool closed_ = false;
};

}  // namespace dsasr::audio
