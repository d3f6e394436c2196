// PulseCapture: records one source of the sound server (PulseAudio or PipeWire-Pulse) with
// libpulse's simple API and writes mono s16 at the model rate into the Ring, like MicCapture does
// for PortAudio devices. It serves `mic --system` (a sink's monitor: what the computer plays),
// `mic -d SOURCE` for a source `dsasr devices` lists under the sound server, and both streams of
// `mic --with-system`.
//
//   server ──► pa_simple_read (worker thread, blocks ~100 ms) ──► Ring, --save/tap, wake
//
// The server converts to s16 mono at the model rate itself, so no Converter is needed. The
// server buffers what arrives while the worker waits for room in the ring; past its own limit
// it drops the oldest audio (libpulse's simple API does not report that).
//
// End of input: --duration reached (exactly round(duration_sec * model rate) samples), stop()
// (the worker stops at its next read, within 100 ms; what it read is still written, without
// waiting for room), or the server going away (the ring is failed with a kInput error).
//
// Threads. open(), start(), join() and the destructor on the owning thread; stop() from any
// thread; getters from any thread. `wake` and the tap run on the worker thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "audio/capture.h"
#include "audio/mic_save.h"
#include "audio/ring.h"
#include "util/result.h"

namespace dsasr::audio {

// Where a capture copies what it sent besides the ring (one channel of a two-channel --save).
// Called on the capture's worker thread.
using SampleTap = std::function<util::Status(const int16_t* samples, size_t n)>;

struct PulseCaptureOptions {
  std::string source;              // the server's source name
  std::string input_name = "mic";  // "mic" or "system": messages, jsonl
  int model_rate_hz = 16000;
  std::optional<double> duration_sec;    // --duration; > 0
  std::optional<std::string> save_path;  // --save FILE (.wav / .flac), mono
  SampleTap tap;                         // or a channel of a shared file; may be empty
};

class PulseCapture final : public Capture {
 public:
  // Loads libpulse and opens the record stream (the server starts buffering at once). kInput
  // when there is no server or the source cannot be recorded; kUsage for bad option values.
  static util::Result<std::unique_ptr<PulseCapture>> open(const PulseCaptureOptions& options,
                                                          Ring& ring, std::function<void()> wake);
  ~PulseCapture() override;
  PulseCapture(const PulseCapture&) = delete;
  PulseCapture& operator=(const PulseCapture&) = delete;

  void start() override;
  void stop() override;
  void join() override;

  bool live() const override { return true; }
  int source_rate_hz() const override { return model_rate_hz_; }
  int source_channels() const override { return 1; }
  int model_rate_hz() const override { return model_rate_hz_; }
  // e.g. "sound server source 'vspk.monitor', 16000 Hz mono s16".
  const std::string& description() const override { return description_; }
  const std::string& input_name() const override { return input_name_; }
  uint64_t samples_written() const override {
    return samples_written_.load(std::memory_order_relaxed);
  }
  bool finished() const override { return finished_.load(std::memory_order_acquire); }
  const std::optional<util::Error>& error() const override { return error_; }

 private:
  PulseCapture(Ring& ring, std::function<void()> wake, int model_rate_hz, std::string input_name);
  void run();
  util::Status pump();
  util::Status deliver(const int16_t* samples, size_t n);

  // Fixed by open().
  Ring& ring_;
  std::function<void()> wake_;
  const int model_rate_hz_;
  const std::string input_name_;
  std::string source_;
  std::string description_;
  void* simple_ = nullptr;  // pa_simple*
  std::optional<uint64_t> max_samples_;
  std::unique_ptr<MicSaveFile> save_;
  SampleTap tap_;

  // Shared.
  std::atomic<bool> stop_requested_{false};
  std::atomic<uint64_t> samples_written_{0};
  std::atomic<bool> finished_{false};
  std::optional<util::Error> error_;  // written before finished_ (release)

  // Worker thread.
  uint64_t written_local_ = 0;
  bool cut_off_ = false;

  // Owning thread.
  bool started_ = false;
  std::thread thread_;
};

}  // namespace dsasr::audio
