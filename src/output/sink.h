// Where writers put their records. A record is one whole unit of output (a text line with its
// translations, a JSON line, a caption cue) and is handed to the sink in one call, so records of
// several inputs sharing one sink (-j N) never interleave. The interface exists so tests can
// capture output in memory (MemorySink) and assert on exact bytes.
//
// Threads: a sink and every writer sharing it are used from one thread (the lws service thread);
// sinks do no locking.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace dsasr::output {

class Sink {
 public:
  virtual ~Sink() = default;

  // Writes the whole record, or nothing more once the sink is closed (a closed sink drops
  // records silently; callers that care check closed()).
  virtual void write(std::string_view record) = 0;

  // True once the reader went away (EPIPE: `dsasr ... | head`) or writing failed; nothing more
  // will be written. app/ stops feeding inputs and ends quietly on EPIPE.
  virtual bool closed() const = 0;
};

// A file descriptor: stdout or a file app/ opened. Does not own or close the descriptor.
// Each record is written with write(2) in a loop (short writes continued, EINTR retried, EAGAIN
// on a non-blocking descriptor waited out with poll), so it reaches the descriptor whole.
// For standard output (`quiet_epipe`), EPIPE closes the sink quietly: the reader went away
// (`dsasr ... | head`). Any other failure (ENOSPC, EIO, EFBIG, or EPIPE on any other output)
// closes the sink with a kOutput error naming the output, and calls `on_failure` once. SIGPIPE
// and SIGXFSZ must be ignored by the process (app/ does so), since they would otherwise kill it
// before write(2) can report EPIPE or EFBIG.
class FdSink final : public Sink {
 public:
  explicit FdSink(int fd, std::string name = "standard output", bool quiet_epipe = true)
      : fd_(fd), name_(std::move(name)), quiet_epipe_(quiet_epipe) {}

  void write(std::string_view record) override;
  bool closed() const override { return closed_; }

  // The error that closed the sink, other than a quiet EPIPE: kind kOutput, "cannot write NAME:
  // <system message>". Empty while the sink is open or after a quiet EPIPE close.
  const std::optional<util::Error>& failure() const { return failure_; }
  // Called once, from write(), when the sink fails; it must not write to this sink.
  void set_on_failure(std::function<void(const util::Error&)> f) { on_failure_ = std::move(f); }
  const std::string& name() const { return name_; }

 private:
  int fd_;
  std::string name_;
  bool quiet_epipe_;
  bool closed_ = false;
  std::optional<util::Error> failure_;
  std::function<void(const util::Error&)> on_failure_;
};

// In memory, for tests: keeps every record (and their concatenation) in order.
class MemorySink final : public Sink {
 public:
  void write(std::string_view record) override;
  bool closed() const override { return closed_; }

  // Simulates the reader going away: later records are dropped.
  void close() { closed_ = true; }

  const std::string& data() const { return data_; }
  const std::vector<std::string>& records() const { return records_; }

 private:
  std::string data_;
  std::vector<std::string> records_;
  bool closed_ = false;
};

}  // namespace dsasr::output
