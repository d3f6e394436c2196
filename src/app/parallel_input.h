// ParallelInput: one regular file transcribed in parts at once (--parallel N|auto).
//
//   plan thread: scan_file (WebRTC's detector) ─► stream::plan_segments ─► parts
//   part k: its own ring, capture (audio::SegmentSource), Session, connection, pacing, resume
//           and retries ─► Stitcher::part_writer(k) ─► the input's writer, in time order
//
// A realtime service processes a stream at its own pace, so one connection takes as long as the
// service needs for the whole recording; parts on their own connections are processed at once,
// and the bill is the same. Cuts go only in the middle of silences longer than the silence that
// ends a sentence, so no sentence is split. The scan runs on a thread of its own (an hour of MP3
// takes seconds to decode); the service thread goes on meanwhile.
//
// Connections: the input holds the slot the batch took for it (the scan, then its first part)
// and takes more from the shared pool for its other parts in start_more(), earliest part first.
// Each part is a Session, so the run's request-rate limit (SessionContext::starts) spaces them.
//
// Outcome: a part that fails after its retries fails the input, naming the part's time range;
// the other parts go on and their results are written (the stitcher leaves an error record
// where the failed part's results would be). The stats are the parts' sums, with each part's
// tasks.
//
// Threads: the service thread, except the plan thread (which only scans and then wakes).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/input_job.h"
#include "app/session.h"
#include "app/stitcher.h"
#include "audio/speech_scan.h"
#include "output/writer.h"
#include "stream/cut_planner.h"

namespace dsasr::app {

// How many parts and how long at least (from the configuration and the input's length).
stream::CutPlan parallel_cut_plan(const cli::Config& config, int64_t length_ms);

class ParallelInput final : public InputJob {
 public:
  // `path` is a regular file; `slots` is the batch's pool (one slot already taken for this
  // input); `wake` makes the service thread call pump() soon (any thread); `done` is called
  // once, on the service thread, when every part has ended.
  ParallelInput(const SessionContext& context, std::string path, std::string display_name,
                std::unique_ptr<output::Writer> writer, ConnectionSlots& slots,
                std::function<void()> wake, std::function<void()> done);
  ~ParallelInput() override;

  void start() override;
  void pump() override;
  void start_more() override;
  void interrupt() override;
  void abort(util::Error error) override;

  bool finished() const override { return state_ == State::kDone; }
  bool interrupted() const override { return interrupted_; }
  bool budget_stopped() const override;
  int64_t progress_ms() const override;
  std::optional<int64_t> duration_ms() const override { return length_ms_; }
  const SessionOutcome& outcome() const override { return outcome_; }
  const std::string& input_name() const override { return name_; }

 private:
  enum class State { kScanning, kRunning, kDone };
  struct Part {
    stream::Segment range;
    std::unique_ptr<Session> session;
    bool started = false;
    bool ended = false;
    SessionOutcome outcome;
  };

  void plan(util::Result<audio::SpeechScan> scan);
  void start_part(size_t k);
  void on_part_done(size_t k);
  void close_unstarted();
  void maybe_complete();
  void complete();
  size_t running() const;

  SessionContext ctx_;
  std::string path_;
  std::string name_;
  std::unique_ptr<output::Writer> writer_;
  ConnectionSlots& slots_;
  int extra_slots_ = 0;  // taken from the pool beyond the batch's one
  std::function<void()> wake_;
  std::function<void()> done_;

  State state_ = State::kScanning;
  std::thread scan_thread_;
  std::atomic<bool> scan_ready_{false};
  std::atomic<bool> stop_scan_{false};
  std::optional<util::Result<audio::SpeechScan>> scan_;  // written by the scan thread

  std::optional<int64_t> length_ms_;
  std::vector<Part> parts_;
  std::unique_ptr<Stitcher> stitcher_;
  size_t next_part_ = 0;
  bool interrupted_ = false;
  bool budget_stopped_ = false;
  std::optional<util::Error> aborted_;
  SessionOutcome outcome_;
};

}  // namespace dsasr::app
