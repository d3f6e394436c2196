#include "app/meeting.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/batch_plan.h"
#include "app/cost_budget.h"
#include "app/exit_status.h"
#include "app/meeting_merge.h"
#include "app/reporter.h"
#include "app/service_checks.h"
#include "app/session.h"
#include "app/signals.h"
#include "audio/pulse_capture.h"
#include "audio/pulse_sources.h"
#include "audio/ring.h"
#include "audio/speech_detector.h"
#include "audio/stereo_save.h"
#include "net/client.h"
#include "net/url.h"
#include "output/output_file.h"
#include "output/sink.h"
#include "output/writer.h"
#include "protocol/ids.h"
#include "protocol/models.h"
#include "stream/clock.h"

namespace dsasr::app {

namespace {

using util::Error;
using util::ErrorKind;

// The idle rule of MeetingMerge depends on the time: held sentences are looked at this often.
constexpr auto kReleaseEvery = std::chrono::milliseconds(250);

// An SRT or VTT output shared by both streams: every cue's first text line starts with the label
// of the stream whose sentence is being written (set before each sentence), so a sentence split
// into several cues has its label on each.
class CueLabelSink final : public output::Sink {
 public:
  explicit CueLabelSink(output::Sink& inner) : inner_(inner) {}
  void set_label(std::string label) { label_ = std::move(label); }
  void write(std::string_view record) override {
    // A cue: an optional number line, the timing line ("... --> ..."), then the text lines.
    const size_t arrow = record.find(" --> ");
    const size_t text = arrow == std::string_view::npos ? arrow : record.find('\n', arrow);
    if (label_.empty() || text == std::string_view::npos || text + 1 >= record.size()) {
      inner_.write(record);
      return;
    }
    std::string labelled(record.substr(0, text + 1));
    labelled += label_ + ": ";
    labelled += record.substr(text + 1);
    inner_.write(labelled);
  }
  bool closed() const override { return inner_.closed(); }

 private:
  output::Sink& inner_;
  std::string label_;
};

class Meeting {
 public:
  Meeting(const cli::Config& config, Reporter& reporter) : config_(config), reporter_(reporter) {
    if (config.cost.max_cost && config.cost.price_per_second) {
      budget_ = CostBudget(*config.cost.max_cost, *config.cost.price_per_second);
    }
  }
  int run();

 private:
  class StreamWriter;
  struct Stream {
    MeetingStream id = MeetingStream::kMic;
    std::string name;   // "mic", "system": messages, jsonl "source"
    std::string label;  // --labels
    std::unique_ptr<Session> session;
    std::vector<std::unique_ptr<output::Writer>> writers;  // its text and jsonl writers
    bool done = false;
    std::optional<Error> error;
  };

  util::Status prepare();
  util::Status open_streams();
  util::Status open_outputs();
  void start();
  void on_wake();
  void on_session_done(Stream& stream);
  void release();
  void finish();
  int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - t0_).count();
  }

  const cli::Config& config_;
  Reporter& reporter_;
  std::unique_ptr<net::Client> client_;
  net::Url url_;
  const protocol::Model* model_ = nullptr;
  protocol::RandomIdGenerator ids_;
  stream::SteadyClock clock_;
  CostBudget budget_;  // --max-cost, shared by both streams
  stream::TimePoint t0_{};
  output::FdSink stdout_sink_{STDOUT_FILENO};
  std::vector<std::unique_ptr<output::OutputFile>> files_;
  std::vector<std::unique_ptr<CueLabelSink>> cue_sinks_;
  std::vector<std::unique_ptr<output::Writer>> caption_writers_;  // srt, vtt: both streams
  std::unique_ptr<audio::StereoSaveFile> save_;
  Stream streams_[2];
  // Filled by open_streams(), handed to the sessions by start().
  std::unique_ptr<audio::Ring> rings_[2];
  std::unique_ptr<audio::Capture> captures_[2];
  std::unique_ptr<MeetingMerge> merge_;
  net::TimerId release_timer_ = 0;
  std::optional<Error> output_error_;  // the first output file that failed
  bool interrupted_ = false;
  bool stdout_closed_ = false;
  bool finished_ = false;
};

// What a Session writes to: its stream's side of the meeting.
class Meeting::StreamWriter final : public output::Writer {
 public:
  StreamWriter(Meeting& meeting, Stream& stream) : meeting_(meeting), stream_(stream) {}

