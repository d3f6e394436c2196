// Session: one input's whole journey on the lws service thread — capture thread and ring,
// pacing, the protocol machine on a WebSocket connection, writers — plus reconnect and resume.
//
//   capture thread ─► Ring ─► pump(): pacer says when ─► Machine::audio ─► Client::send
//   Client::on_text ─► Machine::receive ─► events ─► shift to the input's timeline ─► Writer
//
// Resume. The ring keeps the audio after the end of the last final sentence. When a task ends
// without task-finished (dropped connection, close, retryable task-failed), a new connection
// and task start from that point after a jittered exponential backoff; the new task's times are
// shifted by that point, so output stays on the input's timeline and no sentence is lost or
// written twice.
//
// Live inputs. A microphone keeps recording while the service is unreachable; the ring (sized by
// --buffer) holds that audio until a new task takes it. When the ring is nearly full, the oldest
// audio is dropped (Ring::discard_until) rather than letting the capture fall behind, and the
// gap is reported once it is known in full (when the next task starts, or at the end): on stderr
// and as a jsonl "gap" record. Later audio keeps its place on the input's timeline.
//
// Threads: everything here runs on the service thread, except the capture thread inside
// audio::FileCapture (which only writes the ring and calls Client::wake()).
//
// The session is wiring. Its decisions live in pure, unit-tested types:
//   stream::SendPolicy    when a chunk may go out (--speed, auto's window, the 30 s hold-back)
//   stream::RetryPolicy   how often and after what backoff a failed task is retried
//   stream::retention     what the ring keeps for a resume, and a live input's overflow
//   stream::Timeline      where the task's times fall on the input (resumes, skipped audio)
//   app::Transcript       results shifted onto that timeline, numbered, to the writer
//   app::classify_*       what a close, task-failed or task end means (app/failures.h)
//   app::next_chunk       what the ring can give the sender now (app/chunk_feed.h)
//   app::Channel          the current connection; late events of abandoned ones dropped
//   app/session_messages  the words it writes to stderr
// and its I/O goes through net::Transport (a recording fake in tests/unit/app).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "app/channel.h"
#include "app/cost_budget.h"
#include "app/failures.h"
#include "app/input_job.h"
#include "app/one_shot_timer.h"
#include "app/silence_gate.h"
#include "app/transcript.h"
#include "app/usage_meter.h"
#include "audio/capture.h"
#include "audio/ring.h"
#include "cli/config.h"
#include "net/transport.h"
#include "output/writer.h"
#include "protocol/ids.h"
#include "protocol/machine.h"
#include "protocol/models.h"
#include "stream/clock.h"
#include "stream/retention.h"
#include "stream/retry_policy.h"
#include "stream/send_policy.h"
#include "stream/start_limiter.h"
#include "stream/timeline.h"
#include "util/result.h"

namespace dsasr::app {

class Reporter;

// What a batch shares with each of its sessions.
struct SessionContext {
  net::Transport* client = nullptr;  // net::Client, or a fake in tests
  const cli::Config* config = nullptr;
  const protocol::Model* model = nullptr;  // nullptr for a model not in the table
  net::Url url;
  Reporter* reporter = nullptr;
  protocol::IdGenerator* ids = nullptr;
  stream::Clock* clock = nullptr;
  CostBudget* budget = nullptr;  // --max-cost (shared by the run's sessions); nullptr: none
  // The service's request-rate limit, shared by the run's connections; nullptr: none.
  stream::StartLimiter* starts = nullptr;
  // Uniform in [0, 1) for the backoff's jitter; empty: a per-session Mersenne Twister seeded from
  // std::random_device. Tests inject a fixed one.
  std::function<double()> uniform01;
};

// How a session ended.
struct SessionOutcome {
  std::optional<util::Error> error;  // none: success
  std::string service_code;          // the service's error code, when it gave one
  output::Stats stats;
};

class Session final : public InputJob, private net::ConnectionHandler {
 public:
  // `capture` must be ready to start (its source open) and write into `ring`.
  // `done` is called once, on the service thread, when the session has ended.
  Session(const SessionContext& context, std::string input_name, std::unique_ptr<audio::Ring> ring,
          std::unique_ptr<audio::Capture> capture, std::unique_ptr<output::Writer> writer,
          std::function<void()> done);
  ~Session();

  // Starts the capture thread and the first connection.
  void start() override;
  // Sends what the ring and the pacer allow; cheap to call often (after any wake).
  void pump() override;
  // Ctrl+C: stop reading input; send at most one more second of what was already read (all of
  // it for a microphone), then finish the task so its last words still arrive.
  void interrupt() override;

  // Ends the input at once with `error` (an output that failed): the connection is dropped and
  // the capture stopped. Call from a fresh service-thread callback, not from inside a writer.
  void abort(util::Error error) override;

