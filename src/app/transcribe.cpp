#include "app/transcribe.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "app/batch_plan.h"
#include "app/cost_budget.h"
#include "app/exit_status.h"
#include "app/file_input.h"
#include "app/input_job.h"
#include "app/live_capture.h"
#include "app/meeting.h"
#include "app/parallel_input.h"
#include "app/progress.h"
#include "app/reporter.h"
#include "app/service_checks.h"
#include "app/session.h"
#include "app/signals.h"
#include "audio/mic_capture.h"
#include "audio/ring.h"
#include "audio/source.h"
#include "net/client.h"
#include "net/url.h"
#include "output/output_file.h"
#include "output/sink.h"
#include "output/tee_writer.h"
#include "output/writer.h"
#include "protocol/ids.h"
#include "protocol/models.h"
#include "stream/clock.h"

namespace dsasr::app {

namespace {

using util::Error;
using util::ErrorKind;

int columns_of(int fd) {
  struct winsize ws {};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

int terminal_columns() {
  return columns_of(STDOUT_FILENO);
}

int stderr_columns() {
  return columns_of(STDERR_FILENO);
}

// Standard output for the writers, clearing the progress line first when both share a terminal.
class StdoutSink final : public output::Sink {
 public:
  explicit StdoutSink(output::FdSink& inner) : inner_(inner) {}
  void set_progress(ProgressLine* progress) { progress_ = progress; }
  void write(std::string_view record) override {
    if (progress_) progress_->clear();
    inner_.write(record);
  }
  bool closed() const override { return inner_.closed(); }

 private:
  output::FdSink& inner_;
  ProgressLine* progress_ = nullptr;
};

// One run of `file` or `mic`: the inputs in turn, at most -j at a time. Only the plan of every
// input (batch_plan.h) exists for the whole run; an input's decoder, ring, socket and output
// descriptors exist from its start to its end.
class Batch {
 public:
  Batch(const cli::Config& config, Reporter& reporter) : config_(config), reporter_(reporter) {
    if (config.cost.max_cost && config.cost.price_per_second) {
      budget_ = CostBudget(*config.cost.max_cost, *config.cost.price_per_second);
    }
    // -j counts connections; with --parallel and no -j, as many as a file has parts.
    slots_.limit = std::max(1, config.jobs);
    if (parallel() && !config.jobs_given) {
      slots_.limit = std::max(slots_.limit, config.parallel.segments);
    }
  }
  int run();

 private:
  // What is kept of every input for the whole run.
  struct InputState {
    bool done = false;
    bool skipped = false;
  };
  // What exists only while an input is being transcribed (at most -j of these).
  struct Active {
    std::unique_ptr<InputJob> job;  // a Session, or a ParallelInput (--parallel)
    std::vector<std::unique_ptr<output::OutputFile>> files;
    std::optional<Error> output_error;  // the first of its outputs that failed
    stream::TimePoint started_at;
  };

  util::Status prepare();
  bool parallel() const {
    return config_.command == cli::Command::kFile &&
           (config_.parallel.segments > 1 || config_.parallel.automatic);
  }
  // --parallel applies to `input`: a regular file (a pipe or device cannot be read twice).
  bool cut(const PlannedInput& input) const;
  SessionContext session_context();
  // A whole input's ring and capture (with --skip-silence's detector on the ring).
  util::Status open_input(const PlannedInput& input, std::unique_ptr<audio::Ring>& ring,
                          std::unique_ptr<audio::Capture>& capture);
  void start_more();
  util::Result<std::unique_ptr<audio::Capture>> open_capture(const PlannedInput& input,
                                                             audio::Ring& ring,
                                                             std::function<void()> wake);
  // Starts input `index`; false when it ended at once (skipped, or an error) or must wait.
  bool start(size_t index);
  bool all_outputs_exist(const PlannedInput& input) const;
  bool stdin_ready(size_t index);
  util::Result<std::unique_ptr<output::Writer>> open_outputs(size_t index, Active& active);
  void on_output_failed(size_t index, const Error& error);
  void on_stdout_failed(const Error& error);
  void on_session_done(size_t index);
  void finish_input(size_t index, const std::optional<Error>& error);
  void on_wake();
  void draw_progress();
  ProgressSnapshot snapshot() const;
  int exit_status() const;
  static std::string display_name(const PlannedInput& input) {
    return input.path == "-" ? "stdin" : input.path;
  }

  const cli::Config& config_;
  Reporter& reporter_;
  std::vector<PlannedInput> inputs_;
  std::vector<InputState> states_;
  std::unique_ptr<net::Client> client_;
  net::Url url_;
  const protocol::Model* model_ = nullptr;
  protocol::RandomIdGenerator ids_;
  ConnectionSlots slots_;        // -j: connections at once
  stream::StartLimiter starts_;  // the model's request-rate limit, over the whole run
  stream::SteadyClock clock_;
  output::FdSink stdout_fd_sink_{STDOUT_FILENO};
  StdoutSink stdout_sink_{stdout_fd_sink_};
  std::map<size_t, Active> active_;
  std::unique_ptr<ProgressLine> progress_;
  net::TimerId progress_timer_ = 0;
  net::TimerId stdin_timer_ = 0;
  stream::TimePoint run_started_at_{};
  size_t next_ = 0;
  size_t finished_ = 0;
  size_t failed_ = 0;
  size_t skipped_ = 0;
  int64_t audio_done_ms_ = 0;
  std::optional<util::ErrorKind> last_failure_;
  bool interrupted_ = false;
  bool stop_starting_ = false;
  CostBudget budget_;  // --max-cost, shared by the sessions
  bool auth_failed_ = false;
  bool stdout_closed_ = false;
  std::optional<Error> stdout_error_;
};

util::Status Batch::prepare() {
  model_ = protocol::find_model(config_.request.model);
  if (model_ != nullptr) starts_ = stream::StartLimiter(model_->requests_per_second);
  auto url = net::parse_url(config_.service.endpoint);
  if (!url) return url.error();
  url_ = *url;
  if (util::Status key = require_api_key(config_.service); !key) return key;
  if (config_.command == cli::Command::kMic) {
    inputs_.push_back({"mic", "mic"});
  } else {
    auto inputs = expand_inputs(config_);
    if (!inputs) return inputs.error();
    inputs_ = std::move(*inputs);
    if (inputs_.empty()) {
      if (config_.input.shard) {
        return Error(ErrorKind::kUsage, "no input falls in --shard " +
                                            std::to_string(config_.input.shard->k) + "/" +
                                            std::to_string(config_.input.shard->n));
      }
      return Error(ErrorKind::kUsage, "no audio files found in the inputs given",
                   "directories are searched for .wav, .flac, .mp3, .ogg, .opus, .aiff and "
                   "similar names");
    }
    if (std::count_if(inputs_.begin(), inputs_.end(),
                      [](const PlannedInput& in) { return in.path == "-"; }) > 1) {
      return Error(ErrorKind::kUsage, "'-' (standard input) can be given only once");
    }
  }
  if (config_.output.output_dir) {
    if (auto stem = duplicate_stem(inputs_)) {
      return Error(ErrorKind::kUsage,
                   "two inputs would both write " + *stem + "." +
                       extension_for(config_.output.dir_formats.front()) + " in " +
                       *config_.output.output_dir,
                   "rename one input or transcribe them into different directories");
    }
  }
  if (config_.command == cli::Command::kFile) {
    if (auto st = check_outputs_are_not_inputs(inputs_, config_.output); !st) return st;
  }
  if (config_.output.output_dir) {
    util::Status made = output::make_directories(*config_.output.output_dir);
    if (!made) return made;
  }
  states_.resize(inputs_.size());
  warn_if_insecure(config_.service, "the audio", reporter_);
  net::ClientOptions options;
  options.ca_file = config_.service.ca_file;
  options.insecure = config_.service.insecure;
  options.verbosity = config_.diag.verbosity;
  auto client = net::Client::create(options);
  if (!client) return client.error();
  client_ = std::move(*client);
  return {};
}

util::Result<std::unique_ptr<audio::Capture>> Batch::open_capture(const PlannedInput& input,
                                                                  audio::Ring& ring,
                                                                  std::function<void()> wake) {
  int model_rate = config_.request.sample_rate_hz;
  if (config_.command == cli::Command::kMic) {
    // --system, or -d naming a sound-server source: libpulse (live_capture.h).
    auto served = open_sound_server_capture(config_, ring, wake);
    if (!served) return served.error();
    if (*served) return std::move(*served);
    audio::MicOptions options;
    options.device = config_.input.device;
    options.model_rate_hz = model_rate;
    options.narrowband_ok = model_ != nullptr && model_->send_rate_for(8000) == 8000;
    options.duration_sec = config_.input.duration_s;
    options.save_path = config_.input.save;
    auto mic = audio::MicCapture::open(options, ring, std::move(wake));
    if (!mic) return mic.error();
    return std::unique_ptr<audio::Capture>(std::move(*mic));
  }
  return open_file_capture(config_, model_, input.path, ring, std::move(wake));
}

bool Batch::cut(const PlannedInput& input) const {
  struct stat st {};
  return parallel() && input.path != "-" && ::stat(input.path.c_str(), &st) == 0 &&
         S_ISREG(st.st_mode);
}

util::Status Batch::open_input(const PlannedInput& input, std::unique_ptr<audio::Ring>& ring,
                               std::unique_ptr<audio::Capture>& capture) {
  if (parallel() && input.path != "-") {
    reporter_.info(1, display_name(input) + ": not a regular file, so not cut (--parallel)");
  }
  const int model_rate = config_.request.sample_rate_hz;
  // A microphone's ring is also what bridges an outage (--buffer); a file just waits for room.
  const size_t capacity =
      config_.command == cli::Command::kMic
          ? static_cast<size_t>(std::llround(config_.input.buffer_s * model_rate))
          : audio::Ring::default_capacity_samples(model_rate);
  ring = std::make_unique<audio::Ring>(capacity);
  net::Client* client = client_.get();
  auto opened = open_capture(input, *ring, [client] { client->wake(); });
  if (!opened) return opened.error();
  capture = std::move(*opened);
  // --skip-silence: the capture thread classifies each 10 ms as it writes the ring.
  return detect_speech_if_skipping(config_, *capture, *ring);
}

SessionContext Batch::session_context() {
  SessionContext ctx;
  ctx.budget = &budget_;
  ctx.starts = &starts_;
  ctx.client = client_.get();
  ctx.config = &config_;
  ctx.model = model_;
  ctx.url = url_;
  ctx.reporter = &reporter_;
  ctx.ids = &ids_;
  ctx.clock = &clock_;
  return ctx;
}

bool Batch::all_outputs_exist(const PlannedInput& input) const {
  for (const PlannedOutput& out : plan_outputs(config_.output, input)) {
    struct stat st {};
    if (out.path == "-" || ::stat(out.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return false;
    }
  }
  return true;
}

// Standard input is opened only once its first byte (or its end) is there, so waiting for it
// never blocks the service thread: Ctrl+C works meanwhile, and the other inputs go on.
bool Batch::stdin_ready(size_t index) {
  pollfd p{STDIN_FILENO, POLLIN, 0};
  if (::poll(&p, 1, 0) != 0) return true;
  client_->cancel(stdin_timer_);
  stdin_timer_ = client_->schedule(std::chrono::milliseconds(20), [this, index] {
    stdin_timer_ = 0;
    if (!stop_starting_) start(index);
    client_->schedule(std::chrono::microseconds(0), [this] { start_more(); });
  });
  return false;
}

util::Result<std::unique_ptr<output::Writer>> Batch::open_outputs(size_t index, Active& active) {
  const PlannedInput& input = inputs_[index];
  const bool shared_stdout = config_.command == cli::Command::kFile && inputs_.size() > 1;
  std::vector<std::unique_ptr<output::Writer>> writers;
  for (const PlannedOutput& planned : plan_outputs(config_.output, input)) {
    output::Sink* sink = &stdout_sink_;
    const bool to_stdout = planned.path == "-";
    if (!to_stdout) {
      auto file = output::OutputFile::open(planned.path, planned.atomic, planned.atomic);
      if (!file) return file.error();
      (*file)->sink().set_on_failure(
          [this, index](const Error& error) { on_output_failed(index, error); });
      sink = &(*file)->sink();
      active.files.push_back(std::move(*file));
    }
    output::WriterOptions wo;
    wo.format = planned.format;
    wo.partials = config_.output.partials;
    // Interim results redrawn in place: on a terminal only, with --partials (always for mic).
    wo.live_partials = wo.format == output::Format::kText && to_stdout &&
                       (config_.output.partials || config_.command == cli::Command::kMic) &&
                       !shared_stdout && isatty(STDOUT_FILENO) != 0;
    wo.terminal_columns = terminal_columns();
    wo.words = config_.output.words;
    wo.input = input.path;
    wo.text_prefix = shared_stdout && to_stdout ? display_name(input) + ": " : "";
    wo.timestamps = config_.output.timestamps;
    wo.captions.max_line_width = config_.output.max_line_width;
    wo.captions.max_lines = config_.output.max_lines;
    wo.captions.max_cue_duration_ms =
        static_cast<int64_t>(std::llround(config_.output.max_cue_duration_s * 1000));
    wo.languages = config_.output.caption_lang;
    if (wo.live_partials && progress_ && progress_->terminal()) {
      // The sentence being spoken is the sign of life; two redrawn lines would fight.
      client_->cancel(progress_timer_);
      progress_timer_ = 0;
      progress_->clear();
      progress_.reset();
      stdout_sink_.set_progress(nullptr);
    }
    writers.push_back(output::make_writer(wo, *sink));
  }
  if (writers.size() == 1) return std::move(writers.front());
  return std::unique_ptr<output::Writer>(std::make_unique<output::TeeWriter>(std::move(writers)));
}

bool Batch::start(size_t index) {
  const PlannedInput& input = inputs_[index];
  if (config_.input.skip_existing && all_outputs_exist(input)) {
    reporter_.info(1, display_name(input) + ": skipped, every output exists");
    states_[index].skipped = true;
    ++skipped_;
    finish_input(index, std::nullopt);
    return false;
  }
  if (input.path == "-" && !stdin_ready(index)) return false;
  net::Client* client = client_.get();
  auto wake = [client] { client->wake(); };
  // What the input needs is opened before its outputs: an input that cannot be read leaves no
  // output file.
  const bool in_parts = cut(input);
  std::unique_ptr<audio::Ring> ring;
  std::unique_ptr<audio::Capture> capture;
  if (util::Status opened =
          in_parts ? check_file(config_, model_, input.path) : open_input(input, ring, capture);
      !opened) {
    finish_input(index, opened.error());
    return false;
  }
  Active active;
  auto writer = open_outputs(index, active);
  if (!writer) {
    finish_input(index, writer.error());
    return false;
  }
  active.started_at = clock_.now();
  auto done = [this, index] { on_session_done(index); };
  if (in_parts) {
    // --parallel: the parts at once (parallel_input.h).
    active.job = std::make_unique<ParallelInput>(session_context(), input.path, display_name(input),
                                                 std::move(*writer), slots_, wake, done);
  } else {
    active.job = std::make_unique<Session>(session_context(), display_name(input), std::move(ring),
                                           std::move(capture), std::move(*writer), done);
  }
  InputJob* job = active.job.get();
  active_.emplace(index, std::move(active));
  ++slots_.used;
  job->start();
  return true;
}

void Batch::start_more() {
  if (stdin_timer_ != 0) return;  // waiting for standard input's first byte
  // Inputs already running first (--parallel's further parts), earliest first.
  for (auto& [index, active] : active_) {
    if (!slots_.free()) break;
    if (!active.job->finished()) active.job->start_more();
  }
  while (!stop_starting_ && slots_.free() && next_ < inputs_.size()) {
    size_t index = next_++;
    start(index);
    if (stdin_timer_ != 0) return;
  }
  if (active_.empty() && (stop_starting_ || next_ >= inputs_.size())) client_->stop();
}

void Batch::on_output_failed(size_t index, const Error& error) {
  auto it = active_.find(index);
  if (it == active_.end() || it->second.output_error) return;
  it->second.output_error = error;
  // Not from inside the writer that failed: end the input from a fresh callback.
  client_->schedule(std::chrono::microseconds(0), [this, index] {
    auto found = active_.find(index);
    if (found != active_.end() && !found->second.job->finished()) {
      found->second.job->abort(*found->second.output_error);
    }
  });
}

void Batch::on_stdout_failed(const Error& error) {
  if (stdout_error_) return;
  stdout_error_ = error;
  stop_starting_ = true;  // every later input would write there too
  client_->schedule(std::chrono::microseconds(0), [this] {
    for (auto& [index, active] : active_) {
      if (!active.job->finished()) active.job->abort(*stdout_error_);
    }
  });
}

void Batch::finish_input(size_t index, const std::optional<Error>& error) {
  InputState& state = states_[index];
  if (state.done) return;
  state.done = true;
  ++finished_;
  if (error) {
    last_failure_ = error->kind;
    ++failed_;
    // Errors about the input carry its name (audio/); others get it here.
    reporter_.error(error->input.empty() ? display_name(inputs_[index]) : error->input, *error);
  }
}

void Batch::on_session_done(size_t index) {
  Active& active = active_.at(index);
  InputJob& session = *active.job;
  const SessionOutcome& outcome = session.outcome();
  std::optional<Error> error = outcome.error;
  if (!error && active.output_error) error = active.output_error;
  if (!error && stdout_error_) error = stdout_error_;
  // Complete or absent: outputs of an input that failed or was cut short (Ctrl+C, `| head`) are
  // removed (batch outputs) or left as written (a live -o FILE); the others are renamed into
  // place, and an output that fails to close or rename fails its input.
  if (stdout_fd_sink_.closed() && !stdout_fd_sink_.failure()) stdout_closed_ = true;
  const bool complete = !error && !session.interrupted() && !stdout_closed_;
  for (auto& file : active.files) {
    if (!complete) {
      file->abandon();
      continue;
    }
    util::Status committed = file->commit();
    if (!committed && !error) error = committed.error();
  }
  if (error && error->kind == ErrorKind::kAuth) {
    auth_failed_ = true;
    stop_starting_ = true;
  }
  if (session.budget_stopped()) stop_starting_ = true;  // --max-cost: no more inputs either
  if (!error) audio_done_ms_ += outcome.stats.audio_ms;
  finish_input(index, error);
  if (config_.diag.stats) {
    const output::Stats& st = outcome.stats;
    std::string ids;
    for (const std::string& id : st.task_ids) ids += (ids.empty() ? "" : ",") + id;
    char line[512];
    std::snprintf(
        line, sizeof line,
        "stats: %s: task %s, audio %.2f s, sent %.2f s, billed %s s, first package %s ms, last "
        "package %s ms, reconnects %d",
        session.input_name().c_str(), ids.empty() ? "-" : ids.c_str(),
        static_cast<double>(st.audio_ms) / 1000.0, static_cast<double>(st.sent_audio_ms) / 1000.0,
        st.billed_seconds ? std::to_string(static_cast<long long>(*st.billed_seconds)).c_str()
                          : "-",
        st.first_package_delay_ms ? std::to_string(*st.first_package_delay_ms).c_str() : "-",
        st.last_package_delay_ms ? std::to_string(*st.last_package_delay_ms).c_str() : "-",
        st.reconnects);
    std::string text = line;
    // Qwen-Omni bills tokens: the answers' usage, summed.
    if (st.input_tokens || st.output_tokens) {
      text += ", tokens in " + (st.input_tokens ? std::to_string(*st.input_tokens) : "-") +
              " out " + (st.output_tokens ? std::to_string(*st.output_tokens) : "-");
    }
    if (st.estimated_cost) {
      char cost[96];
      std::snprintf(cost, sizeof cost, ", cost ~%.5f %s", st.estimated_cost->amount,
                    st.estimated_cost->currency.c_str());
      text += cost;
    }
    if (config_.cost.skip_silence && st.audio_ms > 0) {
      // What --skip-silence saved: audio never sent, and its price.
      char saved[128];
      const double seconds = static_cast<double>(st.skipped_ms) / 1000.0;
      std::snprintf(saved, sizeof saved, "; --skip-silence left out %.1f s (%.0f%% of the input)",
                    seconds,
                    100.0 * static_cast<double>(st.skipped_ms) / static_cast<double>(st.audio_ms));
      text += saved;
      if (config_.cost.price_per_second) {
        std::snprintf(saved, sizeof saved, ", saving ~%.5f %s",
                      seconds * *config_.cost.price_per_second, config_.cost.currency.c_str());
        text += saved;
      }
    }
    reporter_.line(text);
  }
  // The session goes (its ring, decoder and socket with it) and the next input starts, from a
  // fresh timer callback, not from inside this session's callback.
  client_->schedule(std::chrono::microseconds(0), [this, index] {
    active_.erase(index);
    --slots_.used;
    start_more();
  });
}

void Batch::on_wake() {
  if (!interrupted_ && interrupt_count() > 0) {
    interrupted_ = true;
    stop_starting_ = true;
    reporter_.info(1, "interrupted: finishing what was sent (Ctrl+C again to abort)");
    for (auto& [index, active] : active_) active.job->interrupt();
    if (stdin_timer_ != 0) {
      // Still waiting for standard input's first byte: there is nothing to finish.
      client_->cancel(stdin_timer_);
      stdin_timer_ = 0;
    }
  }
  if (stdout_fd_sink_.closed() && !stdout_fd_sink_.failure() && !stdout_closed_) {
    // `| head` closed the pipe: end quietly.
    stdout_closed_ = true;
    stop_starting_ = true;
    for (auto& [index, active] : active_) active.job->interrupt();
  }
  for (auto& [index, active] : active_) {
    if (!active.job->finished()) active.job->pump();
  }
  if (active_.empty() && stop_starting_) {
    client_->stop();
  } else if (slots_.free() && !stop_starting_) {
    start_more();  // a part of a --parallel input ended, or one finished its scan
  }
}

ProgressSnapshot Batch::snapshot() const {
  ProgressSnapshot p;
  p.total = inputs_.size();
  p.done = finished_;
  p.failed = failed_;
  p.skipped = skipped_;
  p.audio_done_ms = audio_done_ms_;
  const stream::TimePoint now = clock_.now();
  for (const auto& [index, active] : active_) {
    if (active.job->finished()) continue;
    ProgressSnapshot::Active a;
    a.name = display_name(inputs_[index]);
    a.position_ms = active.job->progress_ms();
    a.duration_ms = active.job->duration_ms();
    a.elapsed_s = std::chrono::duration<double>(now - active.started_at).count();
    p.active.push_back(std::move(a));
  }
  return p;
}

void Batch::draw_progress() {
  progress_timer_ = 0;
  if (!progress_) return;
  progress_->draw(format_progress(snapshot(), progress_->terminal() ? stderr_columns() : 200));
  progress_timer_ = client_->schedule(
      progress_->terminal() ? std::chrono::milliseconds(250) : std::chrono::milliseconds(2000),
      [this] { draw_progress(); });
}

int Batch::exit_status() const {
  if (auth_failed_) return kExitAuth;
  if (interrupted_) return kExitInterrupted;
  if (budget_.exhausted() && failed_ == 0) return kExitBudget;
  if (failed_ == 0) return kExitSuccess;
  if (inputs_.size() == 1 && last_failure_) return exit_status_for(*last_failure_);
  return kExitPartial;
}

int Batch::run() {
  util::Status ready = prepare();
  if (!ready) {
    reporter_.error("", ready.error());
    return exit_status_for(ready.error().kind);
  }
  run_started_at_ = clock_.now();
  const bool want_progress =
      config_.command == cli::Command::kFile &&
      (config_.diag.progress == cli::ProgressMode::kAlways ||
       (config_.diag.progress == cli::ProgressMode::kAuto && isatty(STDERR_FILENO) != 0));
  if (want_progress) {
    progress_ = std::make_unique<ProgressLine>(STDERR_FILENO, isatty(STDERR_FILENO) != 0);
    if (progress_->terminal()) {
      reporter_.set_before_write([this] {
        if (progress_) progress_->clear();
      });
      if (isatty(STDOUT_FILENO) != 0) stdout_sink_.set_progress(progress_.get());
    }
    progress_timer_ =
        client_->schedule(std::chrono::milliseconds(250), [this] { draw_progress(); });
  }
  stdout_fd_sink_.set_on_failure([this](const Error& error) { on_stdout_failed(error); });
  client_->set_wake_handler([this] { on_wake(); });
  net::Client* client = client_.get();
  set_interrupt_handler([client] { client->wake(); });
  client_->schedule(std::chrono::microseconds(0), [this] { start_more(); });
  client_->run();
  set_interrupt_handler(nullptr);
  if (progress_) progress_->clear();
  stdout_sink_.set_progress(nullptr);
  reporter_.set_before_write(nullptr);
  for (auto& [index, active] : active_) {
    for (auto& file : active.files) file->abandon();
  }
  active_.clear();
  client_.reset();
  progress_.reset();
  if (inputs_.size() > 1) {
    const double wall_s = std::chrono::duration<double>(clock_.now() - run_started_at_).count();
    reporter_.info(0, format_summary(snapshot(), wall_s));
  }
  return exit_status();
}
}  // namespace

int run_transcribe(const cli::Config& config, Reporter& reporter) {
  if (config.command == cli::Command::kMic && config.input.with_system) {
    return run_meeting(config, reporter);  // two streams (meeting.h)
  }
  Batch batch(config, reporter);
  return batch.run();
}

}  // namespace dsasr::app