  void partial(const protocol::Sentence& sentence, const std::string& task_id) override {
    meeting_.merge_->partial(stream_.id, sentence);
    for (auto& w : stream_.writers) w->partial(sentence, task_id);
    meeting_.release();
  }
  void final(const protocol::Sentence& sentence, const std::string& task_id) override {
    meeting_.merge_->final(stream_.id, sentence, task_id);
    meeting_.release();
  }
  void error(const std::string& code, const std::string& message, int exit_code) override {
    for (auto& w : stream_.writers) w->error(code, message, exit_code);
  }
  void gap(int64_t begin_ms, int64_t end_ms) override {
    for (auto& w : stream_.writers) w->gap(begin_ms, end_ms);
  }
  void stats(const output::Stats& stats) override {
    for (auto& w : stream_.writers) w->stats(stats);
  }
  // The writers themselves finish once both streams have (Meeting::finish()).
  void finish() override {
    meeting_.merge_->ended(stream_.id);
    meeting_.release();
  }

 private:
  Meeting& meeting_;
  Stream& stream_;
};

util::Status Meeting::prepare() {
  model_ = protocol::find_model(config_.request.model);
  auto url = net::parse_url(config_.service.endpoint);
  if (!url) return url.error();
  url_ = *url;
  if (util::Status key = require_api_key(config_.service); !key) return key;
  warn_if_insecure(config_.service, "the audio", reporter_);
  streams_[0].id = MeetingStream::kMic;
  streams_[0].name = "mic";
  streams_[0].label = config_.input.labels.at(0);
  streams_[1].id = MeetingStream::kSystem;
  streams_[1].name = "system";
  streams_[1].label = config_.input.labels.at(1);
  merge_ = std::make_unique<MeetingMerge>(config_.input.echo_guard);
  net::ClientOptions options;
  options.ca_file = config_.service.ca_file;
  options.insecure = config_.service.insecure;
  options.verbosity = config_.diag.verbosity;
  auto client = net::Client::create(options);
  if (!client) return client.error();
  client_ = std::move(*client);
  return {};
}

util::Status Meeting::open_streams() {
  auto snapshot = audio::query_pulse();
  if (!snapshot) {
    Error e = snapshot.error();
    e.message = "--with-system: " + e.message;
    return e;
  }
  std::string mic_source;
  if (config_.input.device) {
    if (!audio::find_source(*snapshot, *config_.input.device)) {
      return Error(ErrorKind::kInput,
                   "--with-system: -d " + *config_.input.device +
                       " is not one of the sound server's sources",
                   "name a source as 'dsasr devices' lists it under the sound server");
    }
    mic_source = *config_.input.device;
  } else {
    auto source = audio::default_source(*snapshot);
    if (!source) return source.error();
    mic_source = *source;
  }
  auto system_source = audio::system_source(*snapshot, std::nullopt);
  if (!system_source) return system_source.error();
  if (mic_source == *system_source) {
    reporter_.warning("", "the microphone is the default sink's monitor '" + mic_source +
                              "': both streams record the same audio");
  }

  const int rate = config_.request.sample_rate_hz;
  const std::string sources[2] = {mic_source, *system_source};
  net::Client* client = client_.get();
  for (int i = 0; i < 2; ++i) {
    rings_[i] = std::make_unique<audio::Ring>(
        static_cast<size_t>(std::llround(config_.input.buffer_s * rate)));
    audio::PulseCaptureOptions options;
    options.source = sources[i];
    options.input_name = streams_[i].name;
    options.model_rate_hz = rate;
    options.duration_sec = config_.input.duration_s;
    if (config_.input.save) {
      // save_ is created once both captures are open (a stream that cannot be opened leaves no
      // file), before either starts.
      options.tap = [this, i](const int16_t* samples, size_t n) {
        return save_->channel_tap(i)(samples, n);
      };
    }
    auto capture = audio::PulseCapture::open(options, *rings_[i], [client] { client->wake(); });
    if (!capture) return capture.error();
    captures_[i] = std::move(*capture);
    if (config_.cost.skip_silence) {
      auto detector = audio::make_webrtc_speech_detector(rate, config_.cost.vad_aggressiveness);
      if (!detector) return detector.error();
      rings_[i]->detect_speech(std::move(*detector));
    }
    // Both timelines start when the first stream opened (the second follows within
    // milliseconds).
    if (i == 0) t0_ = clock_.now();
  }
  if (config_.input.save) {
    auto save = audio::StereoSaveFile::create(*config_.input.save, rate);
    if (!save) return save.error();
    save_ = std::move(*save);
  }
  return {};
}

