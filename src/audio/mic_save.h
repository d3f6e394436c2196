// MicSaveFile: --save FILE, a copy of exactly the audio dsasr sent (mono s16 at the model rate),
// as WAV or FLAC chosen by the file's extension (case-insensitive .wav / .flac).
//
// Opened before capture starts so that a bad path is reported at once; written by the mic worker
// thread (never by the audio callback); close() finishes the header.
//
// Threads. One thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "util/result.h"

namespace dsasr::audio {

class MicSaveFile {
 public:
  // kUsage for an extension other than .wav/.flac; kInput if the file cannot be created.
  // `channels` > 1 (--with-system's two streams): write() then takes interleaved frames.
  static util::Result<std::unique_ptr<MicSaveFile>> create(const std::string& path,
                                                           int sample_rate_hz, int channels = 1);
  ~MicSaveFile();
  MicSaveFile(const MicSaveFile&) = delete;
  MicSaveFile& operator=(const MicSaveFile&) = delete;

  const std::string& path() const { return path_; }
  util::Status write(const int16_t* samples, size_t n);
  // Finishes the file (idempotent). Reports a failure to complete it.
  util::Status close();

 private:
  MicSaveFile(std::string path, void* sndfile);

  std::string path_;
  void* sndfile_ = nullptr;  // SNDFILE*
};

}  // namespace dsasr::audio
