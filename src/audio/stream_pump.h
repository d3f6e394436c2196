// StreamPump: a thread that copies a StreamReader (peeked bytes first) into a pipe, so libsndfile
// can open the pipe's read end with sf_open_fd and use its own pipe handling (which streams WAV,
// AIFF, Ogg/Vorbis, Ogg/Opus and MP3 but not FLAC). Internal to audio/.
//
// The thread always ends: at end of input, on a read error, when the reader side stops reading
// (EPIPE) and when stop() interrupts it (both the stdin read and the pipe write are polled together
// with the interrupt). The destructor stops and joins it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "audio/stream_reader.h"
#include "util/result.h"

namespace dsasr::audio {

class StreamPump {
 public:
  // Creates the pipe and starts the thread.
  static util::Result<std::unique_ptr<StreamPump>> start(std::unique_ptr<StreamReader> reader);
  ~StreamPump();
  StreamPump(const StreamPump&) = delete;
  StreamPump& operator=(const StreamPump&) = delete;

  // The pipe's read end (owned by the pump, valid until it is destroyed).
  int read_fd() const { return read_fd_; }
  // Any thread: ends the copy; the reader of read_fd() then sees end of file.
  void interrupt() { reader_->interrupt(); }
  bool interrupted() const { return reader_->interrupted(); }
  // A read error from the input, if one ended the copy. The pump records it before closing the
  // pipe, so a reader that has seen end of file on read_fd() also sees the error here.
  std::optional<util::Error> error() const;

 private:
  StreamPump(std::unique_ptr<StreamReader> reader, int read_fd, int write_fd);
  void run();
  bool write_all(const uint8_t* bytes, size_t n);

  std::unique_ptr<StreamReader> reader_;
  int read_fd_;
  int write_fd_;  // closed by the thread when it ends
  mutable std::mutex mutex_;
  std::optional<util::Error> error_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace dsasr::audio
