// InputJob: what a batch (transcribe.cpp) sees of one input being transcribed: a Session (one
// connection at a time), or a ParallelInput (--parallel: several parts at once, each a Session).
//
// Connections. The batch's -j limit counts connections (ConnectionSlots). A batch takes one slot
// for each input it starts; a job that wants more at once (ParallelInput) takes them from the
// same pool in start_more() and gives them back as its parts end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "util/result.h"

namespace dsasr::app {

struct SessionOutcome;

struct ConnectionSlots {
  int limit = 1;
  int used = 0;
  bool free() const { return used < limit; }
};

class InputJob {
 public:
  virtual ~InputJob() = default;

  // Starts the capture and the first connection.
  virtual void start() = 0;
  // Sends what may go out now; cheap to call often (after any wake).
  virtual void pump() = 0;
  // Takes free connection slots for more of its work; the batch calls it before starting
  // further inputs, earliest input first.
  virtual void start_more() {}
  // Ctrl+C: finish what was sent and stop.
  virtual void interrupt() = 0;
  // Ends the input at once with `error` (an output failed).
  virtual void abort(util::Error error) = 0;

  virtual bool finished() const = 0;
  virtual bool interrupted() const = 0;
  virtual bool budget_stopped() const = 0;
  // Audio the service has transcribed, and the input's length when known (progress line).
  virtual int64_t progress_ms() const = 0;
  virtual std::optional<int64_t> duration_ms() const = 0;
  virtual const SessionOutcome& outcome() const = 0;
  virtual const std::string& input_name() const = 0;
};

}  // namespace dsasr::app
