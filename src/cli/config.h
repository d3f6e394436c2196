// The resolved invocation: what cli/ produces from the command line, the environment and
// files, and what app/ runs. Plain data; secrets are held here but never printed (see
// describe() in cli/ for a masked dump).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "output/format.h"
#include "protocol/request.h"
#include "stream/pacer.h"

namespace dsasr::cli {

enum class Command {
  kNone,
  kFile,
  kMic,
  kDevices,
  kModels,
  kSchema,
  kConfig,      // the effective settings and their origins
  kDoctor,      // checks the key, the network path and the service
  kCompletion,  // a shell completion script
  kVocab,       // hot-word vocabularies: create, list, show, update, delete, prune
  kVersion,
  kHelp
};

// The writers' and the pacer's own types, under the names cli/ gives them (no mirror enums).
using OutputFormat = output::Format;
// --caption-lang: which languages of a translated sentence text, srt and vtt show.
using CaptionLang = output::CaptionLanguages;
enum class ColorMode { kAuto, kAlways, kNever };
enum class Region { kBeijing, kSingapore };

// Where a setting came from, for error messages ("from DASHSCOPE_API_KEY").
struct Origin {
  // "--api-key-file FILE", "DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY_FILE_PATH (FILE)",
  // "/home/u/.dashscope/api_key", "--endpoint", "DASHSCOPE_WEBSOCKET_BASE_URL", "--region"
  std::string what;
};

struct ServiceConfig {
  Region region = Region::kBeijing;
  std::string endpoint;    // full ws:// or wss:// URL the transport connects to
  Origin endpoint_origin;  // "--endpoint", "DASHSCOPE_WEBSOCKET_BASE_URL", "--region"
  std::optional<std::string> workspace;
  std::string api_key;    // never printed, logged or stored
  Origin api_key_origin;  // empty `what` when no key was found
  // Every place looked for a key, each with why it gave none ("DASHSCOPE_API_KEY (not set)"),
  // for app/'s "no API key" error.
  std::vector<std::string> api_key_searched;
  // The HTTP API (hot-word vocabularies): base URL and where it came from (endpoint.h).
  std::string http_base;
  Origin http_base_origin;
  std::optional<std::string> ca_file;
  bool insecure = false;
  int retries = 5;  // reconnect attempts after a retryable failure
};

// One -o: a file (format from its extension, or -f) or "-" (standard output, in the -f format).
struct OutputTarget {
  std::string path;  // "-" = standard output
  OutputFormat format = OutputFormat::kText;
  bool operator==(const OutputTarget& o) const { return path == o.path && format == o.format; }
};

struct OutputConfig {
  OutputFormat format = OutputFormat::kText;  // -f: standard output's format (the first of -f's)
  std::vector<OutputTarget> outputs;          // -o, in order; empty: standard output in `format`
  std::optional<std::string> output_dir;      // --output-dir DIR
  // --output-dir: one file per input per format (-f srt,vtt,jsonl), in the order given.
  std::vector<OutputFormat> dir_formats;
  bool timestamps = false;  // text: "[HH:MM:SS.mmm --> HH:MM:SS.mmm] " before each final line
  bool raw = false;         // jsonl: each result record carries the service's object as "raw"
  bool partials = false;
  bool words = false;
  int max_line_width = 42;  // display columns
  int max_lines = 2;
  double max_cue_duration_s = 7.0;
  CaptionLang caption_lang = CaptionLang::kBoth;
  ColorMode color = ColorMode::kAuto;
};

// file: --speed / --window. mic: always kMax, since the source itself runs at real time and
// each chunk should go out as soon as it is captured.
struct PacingConfig {
  using Mode = stream::PaceMode;
  Mode mode = Mode::kAuto;
  double factor = 1.0;     // kFactor: multiple of real time
  double window_s = 10.0;  // kAuto: max audio ahead of the service's reported time
};

// --shard K/N: inputs whose position in the sorted input list is K modulo N (1-based K).
struct Shard {
  int k = 1;
  int n = 1;
};

struct InputConfig {
  // file: paths given as arguments, "-" = stdin; directories are walked by app/ (inputs.h).
  std::vector<std::string> paths;
  std::optional<std::string> from;  // --from FILE: more paths, one per line ("-" = stdin)
  bool skip_existing = false;       // --skip-existing (needs --output-dir)
  std::optional<Shard> shard;       // --shard K/N
  std::optional<int> raw_rate_hz;   // headerless s16le input
  int raw_channels = 1;
  // mic (paths is then {"mic"})
  std::optional<std::string> device;  // -d: an index or a name, as given
  std::optional<double> duration_s;   // --duration: stop after this much audio
  std::optional<std::string> save;    // --save: ends in .wav or .flac (any case)
  // --buffer: audio held for the service (unsent, or sent but not yet final) before the oldest
  // is dropped; 10 s to an hour.
  double buffer_s = 120.0;
  // --system[=SINK]: record a sink's monitor (the sound server's) instead of the microphone;
  // "" is the default sink. --with-system: the microphone and the default sink's monitor at once
  // (app/meeting.h), labelled by `labels` (--labels), with --echo-guard.
  std::optional<std::string> system_sink;
  bool with_system = false;
  std::vector<std::string> labels{"mic", "system"};
  bool echo_guard = false;
};

// --skip-silence and the cost estimate (app/, stream/silence_skipper.h, protocol/prices.h).
struct CostConfig {
  bool skip_silence = false;
  int keep_silence_ms = 0;     // silences longer than this are sent cut to it (resolved)
  int vad_aggressiveness = 1;  // WebRTC's VAD mode, 0..3
  // Per second of audio sent: --price, or the seeds' table for the model and region; nullopt
  // when neither knows it (no estimate, and --max-cost is refused).
  std::optional<double> price_per_second;
  std::string currency = "CNY";
  std::optional<double> max_cost;  // --max-cost, in `currency`
};

// The status line on stderr: on a terminal (auto), forced by --progress, never with -q.
enum class ProgressMode { kAuto, kAlways, kNever };

struct Diagnostics {
  bool stats = false;
  int verbosity = 0;  // -v count
  bool quiet = false;
  ProgressMode progress = ProgressMode::kAuto;
};

// `dsasr vocab ACTION ...`.
struct VocabConfig {
  enum class Action { kCreate, kList, kShow, kUpdate, kDelete, kPrune };
  Action action = Action::kList;
  std::string model;                      // create; prune: the model FILEs are matched for
  std::optional<std::string> prefix;      // create (required by the service), list (a filter)
  std::string id;                         // show, update, delete
  std::vector<std::string> files;         // create, update: one; prune: the files to keep
  bool json = false;                      // list, show
  std::optional<double> older_than_days;  // prune
};

struct DoctorTask;

struct Config {
  Command command = Command::kNone;
  protocol::Request request;
  ServiceConfig service;
  OutputConfig output;
  PacingConfig pacing;
  InputConfig input;
  CostConfig cost;
  Diagnostics diag;
  // -j: inputs (without --parallel) or connections (with it) at once; jobs_given: set by the
  // user (command line, environment or configuration file), not the default.
  int jobs = 1;
  bool jobs_given = false;
  // --parallel N|auto (file): each regular file is cut at silences into up to `segments` parts,
  // transcribed at once on their own connections and stitched (app/parallel_input.h). 1: off.
  // `automatic`: N from each file's length (segments is then the most it may be).
  struct Parallel {
    int segments = 1;
    bool automatic = false;
    // A cut only goes in a silence longer than this: the silence that ends a sentence.
    int cut_silence_ms = 1300;
  } parallel;
  bool models_json = false;  // `dsasr models --json`
  // file, mic: --hotwords FILE, turned by app/ into request.vocabulary_id before the first task.
  std::optional<std::string> hotwords;
  // file, mic, vocab: the registry of word files --hotwords was given (cli/config_file.h).
  std::optional<std::string> hotword_registry;
  VocabConfig vocab;  // `dsasr vocab`
  // `dsasr doctor`: one silent task per protocol family (the chosen model's first).
  std::vector<DoctorTask> doctor_tasks;
};

// A one-second silent task `dsasr doctor` runs: `task` is a complete `file` Config whose input
// app/ supplies; `other_region` is the same task in the other region (only when the endpoint
// came from --region), tried when the key is refused, to tell which region it belongs to.
struct DoctorTask {
  Config task;
  std::vector<Config> other_region;  // empty, or one
};

}  // namespace dsasr::cli