util::Status Meeting::open_outputs() {
  const PlannedInput input{"mic", "mic"};
  for (const PlannedOutput& planned : plan_outputs(config_.output, input)) {
    output::Sink* sink = &stdout_sink_;
    if (planned.path != "-") {
      auto file = output::OutputFile::open(planned.path, planned.atomic, planned.atomic);
      if (!file) return file.error();
      (*file)->sink().set_on_failure([this](const Error& e) {
        if (output_error_) return;
        output_error_ = e;
        // Not from inside the writer that failed.
        client_->schedule(std::chrono::microseconds(0), [this] {
          for (Stream& stream : streams_) {
            if (stream.session && !stream.session->finished()) stream.session->interrupt();
          }
        });
      });
      sink = &(*file)->sink();
      files_.push_back(std::move(*file));
    }
    output::WriterOptions wo;
    wo.format = planned.format;
    wo.partials = config_.output.partials;
    // Two streams' partials would fight over one redrawn line: finals only.
    wo.live_partials = false;
    wo.terminal_columns = 80;
    wo.words = config_.output.words;
    wo.input = "mic";
    wo.timestamps = config_.output.timestamps;
    wo.captions.max_line_width = config_.output.max_line_width;
    wo.captions.max_lines = config_.output.max_lines;
    wo.captions.max_cue_duration_ms =
        static_cast<int64_t>(std::llround(config_.output.max_cue_duration_s * 1000));
    wo.languages = config_.output.caption_lang;
    if (wo.format == output::Format::kSrt || wo.format == output::Format::kVtt) {
      cue_sinks_.push_back(std::make_unique<CueLabelSink>(*sink));
      caption_writers_.push_back(output::make_writer(wo, *cue_sinks_.back()));
      continue;
    }
    for (Stream& stream : streams_) {
      output::WriterOptions own = wo;
      own.source = stream.name;
      own.text_prefix = stream.label + ": ";
      stream.writers.push_back(output::make_writer(own, *sink));
    }
  }
  return {};
}

void Meeting::start() {
  SessionContext ctx;
  ctx.client = client_.get();
  ctx.config = &config_;
  ctx.model = model_;
  ctx.url = url_;
  ctx.reporter = &reporter_;
  ctx.ids = &ids_;
  ctx.clock = &clock_;
  ctx.budget = &budget_;
  for (int i = 0; i < 2; ++i) {
    Stream& stream = streams_[i];
    stream.session =
        std::make_unique<Session>(ctx, stream.name, std::move(rings_[i]), std::move(captures_[i]),
                                  std::make_unique<StreamWriter>(*this, stream),
                                  [this, &stream] { on_session_done(stream); });
  }
  for (Stream& stream : streams_) stream.session->start();
  release_timer_ = client_->schedule(kReleaseEvery, [this] {
    release_timer_ = 0;
    release();
  });
}

void Meeting::release() {
  for (MeetingMerge::Released& r : merge_->release(now_ms())) {
    Stream& stream = streams_[static_cast<int>(r.stream)];
    for (auto& w : stream.writers) w->final(r.sentence, r.task_id);
    for (auto& sink : cue_sinks_) sink->set_label(stream.label);
    for (auto& w : caption_writers_) w->final(r.sentence, r.task_id);
  }
  if (!finished_ && release_timer_ == 0 && !merge_->all_ended()) {
    release_timer_ = client_->schedule(kReleaseEvery, [this] {
      release_timer_ = 0;
      release();
    });
  }
}

void Meeting::on_wake() {
  if (!interrupted_ && interrupt_count() > 0) {
    interrupted_ = true;
    reporter_.info(1, "interrupted: finishing what was sent (Ctrl+C again to abort)");
    for (Stream& stream : streams_) {
      if (stream.session && !stream.session->finished()) stream.session->interrupt();
    }
  }
  if (stdout_sink_.closed() && !stdout_closed_) {
    // `| head` closed the pipe: end quietly.
    stdout_closed_ = true;
    for (Stream& stream : streams_) {
      if (stream.session && !stream.session->finished()) stream.session->interrupt();
    }
  }
  for (Stream& stream : streams_) {
    if (stream.session && !stream.session->finished()) stream.session->pump();
  }
}

