#include "app/session.h"

#include <algorithm>
#include <cmath>
#include <variant>

#include "app/chunk_feed.h"
#include "app/exit_status.h"
#include "app/reporter.h"
#include "app/session_messages.h"
#include "protocol/failure.h"
#include "protocol/make_machine.h"
#include "stream/retention.h"

namespace dsasr::app {

namespace {

using std::chrono::milliseconds;

constexpr size_t kMaxQueuedFrames = 8;         // frames waiting in the transport
constexpr milliseconds kStartTimeout{30000};   // connect + handshake + task-started
constexpr milliseconds kFinishTimeout{60000};  // finish-task -> task-finished
// When a file's unfinalised audio fills most of the ring (stream/retention.h), what it keeps
// behind the read position: twice the 30 s it may run ahead of the service (SendPolicy), which
// the service has certainly processed by then.
constexpr milliseconds kKeepForResume{60000};
// A live input's ring must keep this much room for the capture (its FIFO holds 5 s more, and the
// session runs at least every 50 ms of new audio); when it drops audio it makes twice as much.
constexpr milliseconds kLiveRoom{2000};
// Ctrl+C: how much of the audio already read still goes out (a file's; a microphone's ring
// holds only what it recorded).
constexpr milliseconds kAfterInterrupt{1000};

// The official SDKs' "first package": the first result with text (Gummy: or a translation).
bool has_content(const protocol::Sentence& s) {
  return !s.text.empty() || !s.translations.empty();
}

// The run's request at the rate this input is sent in: the capture's (8 kHz for telephone-band
// audio where the model takes it).
protocol::Request request_at_capture_rate(protocol::Request request, const audio::Capture& c) {
  if (c.model_rate_hz() > 0) request.sample_rate_hz = c.model_rate_hz();
  return request;
}

stream::SendPolicyConfig send_policy_config(const cli::PacingConfig& p, bool live) {
  stream::SendPolicyConfig sc;
  sc.pacing.mode = p.mode;
  sc.pacing.speed = p.factor;
  sc.pacing.window = milliseconds(static_cast<int64_t>(std::llround(p.window_s * 1000)));
  sc.live = live;
  return sc;
}

}  // namespace

Session::Session(const SessionContext& context, std::string input_name,
                 std::unique_ptr<audio::Ring> ring, std::unique_ptr<audio::Capture> capture,
                 std::unique_ptr<output::Writer> writer, std::function<void()> done)
    : ctx_(context),
      input_name_(std::move(input_name)),
      ring_(std::move(ring)),
      capture_(std::move(capture)),
      writer_(std::move(writer)),
      transcript_(*writer_),
      done_(std::move(done)),
      request_(request_at_capture_rate(context.config->request, *capture_)),
      gate_(*ring_, request_.sample_rate_hz, context.config->cost.keep_silence_ms,
            capture_->live()),
      channel_(*context.client, *this, *context.reporter, input_name_),
      send_policy_(send_policy_config(context.config->pacing, capture_->live()),
                   context.clock->now()),
      pace_timer_(context.client),
      watchdog_timer_(context.client),
      backoff_timer_(context.client),
      retry_(context.config->service.retries, context.uniform01) {
  timeline_ = stream::Timeline(request_.sample_rate_hz);
  chunk_samples_ = static_cast<size_t>(timeline_.rate_hz() / 10);
  chunk_.resize(chunk_samples_);
  if (!ctx_.uniform01) {
    retry_ = stream::RetryPolicy(ctx_.config->service.retries, [this] {
      return std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
    });
  }
}

Session::~Session() {
  pace_timer_.cancel();
  watchdog_timer_.cancel();
  backoff_timer_.cancel();
  capture_.reset();  // stops and joins the capture thread before the ring goes
}

stream::RingPositions Session::ring_positions() const {
  return {ring_->write_pos(), ring_->read_pos(), ring_->retain_pos(), ring_->capacity_samples()};
}

void Session::start() {
  capture_->start();
  if (capture_->source_rate_hz() <= 8000 && timeline_.rate_hz() == 16000) {
    ctx_.reporter->hint(telephone_hint(input_name_, capture_->source_rate_hz()));
  }
  ctx_.reporter->info(1, input_name_ + ": " + capture_->description() + " -> " +
                             std::to_string(timeline_.rate_hz()) + " Hz mono");
  connect();
}

void Session::connect() {
  if (ctx_.starts != nullptr) {
    const stream::TimePoint now = ctx_.clock->now();
    const stream::TimePoint at = ctx_.starts->reserve(now);
    if (at > now) {
      // The run's starts are spaced under the service's request-rate limit.
      state_ = State::kBackoff;
      backoff_timer_.arm(std::chrono::duration_cast<std::chrono::microseconds>(at - now), [this] {
        if (state_ == State::kBackoff) open_connection();
      });
      return;
    }
  }
  open_connection();
}

void Session::open_connection() {
  machine_ = protocol::make_machine(request_, ctx_.model, *ctx_.ids);
  state_ = State::kConnecting;
  finish_sent_ = false;
  task_chunks_ = 0;
  reported_ms_ = 0;
  meter_.task_started();
  task_first_audio_at_.reset();
  finish_waiting_ = false;

  net::ConnectRequest request;
  request.url = ctx_.url;
  request.headers.emplace_back("Authorization", "Bearer " + ctx_.config->service.api_key);
  if (ctx_.config->service.workspace) {
    request.headers.emplace_back("X-DashScope-WorkSpace", *ctx_.config->service.workspace);
  }
  ctx_.reporter->info(1, input_name_ + ": connecting to " + ctx_.url.str());
  if (util::Status st = channel_.connect(request); !st) {
    // Synchronous failures (a host name that does not resolve) are not worth retrying.
    fail(st.error());
    return;
  }
  if (!channel_.connected() || state_ != State::kConnecting) return;  // already closed
  arm_watchdog(kStartTimeout, "the service did not start the task within 30 s");
}

void Session::on_open() {
  if (state_ == State::kDone) return;
  protocol::Output out;
  machine_->open(out);
  handle(out);
}

void Session::on_text(std::string_view message) {
  if (state_ == State::kDone || !machine_) return;
  ctx_.reporter->info(3, input_name_ + ": received " + std::string(message.substr(0, 400)));
  protocol::Output out;
  machine_->receive(message, out);
  handle(out);
  // The service's events showed the audio heard: the machine sent its end message itself.
  if (finish_waiting_ && machine_ && state_ == State::kStreaming && !machine_->finish_pending()) {
    finish_waiting_ = false;
    arm_watchdog(kFinishTimeout, "the service did not finish the task within 60 s");
  }
}

void Session::on_sent() {
  pump();
}

void Session::on_close(const net::CloseInfo& info) {
  if (state_ == State::kDone) return;
  FailureDecision d = classify_close(info, failure_context());
  if (d.retry) {
    end_task_and_retry(d.error.message, d.error);
  } else {
    fail(d.error);
  }
}

void Session::handle(protocol::Output& out) {
  channel_.send(out);
  const int generation = channel_.generation();
  for (protocol::Event& event : out.events) {
    if (state_ == State::kDone || generation != channel_.generation()) return;
    if (auto* started = std::get_if<protocol::Started>(&event)) {
      state_ = State::kStreaming;
      watchdog_timer_.cancel();
      send_policy_.start_task(ctx_.clock->now());
      outcome_.stats.task_ids.push_back(started->task_id);
      report_gap();
      ctx_.reporter->info(1, input_name_ + ": task " + started->task_id + " started at " +
                                 format_clock(timeline_.ms(timeline_.task_start())));
    } else if (auto* partial = std::get_if<protocol::Partial>(&event)) {
      meter_.result(has_content(partial->sentence), ctx_.clock->now());
      transcript_.partial(std::move(partial->sentence), timeline_, machine_->task_id());
    } else if (auto* final_event = std::get_if<protocol::Final>(&event)) {
      on_final(std::move(final_event->sentence), final_event->billed_seconds);
    } else if (auto* progress = std::get_if<protocol::Progress>(&event)) {
      reported_ms_ = std::max(reported_ms_, progress->audio_ms);
    } else if (auto* finished = std::get_if<protocol::Finished>(&event)) {
      on_task_finished(finished->billed_seconds);
    } else if (auto* failed = std::get_if<protocol::Failed>(&event)) {
      FailureDecision d = classify_task_failed(*failed, failure_context());
      if (d.retry) {
        end_task_and_retry(d.error.message, d.error, d.service_code);
      } else {
        fail(d.error, d.service_code);
      }
    } else if (auto* lost = std::get_if<protocol::ResultFailed>(&event)) {
      ctx_.reporter->warning(
          input_name_, "recognition of an utterance failed: " +
                           (lost->message.empty() ? "no reason given" : lost->message) + " (" +
                           lost->code + ")");
    } else if (auto* warning = std::get_if<protocol::Warning>(&event)) {
      ctx_.reporter->info(1, input_name_ + ": ignored from the service: " + warning->message);
    }
  }
  if (state_ == State::kStreaming) pump();
}

void Session::on_final(protocol::Sentence sentence, std::optional<double> billed) {
  meter_.billed(billed);
  meter_.tokens(sentence.input_tokens, sentence.output_tokens);
  meter_.result(has_content(sentence), ctx_.clock->now());
  // A new sentence after a reconnect is progress: --retries counts failures in a row.
  retry_.progress();
  // Everything up to the end of this sentence is safely written: no need to resend it.
  ring_->release(transcript_.final(std::move(sentence), timeline_, machine_->task_id()));
}

void Session::on_task_finished(std::optional<double> billed) {
  meter_.billed(billed);
  TaskEnd end;
  end.finish_sent = finish_sent_;
  end.one_sentence_done = machine_->wants_end_of_input();
  end.any_final = transcript_.any_final();
  end.speech_unheard = machine_->speech_unheard();
  if (std::optional<FailureDecision> d = classify_task_end(end)) {
    if (d->retry) {
      end_task_and_retry("the service ended the task before the input did", d->error);
    } else {
      channel_.drop(false);
      fail(d->error, d->service_code);
    }
    return;
  }
  meter_.task_finished(ctx_.clock->now());
  channel_.drop(false);
  if (parking_) {
    // A long silence on a live input: everything sent is transcribed; wait for speech.
    parking_ = false;
    state_ = State::kParked;
    pace_timer_.cancel();
    watchdog_timer_.cancel();
    ring_->release(ring_->read_pos());
    ctx_.reporter->info(1, input_name_ + ": a long silence: task finished, waiting for speech");
    pump_parked();
    return;
  }
  complete();
}

void Session::pump() {
  guard_live_ring();
  if (state_ == State::kParked) {
    pump_parked();
    return;
  }
  if (state_ != State::kStreaming || finish_sent_ || !machine_) return;
  if (machine_->wants_end_of_input()) {
    ctx_.reporter->info(1, input_name_ + ": " + request_.model +
                               " recognised its one sentence; the rest of the input is ignored");
    capture_->stop();
    finish_input();
    return;
  }
  // A very long stretch without any final sentence: stop retaining the oldest audio.
  if (auto to = stream::resume_release(ring_positions(), timeline_.samples(kKeepForResume.count()),
                                       capture_->live())) {
    ring_->release(*to);
  }
  protocol::Output out;
  // The chunks of one burst (--speed max, or a backlog) leave in one send().
  channel_.cork();
  struct Uncork {
    Channel& channel;
    ~Uncork() { channel.uncork(); }
  } uncork{channel_};
  while (channel_.connected() && channel_.queued() < kMaxQueuedFrames) {
    const Take take = next_chunk(*ring_, chunk_samples_, stop_pos_);
    if (take.kind == Take::Kind::kEnd) finish_input();
    if (take.kind != Take::Kind::kChunk) break;
    // --skip-silence (silence_gate.h): what of it goes out.
    const SilenceGate::Step step = gate_.step(take.samples, stop_pos_);
    if (step.kind == SilenceGate::Step::Kind::kSkipped) {
      if (!gate_.park_due()) continue;
      parking_ = true;  // a live input's long silence: end the task, the next starts at speech
      finish_input();
      break;
    }
    if (step.kind == SilenceGate::Step::Kind::kWait) break;
    size_t n = step.samples;
    const stream::TimePoint now = ctx_.clock->now();
    // --speed, auto's window and the 30 s unconfirmed limit (stream/send_policy.h).
    const stream::SendDecision decision = send_policy_.decide(task_chunks_, reported_ms_, now);
    if (decision.kind == stream::SendDecision::Kind::kWaitUntil) {
      pace_timer_.arm(std::chrono::duration_cast<std::chrono::microseconds>(decision.at - now),
                      [this] { pump(); });
      break;
    }
    if (auto over =
            task_audio_limit(ctx_.model, request_.model, timeline_.ms(timeline_.task_sent()))) {
      fail(*over);
      return;
    }
    if (!within_budget(n)) break;
    n = ring_->copy(ring_->read_pos(), chunk_.data(), n);
    machine_->audio(chunk_.data(), n, out);
    channel_.send(out);
    timeline_.sent(ring_->read_pos(), n);
    ring_->advance(n);
    sent_samples_ += n;
    gate_.sent(n);
    ++task_chunks_;
    send_policy_.sent(now);
    if (!task_first_audio_at_) task_first_audio_at_ = now;
    meter_.audio_sent(now);
  }
}

bool Session::within_budget(size_t n) {
  if (!ctx_.budget || ctx_.budget->take(timeline_.ms(n))) return true;
  // --max-cost: nothing more goes out; the task finishes with what was sent.
  budget_stopped_ = true;
  ctx_.reporter->warning(input_name_, "--max-cost reached after " +
                                          format_clock(timeline_.ms(ring_->read_pos())) +
                                          " of the input; finishing with what was sent");
  capture_->stop();
  stop_pos_ = ring_->read_pos();
  finish_input();
  return false;
}

void Session::pump_parked() {
  for (;;) {
    const Take take = next_chunk(*ring_, chunk_samples_, stop_pos_);
    if (take.kind == Take::Kind::kEnd) {
      complete();
      return;
    }
    if (take.kind != Take::Kind::kChunk) return;
    const SilenceGate::Step step = gate_.step(take.samples, stop_pos_);
    if (step.kind == SilenceGate::Step::Kind::kSkipped) {
      ring_->release(ring_->read_pos());  // no task holds it
      continue;
    }
    if (step.kind == SilenceGate::Step::Kind::kWait) return;
    // Speech (or the padding before it): a new task from here.
    timeline_.start_task(ring_->read_pos());
    ctx_.reporter->info(1, input_name_ + ": speech at " +
                               format_clock(timeline_.ms(ring_->read_pos())) +
                               ": starting a new task");
    connect();
    return;
  }
}

void Session::guard_live_ring() {
  if (!capture_->live() || state_ == State::kDone || stop_pos_) return;
  const uint64_t capacity = ring_->capacity_samples();
  const uint64_t room = stream::live_room(capacity, timeline_.samples(kLiveRoom.count()));
  if (!stream::live_short_of_room(ring_positions(), room)) return;
  if (state_ == State::kStreaming) {
    // The task can take audio: a ring this full of unsent audio means the connection has
    // stalled without closing (the retained part is bounded in pump()). Resume on a new one.
    const uint64_t unsent = ring_->write_pos() - ring_->read_pos();
    const bool backed_up = channel_.queued() >= kMaxQueuedFrames;
    if (finish_sent_ || unsent < capacity / 2 || !backed_up) return;
    const std::string what = stalled_message(timeline_.ms(unsent));
    end_task_and_retry(what, util::Error(util::ErrorKind::kNetwork, what));
    if (state_ != State::kBackoff) return;
  }
  // No task holds audio of its own yet (backoff, or connecting: a task sends nothing before it
  // has started), so the next one may simply start later.
  const uint64_t from = ring_->retain_pos();
  const std::optional<uint64_t> to = stream::live_discard_to(ring_positions(), room);
  if (!to) return;
  if (!gap_begin_pos_) {
    gap_begin_pos_ = from;
    ctx_.reporter->warning(input_name_, buffer_full_message(timeline_.ms(capacity)));
  }
  ring_->discard_until(*to);
  gap_end_pos_ = ring_->retain_pos();
  timeline_.start_task(gap_end_pos_);
}

void Session::report_gap() {
  if (!gap_begin_pos_) return;
  const int64_t begin_ms = timeline_.ms(*gap_begin_pos_);
  const int64_t end_ms = timeline_.ms(gap_end_pos_);
  gap_begin_pos_.reset();
  ctx_.reporter->warning(input_name_, gap_message(begin_ms, end_ms));
  writer_->gap(begin_ms, end_ms);
}

void Session::finish_input() {
  if (finish_sent_ || !machine_ || state_ != State::kStreaming) return;
  protocol::Output out;
  machine_->finish(out);
  finish_sent_ = true;
  meter_.finish_sent(ctx_.clock->now());
  pace_timer_.cancel();
  if (machine_->finish_pending()) {
    arm_finish_wait();
  } else {
    arm_watchdog(kFinishTimeout, "the service did not finish the task within 60 s");
  }
  handle(out);
}

FailureContext Session::failure_context() const {
  FailureContext c;
  c.host = ctx_.url.host_header();
  c.path_query = ctx_.url.path_query;
  c.model = request_.model;
  c.family = request_.family;
  c.key_origin = ctx_.config->service.api_key_origin.what;
  c.endpoint_origin = ctx_.config->service.endpoint_origin.what;
  return c;
}

void Session::arm_finish_wait() {
  const stream::TimePoint now = ctx_.clock->now();
  const int64_t since =
      std::chrono::duration_cast<milliseconds>(now - task_first_audio_at_.value_or(now)).count();
  const milliseconds wait(machine_->finish_wait_ms(since));
  finish_waiting_ = true;
  ctx_.reporter->info(2, input_name_ + ": waiting up to " + std::to_string(wait.count()) +
                             " ms for the service to hear the end of the audio");
  watchdog_timer_.arm(wait, [this] { finish_wait_over(); });
}

void Session::finish_wait_over() {
  if (!finish_waiting_ || !machine_ || state_ != State::kStreaming) return;
  finish_waiting_ = false;
  ctx_.reporter->info(1, input_name_ +
                             ": the service has not shown that it heard all the audio; "
                             "finishing after the bounded wait");
  protocol::Output out;
  machine_->finish_now(out);
  arm_watchdog(kFinishTimeout, "the service did not finish the task within 60 s");
  handle(out);
}

void Session::interrupt() {
  if (state_ == State::kDone || stop_pos_) return;
  capture_->stop();
  stop_pos_ =
      std::min(ring_->write_pos(), ring_->read_pos() + timeline_.samples(kAfterInterrupt.count()));
  if (state_ == State::kBackoff || state_ == State::kIdle || state_ == State::kParked) {
    complete();
  } else if (state_ == State::kStreaming) {
    pump();
  }
  // kConnecting: the task is finished as soon as it starts (see handle()).
}

void Session::end_task_and_retry(const std::string& why, std::optional<util::Error> fatal,
                                 const std::string& service_code) {
  if (state_ == State::kDone) return;
  channel_.drop(true);
  pace_timer_.cancel();
  watchdog_timer_.cancel();
  machine_.reset();
  parking_ = false;
  gate_.reset();
  if (stop_pos_) {
    // Ctrl+C while the task could not finish: what was already written stays; stop here.
    complete();
    return;
  }
  const std::optional<milliseconds> delay = retry_.next_delay();
  if (!delay) {
    util::Error error = fatal.value_or(util::Error(util::ErrorKind::kNetwork, why));
    if (retry_.used() > 0) {
      error.message += " (gave up after " + std::to_string(retry_.used()) + " retries)";
    }
    fail(error, service_code);
    return;
  }
  ++outcome_.stats.reconnects;
  timeline_.start_task(ring_->retain_pos());
  ring_->rewind(timeline_.task_start());
  ctx_.reporter->warning(input_name_,
                         resume_message(why, timeline_.ms(timeline_.task_start()), delay->count(),
                                        retry_.used(), ctx_.config->service.retries));
  state_ = State::kBackoff;
  backoff_timer_.arm(*delay, [this] {
    if (state_ == State::kBackoff) connect();
  });
}

void Session::arm_watchdog(milliseconds after, const char* what) {
  std::string why = what;
  watchdog_timer_.arm(
      after, [this, why] { end_task_and_retry(why, util::Error(util::ErrorKind::kNetwork, why)); });
}

void Session::abort(util::Error error) {
  fail(std::move(error));
}

int64_t Session::progress_ms() const {
  return timeline_.input_ms(reported_ms_);
}

void Session::fail(util::Error error, std::string service_code) {
  if (state_ == State::kDone) return;
  channel_.drop(true);
  outcome_.error = std::move(error);
  outcome_.service_code = std::move(service_code);
  complete();
}

void Session::complete() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  pace_timer_.cancel();
  watchdog_timer_.cancel();
  backoff_timer_.cancel();
  capture_->stop();
  capture_->join();
  if (!outcome_.error && ring_->state() == audio::Ring::State::kFailed) {
    outcome_.error =
        util::input_error(input_name_, util::ErrorKind::kInput, ring_->error_message());
  }
  if (capture_->lost_ms() > 0 || capture_->device_overflows() > 0) {
    ctx_.reporter->warning(
        input_name_, capture_behind_message(capture_->lost_ms(), capture_->device_overflows()));
  }
  report_gap();
  outcome_.stats.audio_ms = timeline_.ms(ring_->write_pos());
  outcome_.stats.sent_audio_ms = timeline_.ms(sent_samples_);
  outcome_.stats.skipped_ms = timeline_.ms(gate_.skipped_samples());
  meter_.fill(outcome_.stats);
  outcome_.stats.estimated_cost = estimate_cost(outcome_.stats, ctx_.config->cost);
  if (outcome_.error) {
    std::string code = outcome_.service_code;
    if (code.empty()) code = error_code_name(outcome_.error->kind);
    writer_->error(code, outcome_.error->message, exit_status_for(outcome_.error->kind));
  }
  if (ctx_.config->diag.stats) writer_->stats(outcome_.stats);
  writer_->finish();
  if (done_) done_();
}

}  // namespace dsasr::app
