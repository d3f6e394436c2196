// FileCapture: the capture thread for `dsasr file`. It reads a Source in blocks (s16 when the
// Source is native_s16(): 1 s from regular files, 100 ms from streams; else 1024 float frames),
// converts them to mono s16 at the model rate, and writes them to the Ring (waiting while the ring
// is full: backpressure, never loss). At the end of input it flushes the converter and closes the
// ring; on an input error it fails the ring with the one-line message. It calls `wake` after new
// audio when the service thread asked for some (every 1 s of audio from regular files, 50 ms from
// streams), and once at the end or on error; app/ makes `wake` call lws_cancel_service(), the only
// lws call allowed off the service thread.
//
// Threads. Construct, start(), join() and the destructor on the owning (main/app) thread; stop()
// from any thread (it only sets flags and signals an eventfd).
// The getters may be called from any thread (atomics). `wake` runs on the capture thread.
//
// Shutdown. stop() interrupts the Source (a read blocked on stdin or a pipe returns; a stream is
// polled together with an eventfd, so no thread stays blocked on stdin) and aborts the ring's
// producer wait; the thread then closes the ring (end of input at whatever was written) and ends.
// The destructor stops and joins.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "audio/capture.h"
#include "audio/converter.h"
#include "audio/ring.h"
#include "audio/source.h"
#include "util/error.h"

namespace dsasr::audio {

class FileCapture : public Capture {
 public:
  // The converter must have been created for source->sample_rate_hz() and source->channels(). The
  // ring must outlive the capture. `wake` may be empty.
  FileCapture(std::unique_ptr<Source> source, Converter converter, Ring& ring,
              std::function<void()> wake);
  ~FileCapture() override;
  FileCapture(const FileCapture&) = delete;
  FileCapture& operator=(const FileCapture&) = delete;

  void start() override;
  // Idempotent; returns at once (join() waits).
  void stop() override;
  void join() override;

  // What the input is, fixed at construction.
  int source_rate_hz() const override { return source_rate_hz_; }
  int source_channels() const override { return source_channels_; }
  const std::string& description() const override { return description_; }
  const std::string& input_name() const override { return input_name_; }
  int model_rate_hz() const override { return model_rate_hz_; }
  std::optional<int64_t> duration_ms() const override { return duration_ms_; }
  // The input is telephone-band audio (<= 8000 Hz) sent to a 16 kHz model: app/ prints a hint to
  // use an 8k model.
  bool telephone_band_input() const { return source_rate_hz_ <= 8000 && model_rate_hz_ == 16000; }

  // Progress, any thread.
  uint64_t frames_decoded() const { return frames_decoded_.load(std::memory_order_relaxed); }
  uint64_t samples_written() const override {
    return samples_written_.load(std::memory_order_relaxed);
  }
  // True once the thread has closed or failed the ring.
  bool finished() const override { return finished_.load(std::memory_order_acquire); }
  // After finished(): the error that failed the ring, if any (also in ring.error_message()).
  const std::optional<util::Error>& error() const override { return error_; }

 private:
  void run();
  util::Status pump();
  template <typename Sample>
  util::Status pump_blocks(size_t block_frames);
  bool deliver(const int16_t* samples, size_t count);

  std::unique_ptr<Source> source_;
  Converter converter_;
  Ring& ring_;
  std::function<void()> wake_;
  const int source_rate_hz_;
  const std::optional<int64_t> duration_ms_;
  const int source_channels_;
  const int model_rate_hz_;
  const std::string description_;
  const std::string input_name_;

  std::atomic<uint64_t> frames_decoded_{0};
  std::atomic<uint64_t> samples_written_{0};
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> finished_{false};
  std::optional<util::Error> error_;  // written by the thread before finished_ (release)
  size_t samples_since_wake_ = 0;     // capture thread only
  size_t wake_every_samples_ = 1;     // capture thread only; set by pump()
  std::thread thread_;
};

}  // namespace dsasr::audio
