#include "app/transcribe.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "app/exit_status.h"
#include "app/reporter.h"
#include "app/session.h"
#include "app/signals.h"
#include "audio/converter.h"
#include "audio/file_capture.h"
#include "audio/mic_capture.h"
#include "audio/ring.h"
#include "audio/source.h"
#include "net/client.h"
#include "net/url.h"
#include "output/sink.h"
#include "output/writer.h"
#include "protocol/ids.h"
#include "protocol/models.h"
#include "stream/clock.h"

namespace dsasr::app {

namespace {

using util::Error;
using util::ErrorKind;

output::Format to_output_format(cli::OutputFormat f) {
  switch (f) {
    case cli::OutputFormat::kText:
      return output::Format::kText;
    case cli::OutputFormat::kJsonl:
      return output::Format::kJsonl;
    case cli::OutputFormat::kSrt:
      return output::Format::kSrt;
    case cli::OutputFormat::kVtt:
      return output::Format::kVtt;
  }
  return output::Format::kText;
}

const char* extension_for(cli::OutputFormat f) {
  switch (f) {
    case cli::OutputFormat::kText:
      return "txt";
    case cli::OutputFormat::kJsonl:
      return "jsonl";
    case cli::OutputFormat::kSrt:
      return "srt";
    case cli::OutputFormat::kVtt:
      return "vtt";
  }
  return "txt";
}

// "dir/meeting.final.wav" -> "meeting.final"; "-" -> "stdin".
std::string stem_of(const std::string& path) {
  if (path == "-") return "stdin";
  std::string base = path.substr(path.find_last_of('/') + 1);
  auto dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base.erase(dot);
  return base.empty() ? "output" : base;
}

util::Status make_directories(const std::string& dir) {
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST) {
      return Error(ErrorKind::kUsage,
                   "cannot create the output directory " + partial + ": " + std::strerror(errno));
    }
  }
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Error(ErrorKind::kUsage, dir + " is not a directory");
  }
  return {};
}

