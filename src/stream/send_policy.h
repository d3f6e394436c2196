// SendPolicy: whether the next audio chunk of a task goes out now or when to ask again. It joins
// the Pacer (--speed: when chunk n is due) with the unconfirmed-audio limit that resume needs:
//
//   - A file never runs more than `max_unconfirmed` (30 s) of audio ahead of the progress the
//     service has reported (everything unconfirmed must still be in the ring for a reconnect).
//     Once held back there, it goes on at real time (one chunk per chunk duration: the service
//     fails a task that gets no data for 23 s, and a silence reports nothing) until the
//     service's progress brings the lead `unconfirmed_resume` (5 s) below the limit, and then
//     catches up in one burst instead of a chunk after every progress report.
//   - Held back by auto's window (Pacer kBlocked), audio also flows at real time.
//   - A live input (a microphone) is never held back: it runs at real time by itself, and the
//     backlog an outage left in its ring goes as fast as the connection takes it.
//
// Pure: the caller passes the time and the service's progress; no clock, no I/O.
// Single-threaded (the session's thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "stream/clock.h"
#include "stream/pacer.h"

namespace dsasr::stream {

struct SendPolicyConfig {
  PacerConfig pacing;
  bool live = false;
  std::chrono::milliseconds max_unconfirmed{30000};
  std::chrono::milliseconds unconfirmed_resume{5000};
};

struct SendDecision {
  enum class Kind { kNow, kWaitUntil };
  Kind kind = Kind::kNow;
  TimePoint at{};  // kWaitUntil: when to ask again (sooner if the service reports progress)
};

class SendPolicy {
 public:
  SendPolicy(SendPolicyConfig config, TimePoint t0);

  // A task has started at `t0`: its chunks count from 0, nothing was sent yet, nothing held.
  void start_task(TimePoint t0);
  // The decision for the task's chunk `task_chunks` (the number sent so far), given the largest
  // progress the service reported on the task's timeline.
  SendDecision decide(int64_t task_chunks, int64_t reported_ms, TimePoint now);
  // The chunk decided kNow was sent at `now`.
  void sent(TimePoint now) { last_send_at_ = now; }

  bool holding_back() const { return holding_back_; }
  const SendPolicyConfig& config() const { return config_; }

 private:
  SendPolicyConfig config_;
  Pacer pacer_;
  bool holding_back_ = false;
  std::optional<TimePoint> last_send_at_;
};

}  // namespace dsasr::stream
