// When may audio chunk n be sent? The pacing decision of design.md §2.1 (--speed), pure: the
// caller passes the time and the service's reported progress, the pacer answers. Single-threaded
// (the session's thread); it holds no clock itself.
//
// Chunks are numbered on the input's timeline (chunk n covers [n·chunk, (n+1)·chunk)). The
// schedule is absolute from t0, so lateness never accumulates: chunk n is due at
//   realtime / factor:  t0 + (n - first)·chunk / speed       (realtime: speed 1)
//   max:                at once
//   auto:               at once while (n - first)·chunk <= service_reported_ms + window,
//                       otherwise at the realtime due time (auto is never slower than real
//                       time) or earlier if the service reports progress first.
// `first` is the chunk the current task started from (0, or the resume position after a
// reconnect); service_reported_ms is on the current task's timeline (Progress events as the
// machine emits them, before the session shifts them), and the largest value seen should be
// passed.
#pragma once

#include <chrono>
#include <cstdint>

#include "stream/clock.h"

namespace dsasr::stream {

enum class PaceMode { kAuto, kRealtime, kFactor, kMax };

struct PacerConfig {
  PaceMode mode = PaceMode::kAuto;
  double speed = 1.0;  // kFactor: multiple of real time, > 0 and finite (otherwise 1.0 is used)
  std::chrono::milliseconds chunk{100};     // audio per chunk, > 0 (otherwise 100 ms)
  std::chrono::milliseconds window{10000};  // kAuto: audio allowed ahead of the service, >= 0
};

struct PaceDecision {
  enum class Kind {
    kNow,      // send chunk n now
    kWait,     // wait until `at`, then ask again
    kBlocked,  // auto: the window is full; ask again when the service reports progress, or at
               // `at` (the realtime due time) at the latest
  };
  Kind kind = Kind::kNow;
  TimePoint at{};  // kWait/kBlocked: the time to ask again; kNow: informational (<= now)
};

class Pacer {
 public:
  // A pacer for a task whose first chunk is `first_chunk`, starting at `t0`.
  Pacer(PacerConfig config, TimePoint t0, int64_t first_chunk = 0);

  // Restarts the schedule for a new task (resume after a reconnect): chunk `first_chunk` is
  // due at `t0`, later ones follow from there.
  void reset(TimePoint t0, int64_t first_chunk);

  // The decision for chunk `chunk_index` (>= first_chunk) at `now`.
  PaceDecision decide(int64_t chunk_index, int64_t service_reported_ms, TimePoint now) const;

  // The realtime/factor schedule: t0 + (chunk_index - first)·chunk / speed. For kAuto and
  // kMax, the real-time (speed 1) schedule.
  TimePoint scheduled(int64_t chunk_index) const;

  const PacerConfig& config() const { return config_; }
  TimePoint t0() const { return t0_; }
  int64_t first_chunk() const { return first_chunk_; }

 private:
  PacerConfig config_;
  TimePoint t0_;
  int64_t first_chunk_ = 0;
};

}  // namespace dsasr::stream
