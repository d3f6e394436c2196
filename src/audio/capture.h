// Capture: what app/ sees of a capture thread, whatever the input — a file or stdin
// (FileCapture) or a microphone (MicCapture). A capture writes mono s16 at the model rate into a
// Ring it does not own, closes the ring at the end of input (or fails it with a one-line message),
// and calls a `wake` function after new audio so the service thread can send it.
//
// Threads. start(), stop(), join() and the destructor on the owning (main/app) thread; stop() may
// also be called from any thread. The getters may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "util/error.h"

namespace dsasr::audio {

class Capture {
 public:
  virtual ~Capture() = default;

  // Starts capturing. A failure to start is reported like any input failure: the ring is failed,
  // error() is set and finished() becomes true.
  virtual void start() = 0;
  // Idempotent; returns at once (join() waits). The capture stops reading its input, writes what
  // it already has without waiting for room in the ring (see Ring::abort()), and closes the ring.
  virtual void stop() = 0;
  virtual void join() = 0;

  // What the input is, fixed once the capture exists.
  virtual int source_rate_hz() const = 0;
  virtual int source_channels() const = 0;
  virtual int model_rate_hz() const = 0;
  // Human description for -v and --stats.
  virtual const std::string& description() const = 0;
  // The input's name in messages and in jsonl "input": a path, "-"/"stdin", or "mic".
  virtual const std::string& input_name() const = 0;

  // The input's length, when known (a regular file whose header states it): for progress.
  virtual std::optional<int64_t> duration_ms() const { return std::nullopt; }
  // Progress: samples written to the ring (model rate).
  virtual uint64_t samples_written() const = 0;
  // True once the capture has closed or failed the ring.
  virtual bool finished() const = 0;
  // After finished(): the error that failed the ring, if any.
  virtual const std::optional<util::Error>& error() const = 0;

  // A live input (a microphone) cannot wait for room in the ring: its audio keeps coming, so the
  // consumer must drop the oldest audio rather than let the capture fall behind (Ring::
  // discard_until). A file or stdin simply waits (backpressure).
  virtual bool live() const { return false; }

  // Audio lost before it reached the ring, in milliseconds (a microphone whose consumer fell
  // behind; replaced by silence), and how many times the device itself reported an overflow.
  // Files never lose audio: both stay 0. Any thread.
  virtual uint64_t lost_ms() const { return 0; }
  virtual uint64_t device_overflows() const { return 0; }
};

}  // namespace dsasr::audio
