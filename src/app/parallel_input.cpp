#include "app/parallel_input.h"

#include <algorithm>
#include <utility>

#include "app/exit_status.h"
#include "app/file_input.h"
#include "app/reporter.h"
#include "app/session_messages.h"
#include "audio/ring.h"

namespace dsasr::app {

namespace {

// --parallel auto: one part per minute of audio (at most the configured number); a part of a
// file cut by hand is at least 10 s long, an automatic one at least 30 s.
constexpr int64_t kAutoPartMs = 60000;
constexpr int64_t kMinPartMs = 10000;
constexpr int64_t kMinAutoPartMs = 30000;
// A part's ring holds the whole part and this much more, up to the usual ring's size.
constexpr int64_t kRingMarginMs = 2000;

}  // namespace

stream::CutPlan parallel_cut_plan(const cli::Config& config, int64_t length_ms) {
  stream::CutPlan plan;
  plan.length_ms = length_ms;
  plan.min_silence_ms = config.parallel.cut_silence_ms;
  plan.segments = std::max(1, config.parallel.segments);
  plan.min_segment_ms = kMinPartMs;
  if (config.parallel.automatic) {
    const auto by_length = static_cast<int>(std::max<int64_t>(1, length_ms / kAutoPartMs));
    plan.segments = std::min(plan.segments, by_length);
    plan.min_segment_ms = kMinAutoPartMs;
  }
  return plan;
}

ParallelInput::ParallelInput(const SessionContext& context, std::string path,
                             std::string display_name, std::unique_ptr<output::Writer> writer,
                             ConnectionSlots& slots, std::function<void()> wake,
                             std::function<void()> done)
    : ctx_(context),
      path_(std::move(path)),
      name_(std::move(display_name)),
      writer_(std::move(writer)),
      slots_(slots),
      wake_(std::move(wake)),
      done_(std::move(done)) {}

ParallelInput::~ParallelInput() {
  stop_scan_.store(true);
  if (scan_thread_.joinable()) scan_thread_.join();
  for (Part& part : parts_) part.session.reset();  // before the stitcher they write to
  slots_.used -= extra_slots_;
}

void ParallelInput::start() {
  ctx_.reporter->info(1, name_ + ": looking for silences to cut at (--parallel)");
  scan_thread_ = std::thread([this] {
    scan_ = scan_file(*ctx_.config, ctx_.model, path_, &stop_scan_);
    scan_ready_.store(true, std::memory_order_release);
    if (wake_) wake_();
  });
}

void ParallelInput::pump() {
  if (state_ == State::kScanning) {
    if (!scan_ready_.load(std::memory_order_acquire)) return;
    scan_thread_.join();
    util::Result<audio::SpeechScan> scan = std::move(*scan_);
    scan_.reset();
    plan(std::move(scan));
    return;
  }
  for (Part& part : parts_) {
    if (part.session && !part.session->finished()) part.session->pump();
  }
}

void ParallelInput::plan(util::Result<audio::SpeechScan> scan) {
  if (scan && scan->error) {
    ctx_.reporter->info(1, name_ + ": read up to " + format_clock(scan->length_ms) +
                               " only; the last part will meet the error");
  }
  // Ctrl+C or an output failure during the scan (whether or not it stopped the scan) ends the
  // input before any part starts.
  if (!scan || scan->stopped || interrupted_ || aborted_) {
    if (!scan) outcome_.error = scan.error();
    if (scan && scan->stopped && !aborted_) interrupted_ = true;
    complete();
    return;
  }
  length_ms_ = scan->length_ms;
  std::vector<stream::SilenceSpan> silences;
  silences.reserve(scan->silences.size());
  for (const auto& s : scan->silences) silences.push_back({s.begin_ms, s.end_ms});
  const std::vector<stream::Segment> segments =
      stream::plan_segments(parallel_cut_plan(*ctx_.config, scan->length_ms), silences);
  std::vector<int64_t> cuts;
  for (size_t k = 1; k < segments.size(); ++k) cuts.push_back(segments[k].begin_ms);
  ctx_.reporter->info(1, name_ + ": " + cut_message(cuts, ctx_.config->parallel.cut_silence_ms));
  for (const stream::Segment& s : segments) parts_.push_back(Part{s, nullptr, false, false, {}});
  stitcher_ = std::make_unique<Stitcher>(*writer_, segments);
  state_ = State::kRunning;
  start_more();
}

size_t ParallelInput::running() const {
  return static_cast<size_t>(std::count_if(parts_.begin(), parts_.end(),
                                           [](const Part& p) { return p.started && !p.ended; }));
}

void ParallelInput::start_more() {
  if (state_ != State::kRunning || interrupted_ || aborted_) return;
  while (state_ == State::kRunning && next_part_ < parts_.size()) {
    if (running() >= static_cast<size_t>(1 + extra_slots_)) {
      if (!slots_.free()) return;
      ++slots_.used;
      ++extra_slots_;
    }
    // A part that fails at once is recorded and the next one goes on: nothing may wait for a
    // wake-up that no running part would give.
    start_part(next_part_++);
  }
}

void ParallelInput::start_part(size_t k) {
  Part& part = parts_[k];
  part.started = true;
  const std::string name =
      part_name(name_, k, parts_.size(), part.range.begin_ms, part.range.end_ms);
  // A part shorter than the usual ring needs no more than itself (and a margin): eight parts
  // of a long file hold no more audio than eight inputs at -j 8 would.
  const int rate = ctx_.config->request.sample_rate_hz;
  const auto part_samples =
      static_cast<size_t>((part.range.end_ms - part.range.begin_ms + kRingMarginMs) * rate / 1000);
  auto ring = std::make_unique<audio::Ring>(
      std::min(audio::Ring::default_capacity_samples(rate), part_samples));
  // The last part reads to the file's end, so that an error the scan met there (a truncated
  // or corrupt file) is this part's error, as it would be one connection's.
  FilePart range{part.range.begin_ms, std::nullopt};
  if (k + 1 < parts_.size()) range.end_ms = part.range.end_ms;
  auto capture = open_file_capture(*ctx_.config, ctx_.model, path_, *ring, wake_, range);
  util::Status ready = capture ? detect_speech_if_skipping(*ctx_.config, **capture, *ring)
                               : util::Status(capture.error());
  if (!ready) {
    // The file was readable a moment ago: this part's range could not be read now.
    part.outcome.error = ready.error();
    part.ended = true;
    stitcher_->part_failed(k, error_code_name(ready.error().kind), ready.error().message,
                           exit_status_for(ready.error().kind));
    maybe_complete();
    return;
  }
  part.session =
      std::make_unique<Session>(ctx_, name, std::move(ring), std::move(*capture),
                                stitcher_->part_writer(k), [this, k] { on_part_done(k); });
  part.session->start();
}

void ParallelInput::on_part_done(size_t k) {
  Part& part = parts_[k];
  part.outcome = part.session->outcome();
  const bool budget = part.session->budget_stopped();
  part.ended = true;
  if (budget || part.session->interrupted()) {
    // --max-cost (or a Ctrl+C that reached this part first): no further parts.
    interrupted_ = true;
    close_unstarted();
  } else if (part.outcome.error && (part.outcome.error->kind == util::ErrorKind::kAuth ||
                                    part.outcome.error->kind == util::ErrorKind::kUsage)) {
    // Every other part would be refused too (the key, a model spoken to the wrong endpoint).
    const util::Error& e = *part.outcome.error;
    for (size_t j = next_part_; j < parts_.size(); ++j) {
      stitcher_->part_failed(j, error_code_name(e.kind), e.message, exit_status_for(e.kind));
      parts_[j].started = parts_[j].ended = true;
      parts_[j].outcome.error = e;
    }
    next_part_ = parts_.size();
  }
  if (budget) budget_stopped_ = true;
  // The part's session goes from a fresh callback, not from inside its own.
  ctx_.client->schedule(std::chrono::microseconds(0), [this, k] {
    parts_[k].session.reset();
    if (extra_slots_ > 0 && running() < static_cast<size_t>(1 + extra_slots_)) {
      --extra_slots_;
      --slots_.used;
    }
    start_more();
    maybe_complete();
    if (state_ != State::kDone && wake_) wake_();  // the batch may start more with a freed slot
  });
}

void ParallelInput::close_unstarted() {
  for (size_t j = next_part_; j < parts_.size(); ++j) {
    parts_[j].started = parts_[j].ended = true;
    if (stitcher_) stitcher_->part_done(j);
  }
  next_part_ = parts_.size();
}

void ParallelInput::maybe_complete() {
  if (state_ != State::kRunning) return;
  for (const Part& part : parts_) {
    if (!part.ended || part.session) return;
  }
  complete();
}

void ParallelInput::interrupt() {
  if (state_ == State::kDone) return;
  interrupted_ = true;
  if (state_ == State::kScanning) {
    stop_scan_.store(true);
    return;
  }
  close_unstarted();
  for (Part& part : parts_) {
    if (part.session && !part.session->finished()) part.session->interrupt();
  }
}

void ParallelInput::abort(util::Error error) {
  if (state_ == State::kDone) return;
  aborted_ = error;
  if (state_ == State::kScanning) {
    stop_scan_.store(true);
    return;
  }
  close_unstarted();
  for (Part& part : parts_) {
    if (part.session && !part.session->finished()) part.session->abort(error);
  }
}

int64_t ParallelInput::progress_ms() const {
  int64_t ms = 0;
  for (const Part& part : parts_) {
    if (part.session) {
      ms += part.session->progress_ms();
    } else if (part.ended && !part.outcome.error) {
      ms += part.range.end_ms - part.range.begin_ms;
    }
  }
  return ms;
}

void ParallelInput::complete() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  output::Stats& sum = outcome_.stats;
  size_t failed = 0;
  const Part* first_failed = nullptr;
  for (size_t k = 0; k < parts_.size(); ++k) {
    const Part& part = parts_[k];
    const output::Stats& st = part.outcome.stats;
    sum.task_ids.insert(sum.task_ids.end(), st.task_ids.begin(), st.task_ids.end());
    sum.audio_ms += st.audio_ms;
    sum.sent_audio_ms += st.sent_audio_ms;
    sum.skipped_ms += st.skipped_ms;
    sum.reconnects += st.reconnects;
    if (st.billed_seconds) sum.billed_seconds = sum.billed_seconds.value_or(0) + *st.billed_seconds;
    if (st.input_tokens) sum.input_tokens = sum.input_tokens.value_or(0) + *st.input_tokens;
    if (st.output_tokens) sum.output_tokens = sum.output_tokens.value_or(0) + *st.output_tokens;
    if (st.estimated_cost) {
      if (!sum.estimated_cost) sum.estimated_cost = output::Cost{0.0, st.estimated_cost->currency};
      sum.estimated_cost->amount += st.estimated_cost->amount;
    }
    // Delays as the official SDKs define them: the first part's first package, the worst last.
    if (k == 0) sum.first_package_delay_ms = st.first_package_delay_ms;
    if (st.last_package_delay_ms) {
      sum.last_package_delay_ms =
          std::max(sum.last_package_delay_ms.value_or(0), *st.last_package_delay_ms);
    }
    sum.segments.push_back(
        {static_cast<int>(k), part.range.begin_ms, part.range.end_ms, st.task_ids});
    if (part.outcome.error) {
      ++failed;
      if (!first_failed) first_failed = &part;
    }
  }
  if (aborted_) {
    outcome_.error = aborted_;
  } else if (first_failed) {
    const util::Error& e = *first_failed->outcome.error;
    const size_t k = static_cast<size_t>(first_failed - parts_.data());
    util::Error error(e.kind,
                      part_failed_message(k, parts_.size(), first_failed->range.begin_ms,
                                          first_failed->range.end_ms, e.message, failed),
                      e.hint);
    error.input = name_;
    outcome_.error = error;
    outcome_.service_code = first_failed->outcome.service_code;
  }
  if (stitcher_) {
    std::optional<output::Stats> stats;
    if (ctx_.config->diag.stats) stats = sum;
    stitcher_->finish(stats);
  } else {
    if (outcome_.error && !aborted_) {
      writer_->error(error_code_name(outcome_.error->kind), outcome_.error->message,
                     exit_status_for(outcome_.error->kind));
    }
    writer_->finish();
  }
  slots_.used -= extra_slots_;
  extra_slots_ = 0;
  if (done_) done_();
}

bool ParallelInput::budget_stopped() const {
  return budget_stopped_;
}

}  // namespace dsasr::app