int terminal_columns() {
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

// Error messages from audio/ already start with the input's name.
std::string input_label_for(const std::string& input, const Error& error) {
  std::string display = input == "-" ? "stdin" : input;
  if (error.message.rfind(display + ":", 0) == 0 || error.message.rfind(input + ":", 0) == 0) {
    return "";
  }
  return display;
}

class Batch {
 public:
  Batch(const cli::Config& config, Reporter& reporter) : config_(config), reporter_(reporter) {}
  int run();

 private:
  struct Input {
    std::string path;
    std::string output_path;  // "" = stdout
    std::optional<Error> error;
    bool started = false;
    bool done = false;
  };

  util::Status prepare();
  void start_more();
  util::Result<std::unique_ptr<audio::Capture>> open_capture(const Input& input, audio::Ring& ring,
                                                             std::function<void()> wake);
  bool start(Input& input, size_t index);
  void on_session_done(size_t index);
  void on_wake();
  void report_input_error(const Input& input, const Error& error);
  void write_failed_output(const Input& input, const Error& error);
  int exit_status() const;

  const cli::Config& config_;
  Reporter& reporter_;
  std::vector<Input> inputs_;
  std::unique_ptr<net::Client> client_;
  net::Url url_;
  const protocol::Model* model_ = nullptr;
  protocol::RandomIdGenerator ids_;
  stream::SteadyClock clock_;
  output::FdSink stdout_sink_{STDOUT_FILENO};
  std::vector<int> output_fds_;
  std::vector<std::unique_ptr<output::FdSink>> file_sinks_;
  std::map<size_t, std::unique_ptr<Session>> sessions_;
  size_t next_ = 0;
  int active_ = 0;
  bool interrupted_ = false;
  bool stop_starting_ = false;
  bool auth_failed_ = false;
  bool stdout_closed_ = false;
};

util::Status Batch::prepare() {
  model_ = protocol::find_model(config_.request.model);
  auto url = net::parse_url(config_.service.endpoint);
  if (!url) return url.error();
  url_ = *url;
  if (config_.service.api_key.empty()) {
    std::string looked;
    for (const std::string& place : config_.service.api_key_searched) {
      looked += (looked.empty() ? "" : ", ") + place;
    }
    return Error(ErrorKind::kAuth, "no DashScope API key found (looked in: " + looked + ")",
                 "export DASHSCOPE_API_KEY=sk-... or use --api-key-file FILE; for a local "
                 "emulator any value works (scripts/demo)");
  }
  std::set<std::string> stems;
  for (const std::string& path : config_.input.paths) {
    Input in;
    in.path = path;
    if (config_.output.output_dir) {
      std::string stem = stem_of(path);
      if (!stems.insert(stem).second) {
        return Error(ErrorKind::kUsage,
                     "two inputs would both write " + stem + "." +
                         extension_for(config_.output.format) + " in " + *config_.output.output_dir,
                     "rename one input or transcribe them into different directories");
      }
      in.output_path =
          *config_.output.output_dir + "/" + stem + "." + extension_for(config_.output.format);
    } else if (config_.output.output && *config_.output.output != "-") {
      in.output_path = *config_.output.output;
    }
    inputs_.push_back(std::move(in));
  }
  if (config_.output.output_dir) {
    util::Status made = make_directories(*config_.output.output_dir);
    if (!made) return made;
  }
  if (config_.service.insecure) {
    reporter_.warning("",
                      "--insecure: the server's TLS certificate is NOT verified; anyone on "
                      "the path can read the audio and the API key");
  }
  net::ClientOptions options;
  options.ca_file = config_.service.ca_file;
  options.insecure = config_.service.insecure;
  options.verbosity = config_.diag.verbosity;
  auto client = net::Client::create(options);
  if (!client) return client.error();
  client_ = std::move(*client);
  return {};
}

util::Result<std::unique_ptr<audio::Capture>> Batch::open_capture(const Input& input,
                                                                  audio::Ring& ring,
                                                                  std::function<void()> wake) {
  int model_rate = config_.request.sample_rate_hz;
  if (config_.command == cli::Command::kMic) {
    audio::MicOptions options;
    options.device = config_.input.device;
    options.model_rate_hz = model_rate;
    options.duration_sec = config_.input.duration_s;
    options.save_path = config_.input.save;
    auto mic = audio::MicCapture::open(options, ring, std::move(wake));
    if (!mic) return mic.error();
    return std::unique_ptr<audio::Capture>(std::move(*mic));
  }
  audio::RawFormat raw;
  if (config_.input.raw_rate_hz) {
    raw.sample_rate_hz = *config_.input.raw_rate_hz;
    raw.channels = config_.input.raw_channels;
  }
  auto source = audio::open_source(input.path, config_.input.raw_rate_hz ? &raw : nullptr);
  if (!source) return source.error();
  auto converter =
      audio::Converter::create((*source)->sample_rate_hz(), (*source)->channels(), model_rate);
  if (!converter) return converter.error();
  return std::unique_ptr<audio::Capture>(std::make_unique<audio::FileCapture>(
      std::move(*source), std::move(*converter), ring, std::move(wake)));
}

// With --output-dir every input gets its file, even one that could not be read: an empty but
// valid one (a WebVTT header, an empty SRT), and in jsonl the error record, so a batch's
// results can be collected without a special case for failed inputs.
void Batch::write_failed_output(const Input& input, const Error& error) {
  if (!config_.output.output_dir || input.output_path.empty()) return;
  int fd = ::open(input.output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return;  // the input's own error has been reported; nothing more to say
  output::FdSink sink(fd);
  output::WriterOptions wo;
  wo.format = to_output_format(config_.output.format);
  wo.input = input.path;
  auto writer = output::make_writer(wo, sink);
  writer->error(error_code_name(error.kind), error.message, exit_status_for(error.kind));
  writer->finish();
  ::close(fd);
}

void Batch::report_input_error(const Input& input, const Error& error) {
  reporter_.error(input_label_for(input.path, error), error);
}

bool Batch::start(Input& input, size_t index) {
  input.started = true;
  int model_rate = config_.request.sample_rate_hz;
  // A microphone's ring is also what bridges an outage (--buffer); a file just waits for room.
  const size_t capacity =
      config_.command == cli::Command::kMic
          ? static_cast<size_t>(std::llround(config_.input.buffer_s * model_rate))
          : audio::Ring::default_capacity_samples(model_rate);
  auto ring = std::make_unique<audio::Ring>(capacity);
  net::Client* client = client_.get();
  auto capture = open_capture(input, *ring, [client] { client->wake(); });
  if (!capture) {
    input.error = capture.error();
    input.done = true;
    report_input_error(input, capture.error());
    write_failed_output(input, capture.error());
    return false;
  }
  // The output: stdout, or a file of this input's own (created only once the input opened).
  output::Sink* sink = &stdout_sink_;
  if (!input.output_path.empty()) {
    int fd = ::open(input.output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      input.error = Error(ErrorKind::kUsage,
                          "cannot write " + input.output_path + ": " + std::strerror(errno));
      input.done = true;
      report_input_error(input, *input.error);
      return false;
    }
    output_fds_.push_back(fd);
    file_sinks_.push_back(std::make_unique<output::FdSink>(fd));
    sink = file_sinks_.back().get();
  }
  bool shared_stdout = input.output_path.empty() && inputs_.size() > 1;
  output::WriterOptions wo;
  wo.format = to_output_format(config_.output.format);
  wo.partials = config_.output.partials;
  // Interim results redrawn in place: on a terminal only, with --partials (always for mic).
  wo.live_partials = wo.format == output::Format::kText && input.output_path.empty() &&
                     (config_.output.partials || config_.command == cli::Command::kMic) &&
                     !shared_stdout && isatty(STDOUT_FILENO) != 0;
  wo.terminal_columns = terminal_columns();
  wo.words = config_.output.words;
  wo.input = input.path;
  wo.text_prefix = shared_stdout ? (input.path == "-" ? "stdin" : input.path) + ": " : "";
  wo.captions.max_line_width = config_.output.max_line_width;
  wo.captions.max_lines = config_.output.max_lines;
  wo.captions.max_cue_duration_ms =
      static_cast<int64_t>(std::llround(config_.output.max_cue_duration_s * 1000));
  switch (config_.output.caption_lang) {
    case cli::CaptionLang::kSource:
      wo.languages = output::CaptionLanguages::kSource;
      break;
    case cli::CaptionLang::kTarget:
      wo.languages = output::CaptionLanguages::kTarget;
      break;
    case cli::CaptionLang::kBoth:
      wo.languages = output::CaptionLanguages::kBoth;
      break;
  }
  auto writer = output::make_writer(wo, *sink);

  SessionContext ctx;
  ctx.client = client_.get();
  ctx.config = &config_;
  ctx.model = model_;
  ctx.url = url_;
  ctx.reporter = &reporter_;
  ctx.ids = &ids_;
  ctx.clock = &clock_;
  std::string name = input.path == "-" ? "stdin" : input.path;
  auto session =
      std::make_unique<Session>(ctx, name, std::move(ring), std::move(*capture), std::move(writer),
                                [this, index] { on_session_done(index); });
  Session* raw_session = session.get();
  sessions_[index] = std::move(session);
  ++active_;
  raw_session->start();
  return true;
}

void Batch::start_more() {
  while (!stop_starting_ && active_ < std::max(1, config_.jobs) && next_ < inputs_.size()) {
    size_t index = next_++;
    start(inputs_[index], index);
  }
  if (active_ == 0 && (stop_starting_ || next_ >= inputs_.size())) client_->stop();
}

void Batch::on_session_done(size_t index) {
  Input& input = inputs_[index];
  Session& session = *sessions_[index];
  input.done = true;
  --active_;
  const SessionOutcome& outcome = session.outcome();
  if (outcome.error) {
    input.error = outcome.error;
    report_input_error(input, *outcome.error);
    if (outcome.error->kind == ErrorKind::kAuth) {
      auth_failed_ = true;
      stop_starting_ = true;
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
        session.input_name().c_str(), ids.empty() ? "-" : ids.c_str(),
        static_cast<double>(st.audio_ms) / 1000.0,
        st.billed_seconds ? std::to_string(static_cast<long long>(*st.billed_seconds)).c_str()
                          : "-",
        st.first_package_delay_ms ? std::to_string(*st.first_package_delay_ms).c_str() : "-",
        st.last_package_delay_ms ? std::to_string(*st.last_package_delay_ms).c_str() : "-",
        st.reconnects);
    reporter_.line(line);
  }
  if (stdout_sink_.closed()) stdout_closed_ = true;
  // Start the next input from a fresh timer callback, not from inside this session's callback.
  client_->schedule(std::chrono::microseconds(0), [this] { start_more(); });
}

void Batch::on_wake() {
  if (!interrupted_ && interrupt_count() > 0) {
    interrupted_ = true;
    stop_starting_ = true;
    reporter_.info(1, "interrupted: finishing what was sent (Ctrl+C again to abort)");
    for (auto& [index, session] : sessions_) session->interrupt();
  }
  if (stdout_sink_.closed() && !stdout_closed_) {
    // `| head` closed the pipe: end quietly.
    stdout_closed_ = true;
    stop_starting_ = true;
    for (auto& [index, session] : sessions_) session->interrupt();
  }
  for (auto& [index, session] : sessions_) {
    if (!session->finished()) session->pump();
  }
  if (active_ == 0 && stop_starting_) client_->stop();
}

int Batch::exit_status() const {
  if (auth_failed_) return kExitAuth;
  size_t failed = 0;
  const Input* last_failed = nullptr;
  for (const Input& in : inputs_) {
    if (in.error) {
      ++failed;
      last_failed = &in;
    }
  }
  if (interrupted_) return kExitInterrupted;
  if (failed == 0) return kExitSuccess;
  if (inputs_.size() == 1) return exit_status_for(last_failed->error->kind);
  return kExitPartial;
}

int Batch::run() {
  util::Status ready = prepare();
  if (!ready) {
    reporter_.error("", ready.error());
    return exit_status_for(ready.error().kind);
  }
  client_->set_wake_handler([this] { on_wake(); });
  net::Client* client = client_.get();
  set_interrupt_handler([client] { client->wake(); });
  client_->schedule(std::chrono::microseconds(0), [this] { start_more(); });
  client_->run();
  set_interrupt_handler(nullptr);
  sessions_.clear();
  client_.reset();
  for (int fd : output_fds_) ::close(fd);
  return exit_status();
}

}  // namespace

int run_transcribe(const cli::Config& config, Reporter& reporter) {
  Batch batch(config, reporter);
  return batch.run();
}

}  // namespace dsasr::app
