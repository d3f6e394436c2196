#include "app/session.h"

#include <algorithm>
#include <cmath>
#include <variant>

#include "app/exit_status.h"
#include "app/reporter.h"
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
constexpr std::chrono::milliseconds kLiveRoom{2000};

std::string format_clock(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld.%01lld", static_cast<long long>(ms / 60000),
                static_cast<long long>((ms / 1000) % 60), static_cast<long long>((ms / 100) % 10));
  return buf;
}

// The official SDKs' "first package": the first result with text (Gummy: or a translation).
bool has_content(const protocol::Sentence& s) {
  return !s.text.empty() || !s.translations.empty();
}

}  // namespace

// Forwards one connection's events to the session, tagged with the connection's generation.
class Session::Link final : public net::ConnectionHandler {
 public:
  Link(Session* session, int generation) : session_(session), generation_(generation) {}
  void on_open() override { session_->on_open(generation_); }
  void on_text(std::string_view message) override { session_->on_text(generation_, message); }
  void on_sent() override { session_->on_sent(generation_); }
  void on_close(const net::CloseInfo& info) override { session_->on_close(generation_, info); }

 private:
  Session* session_;
  int generation_;
};

Session::Session(const SessionContext& context, std::string input_name,
                 std::unique_ptr<audio::Ring> ring, std::unique_ptr<audio::Capture> capture,
                 std::unique_ptr<output::Writer> writer, std::function<void()> done)
    : ctx_(context),
      input_name_(std::move(input_name)),
      ring_(std::move(ring)),
      capture_(std::move(capture)),
      writer_(std::move(writer)),
      done_(std::move(done)),
      send_policy_(stream::SendPolicyConfig{}, context.clock->now()),
      retry_(context.config->service.retries, context.uniform01) {
  rate_hz_ = ctx_.config->request.sample_rate_hz;
  chunk_samples_ = static_cast<size_t>(rate_hz_ / 10);
  chunk_.resize(chunk_samples_);
  const cli::PacingConfig& p = ctx_.config->pacing;
  stream::PacerConfig pc;
  pc.mode = p.mode;
  pc.speed = p.factor;
  pc.window = milliseconds(static_cast<int64_t>(std::llround(p.window_s * 1000)));
  stream::SendPolicyConfig sc;
  sc.pacing = pc;
  sc.live = capture_->live();
  send_policy_ = stream::SendPolicy(sc, ctx_.clock->now());
  if (!ctx_.uniform01) {
    retry_ = stream::RetryPolicy(ctx_.config->service.retries, [this] {
      return std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
    });
  }
}

Session::~Session() {
  cancel_timers();
  if (ctx_.client) ctx_.client->cancel(backoff_timer_);
  if (conn_ && ctx_.client) ctx_.client->abort(*conn_);
  if (ctx_.client) {
    for (auto& link : links_) ctx_.client->detach(link.get());
  }
  capture_.reset();  // stops and joins the capture thread before the ring goes
}

stream::RingPositions Session::ring_positions() const {
  return {ring_->write_pos(), ring_->read_pos(), ring_->retain_pos(), ring_->capacity_samples()};
}

int64_t Session::samples_to_ms(uint64_t samples) const {
  return static_cast<int64_t>(samples * 1000 / static_cast<uint64_t>(rate_hz_));
}

uint64_t Session::ms_to_samples(int64_t ms) const {
  if (ms <= 0) return 0;
  return static_cast<uint64_t>(ms) * static_cast<uint64_t>(rate_hz_) / 1000;
}

void Session::start() {
  capture_->start();
  if (capture_->source_rate_hz() <= 8000 && rate_hz_ == 16000) {
    ctx_.reporter->hint(input_name_ + " is " + std::to_string(capture_->source_rate_hz()) +
                        " Hz telephone audio; an 8 kHz model such as fun-asr-flash-8k-realtime "
                        "or paraformer-realtime-8k-v2 recognises it better than upsampling it");
  }
  ctx_.reporter->info(1, input_name_ + ": " + capture_->description() + " -> " +
                             std::to_string(rate_hz_) + " Hz mono");
  connect();
}

