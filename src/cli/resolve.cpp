#include "cli/resolve.h"

#include <algorithm>

#include "cli/api_key.h"
#include "cli/config_file.h"
#include "cli/doctor_plan.h"
#include "cli/endpoint.h"
#include "cli/request_builder.h"
#include "cli/values.h"
#include "protocol/models.h"
#include "protocol/prices.h"

namespace dsasr::cli {

namespace {

using O = OptionId;

std::optional<std::string> optional_value(const ParsedArgs& args, OptionId id) {
  if (!args.has(id)) return std::nullopt;
  return args.last(id);
}

util::Result<int> integer_option(const ParsedArgs& args, OptionId id, long min, long max,
                                 int fallback) {
  if (!args.has(id)) return fallback;
  auto v = parse_integer(option(id).long_flag(), args.last(id), min, max);
  if (!v) return v.error();
  return static_cast<int>(*v);
}

util::Status require_value(const ParsedArgs& args, OptionId id) {
  if (args.has(id) && args.last(id).empty()) {
    return usage_error(option(id).long_flag() + ": the value is empty");
  }
  return {};
}

// Service and credentials.
util::Status resolve_service(const ParsedArgs& args, const ModelChoice& choice,
                             const Environment& env, ServiceConfig& out) {
  for (OptionId id :
       {O::kRegion, O::kEndpoint, O::kHttpEndpoint, O::kWorkspace, O::kApiKeyFile, O::kCaFile}) {
    if (auto st = require_value(args, id); !st) return st;
  }
  if (args.has(O::kRegion)) {
    auto i = parse_choice("--region", args.last(O::kRegion), {"beijing", "singapore"});
    if (!i) return i.error();
    out.region = *i == 0 ? Region::kBeijing : Region::kSingapore;
  }
  if (auto st = check_region(choice, out.region); !st) return st;

  auto endpoint = resolve_endpoint(optional_value(args, O::kEndpoint), out.region, choice.family,
                                   choice.name, env);
  if (!endpoint) return endpoint.error();
  auto http_base =
      resolve_http_base(optional_value(args, O::kHttpEndpoint), *endpoint, out.region, env);
  if (!http_base) return http_base.error();
  out.http_base = std::move(http_base->url);
  out.http_base_origin = std::move(http_base->origin);
  out.endpoint = std::move(endpoint->url);
  out.endpoint_origin = std::move(endpoint->origin);

  out.workspace = optional_value(args, O::kWorkspace);

  auto key = find_api_key(optional_value(args, O::kApiKeyFile), env);
  if (!key) return key.error();
  out.api_key = std::move(key->key);
  out.api_key_origin = std::move(key->origin);
  out.api_key_searched = std::move(key->searched);

  if (args.has(O::kCaFile)) {
    const std::string& path = args.last(O::kCaFile);
    PathKind kind = env.path_kind(path);
    if (kind == PathKind::kMissing) return usage_error("--ca-file: no such file: " + path);
    if (kind == PathKind::kDirectory) return usage_error("--ca-file: " + path + " is a directory");
    out.ca_file = path;
  }
  out.insecure = args.has(O::kInsecure);
  auto retries = integer_option(args, O::kRetries, 0, 100, out.retries);
  if (!retries) return retries.error();
  out.retries = *retries;
  return {};
}

// The parent directories of `dir` up to the first that exists must be directories, so app/
// can create the rest.
util::Status check_output_dir(const std::string& dir, const Environment& env) {
  if (dir.empty()) return usage_error("--output-dir: the value is empty");
  std::string path = dir;
  while (true) {
    PathKind kind = env.path_kind(path);
    if (kind == PathKind::kDirectory) return {};
    if (kind != PathKind::kMissing) {
      return usage_error("--output-dir " + dir + ": " + path + " exists and is not a directory");
    }
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return {};  // relative: the working directory exists
    path = slash == 0 ? "/" : path.substr(0, slash);
  }
}

// Colour: --color, else NO_COLOR (any non-empty value, per no-color.org), else auto.
util::Status resolve_color(const ParsedArgs& args, const Environment& env, ColorMode& out) {
  if (args.has(O::kColor)) {
    auto i = parse_choice("--color", args.last(O::kColor), {"auto", "always", "never"});
    if (!i) return i.error();
    out = static_cast<ColorMode>(*i);
  } else if (auto v = env.get("NO_COLOR"); v && !v->empty()) {
    out = ColorMode::kNever;
  }
  return {};
}

// The format a file name's extension names (.txt, .jsonl, .srt, .vtt, any case), if any.
std::optional<OutputFormat> format_of_extension(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  const std::size_t slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  std::string ext = path.substr(dot + 1);
  for (char& ch : ext) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  if (ext == "txt" || ext == "text") return OutputFormat::kText;
  if (ext == "jsonl" || ext == "ndjson") return OutputFormat::kJsonl;
  if (ext == "srt") return OutputFormat::kSrt;
  if (ext == "vtt") return OutputFormat::kVtt;
  return std::nullopt;
}

util::Status resolve_output(const ParsedArgs& args, const InputConfig& input,
                            const Environment& env, OutputConfig& out) {
  // -f/--format (a comma list) and its shortcuts. One format unless --output-dir writes a file
  // per format.
  std::vector<OutputFormat> formats;
  std::vector<std::string> format_from;
  auto add_format = [&](OutputFormat f, std::string from) {
    if (std::find(formats.begin(), formats.end(), f) != formats.end()) return;
    formats.push_back(f);
    format_from.push_back(std::move(from));
  };
  if (args.has(O::kFormat)) {
    const std::string& list = args.last(O::kFormat);
    std::size_t pos = 0;
    while (true) {
      const std::size_t comma = list.find(',', pos);
      const std::string one =
          list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      auto i = parse_choice("--format", one, {"text", "jsonl", "srt", "vtt"});
      if (!i) return i.error();
      add_format(static_cast<OutputFormat>(*i), "--format " + one);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  const std::pair<OptionId, OutputFormat> shortcuts[] = {{O::kJsonl, OutputFormat::kJsonl},
                                                         {O::kSrt, OutputFormat::kSrt},
                                                         {O::kVtt, OutputFormat::kVtt}};
  for (const auto& [id, f] : shortcuts) {
    if (args.has(id)) add_format(f, option(id).long_flag());
  }
  const bool format_given = !formats.empty();
  if (formats.size() > 1 && !args.has(O::kOutputDir)) {
    return usage_error(
        format_from[1] + " conflicts with " + format_from[0] + "; choose one output format",
        "several formats need --output-dir DIR, or one -o FILE per format");
  }
  out.format = format_given ? formats.front() : OutputFormat::kText;

  const bool mic = input.paths.size() == 1 && input.paths.front() == "mic" && !input.from;
  const bool several_inputs = input.paths.size() > 1 || input.from ||
                              (!mic && input.paths.size() == 1 &&
                               env.path_kind(input.paths.front()) == PathKind::kDirectory);
  if (args.has(O::kOutput)) {
    if (args.has(O::kOutputDir)) {
      return usage_error("--output and --output-dir cannot be used together");
    }
    if (several_inputs) {
      const std::string what = input.paths.size() > 1
                                   ? std::to_string(input.paths.size()) + " inputs were given"
                                   : "the inputs are a list";
      return usage_error("--output names one file but " + what +
                         "; use --output-dir DIR for one output file per input");
    }
    const std::vector<std::string>& paths = args.all(O::kOutput);
    for (const std::string& path : paths) {
      if (path.empty()) return usage_error("--output: the value is empty");
      OutputTarget target{path, out.format};
      if (path != "-") {
        if (env.path_kind(path) == PathKind::kDirectory) {
          return usage_error("--output " + path + ": is a directory");
        }
        auto by_extension = format_of_extension(path);
        // One -o takes the format asked for; several take theirs from their names.
        if (paths.size() > 1 || !format_given) {
          if (by_extension) {
            target.format = *by_extension;
          } else if (paths.size() > 1 && !format_given) {
            return usage_error("--output " + path + ": cannot tell the format from the name",
                               "end it in .txt, .jsonl, .srt or .vtt");
          }
        }
      }
      for (const OutputTarget& earlier : out.outputs) {
        if (earlier.path == path) return usage_error("--output " + path + " is given twice");
      }
      out.outputs.push_back(std::move(target));
    }
  }
  if (args.has(O::kOutputDir)) {
    if (auto st = check_output_dir(args.last(O::kOutputDir), env); !st) return st;
    out.output_dir = args.last(O::kOutputDir);
    out.dir_formats = format_given ? formats : std::vector<OutputFormat>{OutputFormat::kText};
  }
  // What goes to standard output, and in which format.
  std::optional<OutputFormat> to_stdout;
  if (!out.output_dir) {
    if (out.outputs.empty()) to_stdout = out.format;
    for (const OutputTarget& t : out.outputs) {
      if (t.path == "-") to_stdout = t.format;
    }
  }
  const bool captions =
      to_stdout && (*to_stdout == OutputFormat::kSrt || *to_stdout == OutputFormat::kVtt);
  if (captions && several_inputs) {
    return usage_error("several inputs cannot share one " +
                           std::string(*to_stdout == OutputFormat::kSrt ? "SRT" : "WebVTT") +
                           " stream on standard output",
                       "use --output-dir DIR to write one caption file per input");
  }
  out.raw = args.has(O::kRaw);
  if (out.raw) {
    bool any_jsonl = to_stdout == OutputFormat::kJsonl;
    for (const OutputTarget& t : out.outputs)
      any_jsonl = any_jsonl || t.format == OutputFormat::kJsonl;
    for (OutputFormat f : out.dir_formats) any_jsonl = any_jsonl || f == OutputFormat::kJsonl;
    if (!any_jsonl) {
      return usage_error(
          "--raw applies to jsonl output, not " + std::string(output_format_name(out.format)),
          "add --jsonl");
    }
  }
  out.timestamps = args.has(O::kTimestamps);
  if (out.timestamps) {
    bool any_text = to_stdout == OutputFormat::kText;
    for (const OutputTarget& t : out.outputs)
      any_text = any_text || t.format == OutputFormat::kText;
    for (OutputFormat f : out.dir_formats) any_text = any_text || f == OutputFormat::kText;
    if (!any_text) {
      std::string used(output_format_name(out.format));
      return usage_error("--timestamps applies to text output, not " + used,
                         "jsonl, srt and vtt always carry times");
    }
  }

  out.partials = args.has(O::kPartials);
  out.words = args.has(O::kWords);
  auto width = integer_option(args, O::kMaxLineWidth, 10, 200, out.max_line_width);
  if (!width) return width.error();
  out.max_line_width = *width;
  auto lines = integer_option(args, O::kMaxLines, 1, 10, out.max_lines);
  if (!lines) return lines.error();
  out.max_lines = *lines;
  if (args.has(O::kMaxCueDuration)) {
    auto s = parse_number("--max-cue-duration", args.last(O::kMaxCueDuration), 1.0, 60.0);
    if (!s) return s.error();
    out.max_cue_duration_s = *s;
  }

  return resolve_color(args, env, out.color);
}

// --caption-lang: only where there is a translation to choose from and a format that chooses.
util::Status resolve_caption_lang(const ParsedArgs& args, const protocol::Request& request,
                                  OutputConfig& out) {
  if (!args.has(O::kCaptionLang)) return {};
  const std::string& value = args.last(O::kCaptionLang);
  auto i = parse_choice("--caption-lang", value, {"source", "target", "both"});
  if (!i) return i.error();
  if (!request.translate_to) {
    return usage_error("--caption-lang needs --translate-to",
                       "without a translation there is only the source text");
  }
  if (out.format == OutputFormat::kJsonl) {
    return usage_error("--caption-lang applies to text, srt and vtt output",
                       "jsonl always carries both \"text\" and \"translations\"");
  }
  static constexpr CaptionLang kChoices[] = {CaptionLang::kSource, CaptionLang::kTarget,
                                             CaptionLang::kBoth};
  out.caption_lang = kChoices[*i];
  if (out.caption_lang == CaptionLang::kSource && args.has(O::kNoTranscription)) {
    return usage_error(
        "--caption-lang source needs the transcription, which --no-transcription "
        "turns off");
  }
  return {};
}

util::Status resolve_pacing(const ParsedArgs& args, PacingConfig& out) {
  if (args.has(O::kSpeed)) {
    const std::string& s = args.last(O::kSpeed);
    if (s == "auto") {
      out.mode = PacingConfig::Mode::kAuto;
    } else if (s == "realtime") {
      out.mode = PacingConfig::Mode::kRealtime;
    } else if (s == "max") {
      out.mode = PacingConfig::Mode::kMax;
    } else {
      // "2" or "2x": a multiple of real time.
      std::string number =
          (!s.empty() && (s.back() == 'x' || s.back() == 'X')) ? s.substr(0, s.size() - 1) : s;
      auto f = parse_positive("--speed", number, 1000.0);
      if (!f) {
        return usage_error(
            "--speed: expected auto, realtime, max or a factor such as 2 "
            "(greater than 0, at most 1000), got '" +
            s + "'");
      }
      out.mode = PacingConfig::Mode::kFactor;
      out.factor = *f;
    }
  }
  if (args.has(O::kWindow)) {
    if (out.mode != PacingConfig::Mode::kAuto) {
      return usage_error("--window only applies to --speed auto");
    }
    // At most 60 s: everything not yet confirmed by a final sentence must fit in the ring.
    auto w = parse_positive("--window", args.last(O::kWindow), 60.0);
    if (!w) return w.error();
    out.window_s = *w;
  }
  return {};
}

// The silence the service waits for before it ends a sentence: what --skip-silence must keep.
int sentence_end_silence_ms(const protocol::Request& r, const protocol::Model* model) {
  if (r.family == protocol::Family::kRealtime) return r.vad_silence_ms;
  if (r.recognition.sentence_silence_ms) return *r.recognition.sentence_silence_ms;
  // gummy-chat-v1's max_end_silence defaults to 700 ms, every other duplex model's
  // max_sentence_silence to 1300 ms (protocol.md §2.4).
  return model && model->has(protocol::kOneSentence) ? 700 : 1300;
}

util::Status resolve_cost(const ParsedArgs& args, protocol::Request& request,
                          const protocol::Model* model, Region region, CostConfig& out) {
  std::vector<std::string>& warnings = request.warnings;
  out.skip_silence = args.has(O::kSkipSilence);
  // Default: the sentence-ending silence plus a margin, so every sentence break the service
  // would make is still there.
  out.keep_silence_ms = sentence_end_silence_ms(request, model) + 500;
  if (out.skip_silence && !args.last(O::kSkipSilence).empty()) {
    auto ms = parse_integer("--skip-silence", args.last(O::kSkipSilence), 300, 60000);
    if (!ms) return ms.error();
    out.keep_silence_ms = static_cast<int>(*ms);
    const int sentence_end = sentence_end_silence_ms(request, model);
    if (out.keep_silence_ms < sentence_end + 200) {
      warnings.push_back("--skip-silence=" + std::to_string(out.keep_silence_ms) +
                         " keeps less than the " + std::to_string(sentence_end) +
                         " ms of silence that end a sentence (and a margin): sentences may run "
                         "together");
    }
  }
  if (args.has(O::kSkipSilenceAggressiveness) && !out.skip_silence) {
    return usage_error("--skip-silence-aggressiveness needs --skip-silence");
  }
  auto mode = integer_option(args, O::kSkipSilenceAggressiveness, 0, 3, out.vad_aggressiveness);
  if (!mode) return mode.error();
  out.vad_aggressiveness = *mode;
  if (args.has(O::kPrice)) {
    auto p = parse_positive("--price", args.last(O::kPrice), 1000.0);
    if (!p) return p.error();
    out.price_per_second = *p;
  } else if (auto p = protocol::price_of(request.model, region == Region::kSingapore)) {
    out.price_per_second = p->per_second;
    out.currency = std::string(p->currency);
  }
  if (args.has(O::kMaxCost)) {
    auto m = parse_positive("--max-cost", args.last(O::kMaxCost), 1e9);
    if (!m) return m.error();
    if (!out.price_per_second) {
      return usage_error("--max-cost: no price is known for " + request.model + " in this region",
                         "give it with --price PER_SECOND");
    }
    out.max_cost = *m;
  }
  return {};
}

// --parallel N|auto: segments of each file at once (at most 64, -j's maximum too).
util::Status resolve_parallel(const ParsedArgs& args, Config& c) {
  c.parallel.cut_silence_ms =
      sentence_end_silence_ms(c.request, protocol::find_model(c.request.model));
  if (!args.has(O::kParallel)) return {};
  const std::string& value = args.last(O::kParallel);
  if (value == "auto") {
    c.parallel.automatic = true;
    c.parallel.segments = c.jobs_given ? c.jobs : 8;
  } else {
    auto n = parse_integer("--parallel", value, 1, 64);
    if (!n) {
      return usage_error("--parallel: expected a number of parts from 1 to 64, or auto, got '" +
                         value + "'");
    }
    c.parallel.segments = static_cast<int>(*n);
  }
  const bool reads_stdin =
      c.input.from == std::string("-") ||
      std::find(c.input.paths.begin(), c.input.paths.end(), "-") != c.input.paths.end();
  if (reads_stdin && (c.parallel.segments > 1 || c.parallel.automatic)) {
    return usage_error("--parallel cuts regular files only: standard input is read once, in order",
                       "save it to a file first, or read it in one part with --parallel 1");
  }
  return {};
}

// "K/N" with 1 <= K <= N.
util::Result<Shard> parse_shard(const std::string& value) {
  const std::string problem =
      "--shard: expected K/N with 1 <= K <= N, such as 1/4, got '" + value + "'";
  const std::size_t slash = value.find('/');
  if (slash == std::string::npos) return usage_error(problem);
  auto k = parse_integer("--shard", value.substr(0, slash), 1, 1000000);
  auto n = parse_integer("--shard", value.substr(slash + 1), 1, 1000000);
  if (!k || !n || *k > *n) return usage_error(problem);
  return Shard{static_cast<int>(*k), static_cast<int>(*n)};
}

util::Status resolve_input(const ParsedArgs& args, InputConfig& out) {
  if (args.has(O::kFrom)) {
    if (auto st = require_value(args, O::kFrom); !st) return st;
    out.from = args.last(O::kFrom);
  }
  if (args.inputs.empty() && !out.from) {
    return usage_error("no INPUT given",
                       "give audio files or directories, '-' for standard input, or --from FILE");
  }
  if (std::count(args.inputs.begin(), args.inputs.end(), "-") + (out.from == "-" ? 1 : 0) > 1) {
    return usage_error("'-' (standard input) can be given only once");
  }
  if (std::find(args.inputs.begin(), args.inputs.end(), "") != args.inputs.end()) {
    return usage_error("an INPUT is an empty string");
  }
  out.paths = args.inputs;
  if (args.has(O::kRawRate)) {
    auto hz = parse_integer("--raw-rate", args.last(O::kRawRate), 1000, 384000);
    if (!hz) return hz.error();
    out.raw_rate_hz = static_cast<int>(*hz);
  }
  if (args.has(O::kRawChannels)) {
    if (!out.raw_rate_hz) return usage_error("--raw-channels needs --raw-rate");
    auto n = parse_integer("--raw-channels", args.last(O::kRawChannels), 1, 32);
    if (!n) return n.error();
    out.raw_channels = static_cast<int>(*n);
  }
  if (args.has(O::kShard)) {
    auto shard = parse_shard(args.last(O::kShard));
    if (!shard) return shard.error();
    out.shard = *shard;
  }
  out.skip_existing = args.has(O::kSkipExisting);
  return {};
}

// Lower-case ASCII, for comparing file name extensions.
std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// --system[=SINK], --with-system, --labels, --echo-guard (issue 20).
util::Status resolve_meeting_input(const ParsedArgs& args, InputConfig& out) {
  if (args.has(O::kSystem)) out.system_sink = args.last(O::kSystem);
  out.with_system = args.has(O::kWithSystem);
  out.echo_guard = args.has(O::kEchoGuard);
  if (out.system_sink && out.with_system) {
    return usage_error("--system and --with-system cannot be used together",
                       "--system records only what the computer plays; --with-system records "
                       "the microphone too");
  }
  if (out.system_sink && args.has(O::kDevice)) {
    return usage_error("--system and -d cannot be used together",
                       "name the sink with --system=SINK");
  }
  if ((args.has(O::kLabels) || out.echo_guard) && !out.with_system) {
    return usage_error(std::string(args.has(O::kLabels) ? "--labels" : "--echo-guard") +
                       " needs --with-system");
  }
  if (args.has(O::kLabels)) {
    if (auto st = require_value(args, O::kLabels); !st) return st;
    const std::string& v = args.last(O::kLabels);
    const std::size_t comma = v.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == v.size() ||
        v.find(',', comma + 1) != std::string::npos) {
      return usage_error("--labels " + v + ": give two labels separated by a comma",
                         "for example --labels ME,THEM");
    }
    out.labels = {v.substr(0, comma), v.substr(comma + 1)};
    if (out.labels[0] == out.labels[1]) {
      return usage_error("--labels " + v + ": the two labels must differ");
    }
  }
  return {};
}

util::Status resolve_mic_input(const ParsedArgs& args, const Environment& env, InputConfig& out) {
  out.paths = {"mic"};
  for (OptionId id : {O::kDevice, O::kDuration, O::kSave, O::kBuffer}) {
    if (auto st = require_value(args, id); !st) return st;
  }
  out.device = optional_value(args, O::kDevice);
  if (auto st = resolve_meeting_input(args, out); !st) return st;
  if (args.has(O::kDuration)) {
    // A week: longer is surely a typo, and Ctrl+C ends an open-ended capture anyway.
    auto s = parse_positive("--duration", args.last(O::kDuration), 7 * 24 * 3600.0);
    if (!s) return s.error();
    out.duration_s = *s;
  }
  if (args.has(O::kBuffer)) {
    // Below 10 s a resumed task would have too little context; an hour is 115 MB at 16 kHz.
    auto s = parse_number("--buffer", args.last(O::kBuffer), 10.0, 3600.0);
    if (!s) return s.error();
    out.buffer_s = *s;
  }
  if (args.has(O::kSave)) {
    const std::string& path = args.last(O::kSave);
    const std::size_t dot = path.rfind('.');
    const std::size_t slash = path.rfind('/');
    const std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash)
                                ? std::string()
                                : lower(path.substr(dot));
    if (ext != ".wav" && ext != ".flac") {
      return usage_error("--save " + path + ": the file name must end in .wav or .flac",
                         "the extension chooses the format");
    }
    if (env.path_kind(path) == PathKind::kDirectory) {
      return usage_error("--save " + path + ": is a directory");
    }
    if (slash != std::string::npos) {
      const std::string dir = slash == 0 ? "/" : path.substr(0, slash);
      if (env.path_kind(dir) != PathKind::kDirectory) {
        return usage_error("--save " + path + ": no such directory: " + dir);
      }
    }
    out.save = path;
  }
  return {};
}

// --hotwords FILE: app/ reads and checks the file; here only that it can be and that it does
// not compete with --vocabulary-id (the model's support is checked with the other recognition
// options, by build_request()).
util::Status resolve_hotwords(const ParsedArgs& args, const Environment& env,
                              std::optional<std::string>& out) {
  if (!args.has(O::kHotwords)) return {};
  if (auto st = require_value(args, O::kHotwords); !st) return st;
  if (args.has(O::kVocabularyId)) {
    return usage_error("--hotwords and --vocabulary-id cannot be used together",
                       "--hotwords FILE finds or creates the vocabulary whose id it sends");
  }
  const std::string& path = args.last(O::kHotwords);
  const PathKind kind = env.path_kind(path);
  if (kind == PathKind::kMissing) return usage_error("--hotwords: no such file: " + path);
  if (kind == PathKind::kDirectory) return usage_error("--hotwords: " + path + " is a directory");
  out = path;
  return {};
}

util::Status resolve_diagnostics(const ParsedArgs& args, Diagnostics& out) {
  out.stats = args.has(O::kStats);
  out.verbosity = args.count(O::kVerbose);
  out.quiet = args.has(O::kQuiet);
  if (out.quiet && out.verbosity > 0) return usage_error("-q and -v cannot be used together");
  if (args.has(O::kProgress)) {
    if (out.quiet) return usage_error("-q and --progress cannot be used together");
    out.progress = ProgressMode::kAlways;
  } else if (out.quiet) {
    out.progress = ProgressMode::kNever;
  }
  return {};
}

util::Result<Config> resolve_file(const ParsedArgs& args, const Environment& env) {
  Config c;
  c.command = Command::kFile;
  auto choice = choose_model(args);
  if (!choice) return choice.error();
  auto request = build_request(args, *choice, env);
  if (!request) return request.error();
  c.request = std::move(*request);
  if (auto st = resolve_hotwords(args, env, c.hotwords); !st) return st.error();
  c.hotword_registry = hotword_registry_path(env);
  if (auto st = resolve_input(args, c.input); !st) return st.error();
  // 8 kHz headerless input goes out at 8 kHz where the model lists that rate (Qwen,
  // paraformer-realtime-v2): upsampling telephone audio only adds delay and distortion (seed
  // 003, "选择采样率匹配的模型").
  // (Decoded files and microphones get the same choice once their rate is known: app/.)
  if (c.input.raw_rate_hz && choice->model) {
    c.request.sample_rate_hz = choice->model->send_rate_for(*c.input.raw_rate_hz);
  }
  if (auto st = resolve_service(args, *choice, env, c.service); !st) return st.error();
  if (auto st = resolve_output(args, c.input, env, c.output); !st) return st.error();
  if (auto st = resolve_caption_lang(args, c.request, c.output); !st) return st.error();
  c.request.keep_raw = c.output.raw;
  if (auto st = resolve_pacing(args, c.pacing); !st) return st.error();
  if (auto st = resolve_cost(args, c.request, choice->model, c.service.region, c.cost); !st) {
    return st.error();
  }
  if (c.input.skip_existing && !c.output.output_dir) {
    return usage_error("--skip-existing needs --output-dir",
                       "only files written under their final name once complete can be trusted "
                       "as done");
  }
  auto jobs = integer_option(args, O::kJobs, 1, 64, c.jobs);
  if (!jobs) return jobs.error();
  c.jobs = *jobs;
  c.jobs_given = args.has(O::kJobs);
  if (auto st = resolve_parallel(args, c); !st) return st.error();
  if (auto st = resolve_diagnostics(args, c.diag); !st) return st.error();
  return c;
}

util::Result<Config> resolve_mic(const ParsedArgs& args, const Environment& env) {
  Config c;
  c.command = Command::kMic;
  auto choice = choose_model(args);
  if (!choice) return choice.error();
  auto request = build_request(args, *choice, env);
  if (!request) return request.error();
  c.request = std::move(*request);
  if (auto st = resolve_hotwords(args, env, c.hotwords); !st) return st.error();
  c.hotword_registry = hotword_registry_path(env);
  if (auto st = resolve_mic_input(args, env, c.input); !st) return st.error();
  if (auto st = resolve_service(args, *choice, env, c.service); !st) return st.error();
  if (auto st = resolve_output(args, c.input, env, c.output); !st) return st.error();
  if (auto st = resolve_caption_lang(args, c.request, c.output); !st) return st.error();
  c.request.keep_raw = c.output.raw;
  // A live source runs at real time by itself: each chunk goes out as soon as it is captured.
  c.pacing.mode = PacingConfig::Mode::kMax;
  if (auto st = resolve_cost(args, c.request, choice->model, c.service.region, c.cost); !st) {
    return st.error();
  }
  if (auto st = resolve_diagnostics(args, c.diag); !st) return st.error();
  return c;
}

util::Result<Config> resolve_devices(const ParsedArgs& args, const Environment& env) {
  Config c;
  c.command = Command::kDevices;
  if (auto st = resolve_color(args, env, c.output.color); !st) return st.error();
  if (auto st = resolve_diagnostics(args, c.diag); !st) return st.error();
  return c;
}

// `dsasr vocab ACTION ARG...`: the action's arguments and options, and the service settings.
util::Result<Config> resolve_vocab(const ParsedArgs& args, const Environment& env) {
  using Action = VocabConfig::Action;
  Config c;
  c.command = Command::kVocab;
  const std::vector<std::string>& a = args.inputs;
  if (a.empty()) {
    return usage_error("vocab: which action?",
                       "dsasr vocab create, list, show, update, delete or prune");
  }
  auto action =
      parse_choice("vocab", a[0], {"create", "list", "show", "update", "delete", "prune"});
  if (!action) return action.error();
  VocabConfig& v = c.vocab;
  v.action = static_cast<Action>(*action);
  const std::string& name = a[0];
  // Positional arguments each action takes: {min, max} (-1: any number).
  int min = 0;
  int max = 0;
  const char* synopsis = "";
  switch (v.action) {
    case Action::kCreate:
      min = max = 1;
      synopsis = "dsasr vocab create --model MODEL [--prefix PREFIX] FILE";
      break;
    case Action::kList:
      synopsis = "dsasr vocab list [--prefix PREFIX] [--json]";
      break;
    case Action::kShow:
      min = max = 1;
      synopsis = "dsasr vocab show ID [--json]";
      break;
    case Action::kUpdate:
      min = max = 2;
      synopsis = "dsasr vocab update ID FILE";
      break;
    case Action::kDelete:
      min = max = 1;
      synopsis = "dsasr vocab delete ID";
      break;
    case Action::kPrune:
      max = -1;
      synopsis = "dsasr vocab prune [--model MODEL] [--older-than DAYS] [FILE...]";
      break;
  }
  const int given = static_cast<int>(a.size()) - 1;
  if (given < min || (max >= 0 && given > max)) {
    return usage_error(
        "vocab " + name + ": " +
            (given < min ? std::string("missing argument")
                         : "unexpected argument '" + a[static_cast<std::size_t>(max) + 1] + "'"),
        std::string("usage: ") + synopsis);
  }
  auto only_for = [&](OptionId id, std::initializer_list<Action> actions) -> util::Status {
    if (!args.has(id)) return {};
    for (Action x : actions) {
      if (x == v.action) return {};
    }
    return usage_error(option(id).long_flag() + " does not apply to 'vocab " + name + "'",
                       std::string("usage: ") + synopsis);
  };
  if (auto st = only_for(O::kPrefix, {Action::kCreate, Action::kList}); !st) return st.error();
  if (auto st = only_for(O::kJson, {Action::kList, Action::kShow}); !st) return st.error();
  if (auto st = only_for(O::kOlderThan, {Action::kPrune}); !st) return st.error();
  if (auto st = only_for(O::kModel, {Action::kCreate, Action::kPrune}); !st) return st.error();
  if (v.action == Action::kCreate && !args.has(O::kModel)) {
    return usage_error("vocab create: which model will use the vocabulary? (--model)",
                       "a vocabulary works only with the model it was created for");
  }
  v.json = args.has(O::kJson);
  if (args.has(O::kPrefix)) {
    const std::string& p = args.last(O::kPrefix);
    bool ok = !p.empty() && p.size() < 10;
    for (char ch : p) ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
    if (!ok) {
      return usage_error("--prefix: '" + p + "' must be 1 to 9 lower-case letters and digits",
                         "the service's rule for vocabulary prefixes");
    }
    v.prefix = p;
  }
  if (args.has(O::kOlderThan)) {
    auto days = parse_number("--older-than", args.last(O::kOlderThan), 0.0, 100000.0);
    if (!days) return days.error();
    v.older_than_days = *days;
  }
  c.hotword_registry = hotword_registry_path(env);
  switch (v.action) {
    case Action::kCreate:
      v.files = {a[1]};
      v.prefix = v.prefix.value_or("dsasr");
      break;
    case Action::kShow:
    case Action::kDelete:
      v.id = a[1];
      break;
    case Action::kUpdate:
      v.id = a[1];
      v.files = {a[2]};
      break;
    case Action::kPrune:
      v.files.assign(a.begin() + 1, a.end());
      break;
    case Action::kList:
      break;
  }
  for (const std::string& f : v.files) {
    const PathKind kind = env.path_kind(f);
    if (kind == PathKind::kMissing) return usage_error("vocab " + name + ": no such file: " + f);
    if (kind == PathKind::kDirectory)
      return usage_error("vocab " + name + ": " + f + " is a directory");
  }
  auto choice = choose_model(args);
  if (!choice) return choice.error();
  v.model = choice->name;
  if (choice->model && (choice->model->features & protocol::kVocabulary) == 0 &&
      (args.has(O::kModel))) {
    return usage_error(choice->name + " takes no hot-word vocabulary",
                       "models that do: " + models_supporting(option(O::kVocabularyId)));
  }
  if (auto st = resolve_service(args, *choice, env, c.service); !st) return st.error();
  if (auto st = resolve_color(args, env, c.output.color); !st) return st.error();
  if (auto st = resolve_diagnostics(args, c.diag); !st) return st.error();
  return c;
}

}  // namespace

util::Result<Config> resolve(const ParsedArgs& args, const Environment& env) {
  switch (args.command) {
    case Command::kFile:
      return resolve_file(args, env);
    case Command::kModels: {
      Config c;
      c.command = Command::kModels;
      c.models_json = args.has(O::kJson);
      return c;
    }
    case Command::kDoctor:
      return resolve_doctor(args, env);
    case Command::kSchema:
    case Command::kConfig:
    case Command::kCompletion:
    case Command::kHelp:
    case Command::kVersion: {
      Config c;
      c.command = args.command;
      return c;
    }
    case Command::kMic:
      return resolve_mic(args, env);
    case Command::kDevices:
      return resolve_devices(args, env);
    case Command::kVocab:
      return resolve_vocab(args, env);
    case Command::kNone:
      break;
  }
  return usage_error("no command given", "run 'dsasr --help' for the list of commands");
}

}  // namespace dsasr::cli