void Meeting::on_session_done(Stream& stream) {
  stream.done = true;
  const SessionOutcome& outcome = stream.session->outcome();
  if (outcome.error) {
    stream.error = outcome.error;
    reporter_.error(stream.name, *outcome.error);
    // A meeting with one side missing is not what was asked for: the other side finishes too.
    for (Stream& other : streams_) {
      if (!other.done && other.session && !other.session->finished()) other.session->interrupt();
    }
  }
  if (config_.diag.stats) {
    const output::Stats& st = outcome.stats;
    std::string ids;
    for (const std::string& id : st.task_ids) ids += (ids.empty() ? "" : ",") + id;
    char line[512];
    std::snprintf(
        line, sizeof line,
        "stats: %s: task %s, audio %.2f s, billed %s s, first package %s ms, last "
        "package %s ms, reconnects %d",
        stream.name.c_str(), ids.empty() ? "-" : ids.c_str(),
        static_cast<double>(st.audio_ms) / 1000.0,
        st.billed_seconds ? std::to_string(static_cast<long long>(*st.billed_seconds)).c_str()
                          : "-",
        st.first_package_delay_ms ? std::to_string(*st.first_package_delay_ms).c_str() : "-",
        st.last_package_delay_ms ? std::to_string(*st.last_package_delay_ms).c_str() : "-",
        st.reconnects);
    reporter_.line(line);
  }
  if (streams_[0].done && streams_[1].done) {
    // Not from inside the session's own callback.
    client_->schedule(std::chrono::microseconds(0), [this] { finish(); });
  }
}

void Meeting::finish() {
  merge_->ended(MeetingStream::kMic);
  merge_->ended(MeetingStream::kSystem);
  release();
  finished_ = true;
  client_->cancel(release_timer_);
  release_timer_ = 0;
  for (Stream& stream : streams_) {
    for (auto& w : stream.writers) w->finish();
  }
  for (auto& w : caption_writers_) w->finish();
  if (config_.input.echo_guard) {
    reporter_.info(1, "echo guard: dropped " + std::to_string(merge_->echoes_dropped()) +
                          " microphone sentence(s) that repeated the system's");
  }
  client_->stop();
}

int Meeting::run() {
  auto fail = [this](const Error& e) {
    reporter_.error(e.input, e);
    return static_cast<int>(exit_status_for(e.kind));
  };
  if (auto st = prepare(); !st) return fail(st.error());
  if (auto st = open_streams(); !st) return fail(st.error());
  if (auto st = open_outputs(); !st) return fail(st.error());
  for (const Stream& s : streams_) {
    reporter_.info(1, s.name + ": " + captures_[static_cast<int>(s.id)]->description());
  }
  client_->set_wake_handler([this] { on_wake(); });
  net::Client* client = client_.get();
  set_interrupt_handler([client] { client->wake(); });
  client_->schedule(std::chrono::microseconds(0), [this] { start(); });
  client_->run();
  set_interrupt_handler(nullptr);

  std::optional<Error> error;
  for (const Stream& s : streams_) {
    if (s.error && !error) error = s.error;
  }
  if (output_error_ && !error) {
    error = output_error_;
    reporter_.error("", *error);
  }
  // The sessions go first: their captures' threads end, so the --save file is complete.
  for (Stream& s : streams_) s.session.reset();
  if (save_) {
    if (auto closed = save_->close(); !closed && !error) {
      error = closed.error();
      reporter_.error("", *error);
    }
  }
  const bool complete = !error && !interrupted_ && !stdout_closed_ && !budget_.exhausted();
  for (auto& file : files_) {
    if (!complete) {
      file->abandon();
      continue;
    }
    if (auto committed = file->commit(); !committed && !error) {
      error = committed.error();
      reporter_.error("", *error);
    }
  }
  client_.reset();
  if (error) return exit_status_for(error->kind);
  if (interrupted_) return kExitInterrupted;
  if (budget_.exhausted()) return kExitBudget;
  return kExitSuccess;
}

}  // namespace

int run_meeting(const cli::Config& config, Reporter& reporter) {
  Meeting meeting(config, reporter);
  return meeting.run();
}

}  // namespace dsasr::app