void Session::connect() {
  machine_ = protocol::make_machine(ctx_.config->request, ctx_.model, *ctx_.ids);
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
  int generation = ++generation_;
  links_.push_back(std::make_unique<Link>(this, generation));
  ctx_.reporter->info(1, input_name_ + ": connecting to " + ctx_.url.str());
  auto id = ctx_.client->connect(request, links_.back().get());
  if (!id) {
    // Synchronous failures (a host name that does not resolve) are not worth retrying.
    if (generation == generation_ && state_ == State::kConnecting) fail(id.error());
    return;
  }
  if (generation != generation_ || state_ != State::kConnecting) return;  // already closed
  conn_ = *id;
  arm_watchdog(kStartTimeout, "the service did not start the task within 30 s");
}

void Session::on_open(int generation) {
  if (generation != generation_ || state_ == State::kDone) return;
  protocol::Output out;
  machine_->open(out);
  handle(out);
}

void Session::on_text(int generation, std::string_view message) {
  if (generation != generation_ || state_ == State::kDone || !machine_) return;
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

void Session::on_sent(int generation) {
  if (generation != generation_) return;
  pump();
}

void Session::send(protocol::Output& out) {
  if (!conn_) return;
  for (protocol::Frame& frame : out.frames) {
    if (frame.kind == protocol::Frame::Kind::kText) {
      ctx_.reporter->info(3, input_name_ + ": sending " + frame.data.substr(0, 400));
      ctx_.client->send_text(*conn_, std::move(frame.data));
    } else {
      ctx_.client->send_binary(*conn_, std::move(frame.data));
    }
  }
  out.frames.clear();
}

void Session::handle(protocol::Output& out) {
  send(out);
  int generation = generation_;
  for (protocol::Event& event : out.events) {
    if (state_ == State::kDone || generation != generation_) return;
    if (auto* started = std::get_if<protocol::Started>(&event)) {
      state_ = State::kStreaming;
      ctx_.client->cancel(watchdog_timer_);
      send_policy_.start_task(ctx_.clock->now());
      outcome_.stats.task_ids.push_back(started->task_id);
      report_gap();
      ctx_.reporter->info(1, input_name_ + ": task " + started->task_id + " started at " +
                                 format_clock(samples_to_ms(task_start_pos_)));
    } else if (auto* partial = std::get_if<protocol::Partial>(&event)) {
      meter_.result(has_content(partial->sentence), ctx_.clock->now());
      protocol::Sentence s = std::move(partial->sentence);
      shift(s);
      s.sentence_id = next_sentence_id_;
      writer_->partial(s, machine_->task_id());
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

void Session::shift(protocol::Sentence& s) const {
  int64_t offset = samples_to_ms(task_start_pos_);
  s.begin_ms += offset;
  if (s.end_ms) *s.end_ms += offset;
  for (protocol::Word& w : s.words) {
    w.begin_ms += offset;
    w.end_ms += offset;
  }
}

void Session::on_final(protocol::Sentence sentence, std::optional<double> billed) {
  meter_.billed(billed);
  meter_.tokens(sentence.input_tokens, sentence.output_tokens);
  meter_.result(has_content(sentence), ctx_.clock->now());
  // A new sentence after a reconnect is progress: --retries counts failures in a row.
  retry_.progress();
  int64_t task_end_ms = sentence.end_ms.value_or(sentence.begin_ms);
  shift(sentence);
  sentence.sentence_id = next_sentence_id_++;
  writer_->final(sentence, machine_->task_id());
  // Everything up to the end of this sentence is safely written: no need to resend it.
  ring_->release(task_start_pos_ + ms_to_samples(task_end_ms));
}

void Session::on_task_finished(std::optional<double> billed) {
  meter_.billed(billed);
  if (!finish_sent_ && !machine_->wants_end_of_input()) {
    end_task_and_retry("the service ended the task before the input did",
                       util::Error(util::ErrorKind::kService,
                                   "the service keeps ending the task before the input ends"));
    return;
  }
  if (next_sentence_id_ == 1 && machine_->speech_unheard()) {
    // Seed 003: a session.finish that reaches the service before it detected speech ends the
    // session with no transcript. dsasr waits for the service before finishing, so this means
    // the service never heard speech the audio has: not a silent success.
    if (conn_) ctx_.client->close(*conn_, 1000, "bye");
    conn_.reset();
    ++generation_;
    fail(util::Error(util::ErrorKind::kService,
                     "the service ended the session without a transcript, although the audio "
                     "has speech: it never reported detecting any",
                     "try --speed realtime, or a lower --vad-threshold"),
         "NoTranscript");
    return;
  }
  meter_.task_finished(ctx_.clock->now());
  if (conn_) ctx_.client->close(*conn_, 1000, "bye");
  conn_.reset();
  ++generation_;  // the close that follows is expected
  complete();
}

void Session::pump() {
  guard_live_ring();
  if (state_ != State::kStreaming || finish_sent_ || !machine_) return;
  if (machine_->wants_end_of_input()) {
    ctx_.reporter->info(1, input_name_ + ": " + ctx_.config->request.model +
                               " recognised its one sentence; the rest of the input is ignored");
    capture_->stop();
    finish_input();
    return;
  }
  // A very long stretch without any final sentence: stop retaining the oldest audio.
  if (auto to = stream::resume_release(ring_positions(), ms_to_samples(kKeepForResume.count()),
                                       capture_->live())) {
    ring_->release(*to);
  }
  protocol::Output out;
  // The chunks of one burst (--speed max, or a backlog) leave in one send().
  struct Cork {
    net::Transport* client;
    std::optional<net::ConnectionId> conn;
    ~Cork() {
      if (conn) client->uncork(*conn);
    }
  } cork{ctx_.client, conn_};
  if (conn_) ctx_.client->cork(*conn_);
  for (;;) {
    if (!conn_ || ctx_.client->queued(*conn_) >= kMaxQueuedFrames) break;
    audio::Ring::State input_state = ring_->state();  // before available(): then it is final
    size_t available = ring_->available();
    bool ended = input_state != audio::Ring::State::kOpen;
    if (input_stopped_) {
      uint64_t left = stop_pos_ > ring_->read_pos() ? stop_pos_ - ring_->read_pos() : 0;
      available = static_cast<size_t>(std::min<uint64_t>(available, left));
      ended = true;
    }
    if (available == 0 && ended) {
      finish_input();
      break;
    }
    if (available == 0 || (available < chunk_samples_ && !ended)) {  // wait for a whole chunk
      // Ask the capture to wake us, then look once more: it may have written in between,
      // before it could see the request.
      ring_->want_data();
      if (ring_->available() > available || ring_->state() != input_state) continue;
      break;
    }
    stream::TimePoint now = ctx_.clock->now();
    // --speed, auto's window and the 30 s unconfirmed limit (stream/send_policy.h).
    const stream::SendDecision decision = send_policy_.decide(task_chunks_, reported_ms_, now);
    if (decision.kind == stream::SendDecision::Kind::kWaitUntil) {
      arm_pace_timer(decision.at);
      break;
    }
    if (ctx_.model && ctx_.model->max_audio_seconds &&
        ring_->read_pos() - task_start_pos_ >=
            ms_to_samples(int64_t{*ctx_.model->max_audio_seconds} * 1000)) {
      fail(util::Error(util::ErrorKind::kInput,
                       ctx_.config->request.model + " takes at most " +
                           std::to_string(*ctx_.model->max_audio_seconds) +
                           " s of audio and no sentence ended within it",
                       "use gummy-realtime-v1 for longer audio"));
      return;
    }
    size_t n = ring_->copy(ring_->read_pos(), chunk_.data(), std::min(available, chunk_samples_));
    machine_->audio(chunk_.data(), n, out);
    send(out);
    ring_->advance(n);
    ++task_chunks_;
    send_policy_.sent(now);
    if (!task_first_audio_at_) task_first_audio_at_ = now;
    meter_.audio_sent(now);
  }
}

void Session::guard_live_ring() {
  if (!capture_->live() || state_ == State::kDone || input_stopped_) return;
  const uint64_t capacity = ring_->capacity_samples();
  const uint64_t room = stream::live_room(capacity, ms_to_samples(kLiveRoom.count()));
  if (!stream::live_short_of_room(ring_positions(), room)) return;
  if (state_ == State::kStreaming) {
    // The task can take audio: a ring this full of unsent audio means the connection has
    // stalled without closing (the retained part is bounded in pump()). Resume on a new one.
    const uint64_t unsent = ring_->write_pos() - ring_->read_pos();
    const bool backed_up = conn_ && ctx_.client->queued(*conn_) >= kMaxQueuedFrames;
    if (finish_sent_ || unsent < capacity / 2 || !backed_up) return;
    const std::string what =
        "the connection stalled: " + std::to_string(samples_to_ms(unsent) / 1000) +
        " s of audio could not be sent";
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
    ctx_.reporter->warning(input_name_,
                           "the audio buffer is full while the service is "
                           "unreachable; dropping the oldest audio (--buffer " +
                               std::to_string(samples_to_ms(capacity) / 1000) + " s)");
  }
  ring_->discard_until(*to);
  gap_end_pos_ = ring_->retain_pos();
  task_start_pos_ = gap_end_pos_;
}

void Session::report_gap() {
  if (!gap_begin_pos_) return;
  const int64_t begin_ms = samples_to_ms(*gap_begin_pos_);
  const int64_t end_ms = samples_to_ms(gap_end_pos_);
  gap_begin_pos_.reset();
  char length[32];
  std::snprintf(length, sizeof length, "%.1f", static_cast<double>(end_ms - begin_ms) / 1000.0);
  ctx_.reporter->warning(input_name_, std::string("lost ") + length + " s of audio, from " +
                                          format_clock(begin_ms) + " to " + format_clock(end_ms) +
                                          ": the buffer overflowed while the service was "
                                          "unreachable");
  writer_->gap(begin_ms, end_ms);
}

void Session::finish_input() {
  if (finish_sent_ || !machine_ || state_ != State::kStreaming) return;
  protocol::Output out;
  machine_->finish(out);
  finish_sent_ = true;
  meter_.finish_sent(ctx_.clock->now());
  ctx_.client->cancel(pace_timer_);
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
  c.model = ctx_.config->request.model;
  c.family = ctx_.config->request.family;
  c.key_origin = ctx_.config->service.api_key_origin.what;
  c.endpoint_origin = ctx_.config->service.endpoint_origin.what;
  return c;
}

void Session::arm_finish_wait() {
  ctx_.client->cancel(watchdog_timer_);
  const int64_t since =
      task_first_audio_at_
          ? std::chrono::duration_cast<milliseconds>(ctx_.clock->now() - *task_first_audio_at_)
                .count()
          : 0;
  const milliseconds wait(machine_->finish_wait_ms(since));
  finish_waiting_ = true;
  ctx_.reporter->info(2, input_name_ + ": waiting up to " + std::to_string(wait.count()) +
                             " ms for the service to hear the end of the audio");
  watchdog_timer_ = ctx_.client->schedule(wait, [this] {
    watchdog_timer_ = 0;
    finish_wait_over();
  });
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
  if (state_ == State::kDone || input_stopped_) return;
  input_stopped_ = true;
  capture_->stop();
  stop_pos_ = std::min(ring_->write_pos(), ring_->read_pos() + ms_to_samples(1000));
  if (state_ == State::kBackoff || state_ == State::kIdle) {
    complete();
  } else if (state_ == State::kStreaming) {
    pump();
  }
  // kConnecting: the task is finished as soon as it starts (see handle()).
}

void Session::on_close(int generation, const net::CloseInfo& info) {
  if (generation != generation_ || state_ == State::kDone) return;
  conn_.reset();
  FailureDecision d = classify_close(info, failure_context());
  if (d.retry) {
    end_task_and_retry(d.error.message, d.error);
  } else {
    fail(d.error);
  }
}

void Session::end_task_and_retry(const std::string& why, std::optional<util::Error> fatal,
                                 const std::string& service_code) {
  if (state_ == State::kDone) return;
  if (conn_) ctx_.client->abort(*conn_);
  conn_.reset();
  ++generation_;
  cancel_timers();
  machine_.reset();
  if (input_stopped_) {
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
  task_start_pos_ = ring_->retain_pos();
  ring_->rewind(task_start_pos_);
  ctx_.reporter->warning(input_name_, why + "; resuming from " +
                                          format_clock(samples_to_ms(task_start_pos_)) + " in " +
                                          std::to_string(delay->count()) + " ms (retry " +
                                          std::to_string(retry_.used()) + " of " +
                                          std::to_string(ctx_.config->service.retries) + ")");
  state_ = State::kBackoff;
  backoff_timer_ = ctx_.client->schedule(*delay, [this] {
    backoff_timer_ = 0;
    if (state_ == State::kBackoff) connect();
  });
}

void Session::arm_pace_timer(stream::TimePoint at) {
  ctx_.client->cancel(pace_timer_);
  auto delay = std::chrono::duration_cast<std::chrono::microseconds>(at - ctx_.clock->now());
  if (delay.count() < 0) delay = std::chrono::microseconds(0);
  pace_timer_ = ctx_.client->schedule(delay, [this] {
    pace_timer_ = 0;
    pump();
  });
}

void Session::arm_watchdog(std::chrono::milliseconds after, const char* what) {
  ctx_.client->cancel(watchdog_timer_);
  std::string why = what;
  watchdog_timer_ = ctx_.client->schedule(after, [this, why] {
    watchdog_timer_ = 0;
    end_task_and_retry(why, util::Error(util::ErrorKind::kNetwork, why));
  });
}

void Session::cancel_timers() {
  if (!ctx_.client) return;
  ctx_.client->cancel(pace_timer_);
  ctx_.client->cancel(watchdog_timer_);
  pace_timer_ = 0;
  watchdog_timer_ = 0;
}

void Session::abort(util::Error error) {
  fail(std::move(error));
}

int64_t Session::progress_ms() const {
  return samples_to_ms(task_start_pos_) + reported_ms_;
}

void Session::fail(util::Error error, std::string service_code) {
  if (state_ == State::kDone) return;
  if (conn_) ctx_.client->abort(*conn_);
  conn_.reset();
  ++generation_;
  outcome_.error = std::move(error);
  outcome_.service_code = std::move(service_code);
  complete();
}

void Session::complete() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  cancel_timers();
  ctx_.client->cancel(backoff_timer_);
  backoff_timer_ = 0;
  capture_->stop();
  capture_->join();
  if (!outcome_.error && ring_->state() == audio::Ring::State::kFailed) {
    outcome_.error =
        util::input_error(input_name_, util::ErrorKind::kInput, ring_->error_message());
  }
  if (capture_->lost_ms() > 0 || capture_->device_overflows() > 0) {
    ctx_.reporter->warning(input_name_,
                           "the capture fell behind: " + std::to_string(capture_->lost_ms()) +
                               " ms of audio were lost and replaced by silence (" +
                               std::to_string(capture_->device_overflows()) + " device overflows)");
  }
  report_gap();
  outcome_.stats.audio_ms = samples_to_ms(ring_->write_pos());
  meter_.fill(outcome_.stats);
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