  bool finished() const override { return state_ == State::kDone; }
  // True when interrupt() stopped the input before its end.
  bool interrupted() const override { return stop_pos_.has_value(); }
  // True when --max-cost stopped the input before its end (interrupted() is true too).
  bool budget_stopped() const override { return budget_stopped_; }
  // Progress: audio the service has reported as processed, on the input's timeline, and the
  // input's length when known.
  int64_t progress_ms() const override;
  std::optional<int64_t> duration_ms() const override { return capture_->duration_ms(); }
  const SessionOutcome& outcome() const override { return outcome_; }
  const std::string& input_name() const override { return input_name_; }

 private:
  // kParked: --skip-silence on a live input ended the task in a long silence; the next one
  // starts when speech returns (see pump()).
  enum class State { kIdle, kConnecting, kStreaming, kBackoff, kParked, kDone };

  // The current connection's events (Channel drops those of abandoned ones).
  void on_open() override;
  void on_text(std::string_view message) override;
  void on_sent() override;
  void on_close(const net::CloseInfo& info) override;

  // A new connection and task: now, or when the run's request-rate limit allows it.
  void connect();
  void open_connection();
  void handle(protocol::Output& out);
  void on_final(protocol::Sentence sentence, std::optional<double> billed);
  void on_task_finished(std::optional<double> billed);
  // Abandons the current task; after a backoff a new one resumes from the retained audio.
  // When the retries are used up, fails the input with `fatal` (and the service's code).
  void end_task_and_retry(const std::string& why, std::optional<util::Error> fatal,
                          const std::string& service_code = {});
  void finish_input();
  // While parked: skips silence, starts the next task at speech, completes at the end.
  void pump_parked();
  // --max-cost: true when `n` more samples may go out; otherwise ends the input (finishing the
  // task with what was sent).
  bool within_budget(size_t n);
  // The Qwen finish rule (protocol/realtime.h): while the machine holds session.finish back,
  // wait at most as long as it says, then make it send the finish.
  void arm_finish_wait();
  void finish_wait_over();
  // A model spoken to an endpoint of the other family (by its path) and what to use instead.
  FailureContext failure_context() const;
  // Live inputs only: keeps room in the ring for the capture, dropping the oldest audio when no
  // task can take it (see "Live inputs" above). Called on every wake.
  void guard_live_ring();
  // Writes the pending gap (if any) to stderr and the writer.
  void report_gap();
  void fail(util::Error error, std::string service_code = {});
  void complete();
  void arm_watchdog(std::chrono::milliseconds after, const char* what);
  stream::RingPositions ring_positions() const;

  SessionContext ctx_;
  std::string input_name_;
  std::unique_ptr<audio::Ring> ring_;
  std::unique_ptr<audio::Capture> capture_;
  std::unique_ptr<output::Writer> writer_;
  Transcript transcript_;  // results -> writer_, on the input's timeline
  std::function<void()> done_;
  // The run's request, at the rate this input is sent in (the capture's: 8 kHz for
  // telephone-band audio where the model takes it).
  protocol::Request request_;
  stream::Timeline timeline_{16000};  // at that rate
  size_t chunk_samples_ = 1600;
  std::vector<int16_t> chunk_;  // one chunk copied out of the ring (pump()); sized once

  State state_ = State::kIdle;
  std::optional<uint64_t> stop_pos_;  // after Ctrl+C: audio up to here is still sent
  bool budget_stopped_ = false;       // --max-cost ended the input (stop_pos_ is set)
  SilenceGate gate_;                  // --skip-silence (open without it)
  bool parking_ = false;              // the task is being finished for a long silence
  uint64_t sent_samples_ = 0;         // sent in all tasks, resends included (what is billed)

  // The current task.
  std::unique_ptr<protocol::Machine> machine_;
  Channel channel_;                 // its connection
  stream::SendPolicy send_policy_;  // when chunks go out (pacing, the unconfirmed limit)
  int64_t task_chunks_ = 0;         // chunks sent in this task
  int64_t reported_ms_ = 0;         // the service's progress, task timeline
  bool finish_sent_ = false;
  std::optional<stream::TimePoint> task_first_audio_at_;  // of the first chunk, this task
  bool finish_waiting_ = false;  // the machine holds its end message back (arm_finish_wait())
  OneShotTimer pace_timer_;      // the pacer's next chunk
  OneShotTimer watchdog_timer_;  // start, finish, and the Qwen finish wait
  OneShotTimer backoff_timer_;   // the next task after a failure

  // The whole input.
  stream::RetryPolicy retry_;              // --retries in a row, jittered backoff
  UsageMeter meter_;                       // --stats: billed seconds, first and last package delays
  std::optional<uint64_t> gap_begin_pos_;  // audio dropped from here ...
  uint64_t gap_end_pos_ = 0;               // ... to here, not reported yet
  std::mt19937 jitter_{std::random_device{}()};
  SessionOutcome outcome_;
};

}  // namespace dsasr::app
