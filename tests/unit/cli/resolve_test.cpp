#include "cli/resolve.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;

util::Result<Config> resolve_line(const std::vector<std::string>& args,
                                  const FakeEnvironment& env = FakeEnvironment()) {
  return testing::parse_command_line(args, env);
}

std::string error_of(const std::vector<std::string>& args,
                     const FakeEnvironment& env = FakeEnvironment()) {
  auto c = resolve_line(args, env);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().kind == util::ErrorKind::kUsage);
  return c.error().message;
}

TEST_CASE("defaults of the file command", "[resolve]") {
  auto c = resolve_line({"file", "a.wav"});
  REQUIRE(c.ok());
  CHECK(c->service.region == Region::kBeijing);
  CHECK(c->service.endpoint == "wss://dashscope.aliyuncs.com/api-ws/v1/inference");
  CHECK(c->service.retries == 5);
  CHECK_FALSE(c->service.insecure);
  CHECK(c->service.api_key.empty());
  CHECK(c->service.api_key_origin.what.empty());
  CHECK(c->service.api_key_searched.size() == 3);
  CHECK(c->output.format == OutputFormat::kText);
  CHECK(c->output.color == ColorMode::kAuto);
  CHECK(c->output.max_line_width == 42);
  CHECK(c->output.max_lines == 2);
  CHECK(c->output.max_cue_duration_s == 7.0);
  CHECK(c->pacing.mode == PacingConfig::Mode::kAuto);
  CHECK(c->pacing.window_s == 10.0);
  CHECK(c->jobs == 1);
  CHECK(c->diag.verbosity == 0);
}

TEST_CASE("service options", "[resolve]") {
  FakeEnvironment env;
  env.files["/ca.pem"] = "pem";
  env.files["/key"] = "sk-1\n";
  auto c =
      resolve_line({"file", "--region", "singapore", "--workspace", "ws-1", "--ca-file", "/ca.pem",
                    "--insecure", "--retries", "0", "--api-key-file", "/key", "a.wav"},
                   env);
  REQUIRE(c.ok());
  CHECK(c->service.region == Region::kSingapore);
  CHECK(c->service.endpoint == "wss://dashscope-intl.aliyuncs.com/api-ws/v1/inference");
  CHECK(c->service.endpoint_origin.what == "--region");
  CHECK(c->service.workspace == std::optional<std::string>("ws-1"));
  CHECK(c->service.ca_file == std::optional<std::string>("/ca.pem"));
  CHECK(c->service.insecure);
  CHECK(c->service.retries == 0);
  CHECK(c->service.api_key == "sk-1");
  CHECK(c->service.api_key_origin.what == "--api-key-file /key");

  CHECK(error_of({"file", "--region", "hangzhou", "a.wav"}) ==
        "--region: expected beijing or singapore, got 'hangzhou'");
  CHECK(error_of({"file", "--retries", "-1", "a.wav"}) ==
        "--retries: expected a whole number from 0 to 100, got '-1'");
  CHECK(error_of({"file", "--ca-file", "/nope.pem", "a.wav"}) ==
        "--ca-file: no such file: /nope.pem");
  CHECK(error_of({"file", "--workspace", "", "a.wav"}) == "--workspace: the value is empty");
  CHECK(error_of({"file", "-m", "paraformer-realtime-v2", "--region", "singapore", "a.wav"}) ==
        "paraformer-realtime-v2 is not available in the singapore region (available in: beijing)");
  CHECK_THAT(error_of({"file", "--endpoint", "http://x/", "a.wav"}),
             Catch::StartsWith("--endpoint: 'http://x/' is not a WebSocket URL"));
}

TEST_CASE("the emulator endpoint and a realtime model", "[resolve]") {
  auto c = resolve_line({"file", "-m", "qwen3-asr-flash-realtime", "--endpoint",
                         "ws://127.0.0.1:5555/api-ws/v1/realtime", "a.wav"});
  REQUIRE(c.ok());
  CHECK(c->service.endpoint ==
        "ws://127.0.0.1:5555/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");
  CHECK(c->service.endpoint_origin.what == "--endpoint");
  CHECK(c->request.family == protocol::Family::kRealtime);
}

TEST_CASE("8 kHz headerless input is sent at 8 kHz where the model lists the rate", "[resolve]") {
  auto c = resolve_line({"file", "-m", "qwen3-asr-flash-realtime", "--raw-rate", "8000", "a.raw"});
  REQUIRE(c.ok());
  CHECK(c->request.sample_rate_hz == 8000);
  c = resolve_line({"file", "-m", "paraformer-realtime-v2", "--raw-rate", "8000", "a.raw"});
  REQUIRE(c.ok());
  CHECK(c->request.sample_rate_hz == 8000);
  // Not where the model lists only 16 kHz, and not for wider-band input.
  c = resolve_line({"file", "--raw-rate", "8000", "a.raw"});
  REQUIRE(c.ok());
  CHECK(c->request.sample_rate_hz == 16000);
  c = resolve_line({"file", "-m", "qwen3-asr-flash-realtime", "--raw-rate", "16000", "a.raw"});
  REQUIRE(c.ok());
  CHECK(c->request.sample_rate_hz == 16000);
}

TEST_CASE("output format and its shortcuts", "[resolve]") {
  CHECK(resolve_line({"file", "-f", "srt", "a.wav"})->output.format == OutputFormat::kSrt);
  CHECK(resolve_line({"file", "--vtt", "a.wav"})->output.format == OutputFormat::kVtt);
  CHECK(resolve_line({"file", "--jsonl", "--format", "jsonl", "a.wav"})->output.format ==
        OutputFormat::kJsonl);
  CHECK(error_of({"file", "--srt", "--format", "jsonl", "a.wav"}) ==
        "--srt conflicts with --format jsonl; choose one output format");
  CHECK(error_of({"file", "--srt", "--vtt", "a.wav"}) ==
        "--vtt conflicts with --srt; choose one output format");
  CHECK(error_of({"file", "--format", "txt", "a.wav"}) ==
        "--format: expected text, jsonl, srt or vtt, got 'txt'");
}

TEST_CASE("output destinations", "[resolve]") {
  FakeEnvironment env;
  env.directories = {"/out", "/"};
  env.files["/file"] = "";

  auto c = resolve_line({"file", "-o", "a.srt", "--srt", "a.wav"}, env);
  REQUIRE(c.ok());
  REQUIRE(c->output.outputs.size() == 1);
  CHECK(c->output.outputs[0] == (OutputTarget{"a.srt", OutputFormat::kSrt}));

  c = resolve_line({"file", "--srt", "--output-dir", "/out/new/deeper", "a.wav", "b.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.output_dir == std::optional<std::string>("/out/new/deeper"));
  CHECK(resolve_line({"file", "--output-dir", "rel/dir", "a.wav"}, env).ok());

  CHECK(error_of({"file", "-o", "x", "a.wav", "b.wav"}, env) ==
        "--output names one file but 2 inputs were given; use --output-dir DIR for one output "
        "file per input");
  CHECK(error_of({"file", "-o", "x", "--output-dir", "/out", "a.wav"}, env) ==
        "--output and --output-dir cannot be used together");
  CHECK(error_of({"file", "--output-dir", "/file", "a.wav"}, env) ==
        "--output-dir /file: /file exists and is not a directory");
  CHECK(error_of({"file", "--output-dir", "/file/sub/", "a.wav"}, env) ==
        "--output-dir /file/sub/: /file exists and is not a directory");

  auto r = resolve_line({"file", "--vtt", "a.wav", "b.wav"}, env);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "several inputs cannot share one WebVTT stream on standard output");
  CHECK(r.error().hint == "use --output-dir DIR to write one caption file per input");
  CHECK(error_of({"file", "--srt", "-o", "-", "a.wav", "b.wav"}, env) ==
        "--output names one file but 2 inputs were given; use --output-dir DIR for one output "
        "file per input");
  // Several inputs as text or jsonl on standard output are fine.
  CHECK(resolve_line({"file", "--jsonl", "a.wav", "b.wav"}, env).ok());
}

TEST_CASE("captions and partials", "[resolve]") {
  auto c = resolve_line({"file", "--partials", "--words", "--max-line-width", "30", "--max-lines",
                         "3", "--max-cue-duration", "4.5", "a.wav"});
  REQUIRE(c.ok());
  CHECK(c->output.partials);
  CHECK(c->output.words);
  CHECK(c->output.max_line_width == 30);
  CHECK(c->output.max_lines == 3);
  CHECK(c->output.max_cue_duration_s == 4.5);
  CHECK(error_of({"file", "--max-lines", "0", "a.wav"}) ==
        "--max-lines: expected a whole number from 1 to 10, got '0'");
  CHECK(error_of({"file", "--max-line-width", "wide", "a.wav"}) ==
        "--max-line-width: expected a whole number from 10 to 200, got 'wide'");
  CHECK(error_of({"file", "--max-cue-duration", "0.5", "a.wav"}) ==
        "--max-cue-duration: expected a number from 1 to 60, got '0.5'");
}

TEST_CASE("caption languages need a translation and a format that shows text", "[resolve]") {
  const std::vector<std::string> gummy = {"file", "-m", "gummy-realtime-v1", "--translate-to",
                                          "en"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> line = gummy;
    line.insert(line.end(), more.begin(), more.end());
    line.push_back("a.wav");
    return line;
  };
  auto c = resolve_line(with({}));
  REQUIRE(c.ok());
  CHECK(c->output.caption_lang == CaptionLang::kBoth);
  const std::pair<std::string, CaptionLang> choices[] = {{"source", CaptionLang::kSource},
                                                         {"target", CaptionLang::kTarget},
                                                         {"both", CaptionLang::kBoth}};
  for (const auto& [value, expected] : choices) {
    for (const char* format : {"text", "srt", "vtt"}) {
      INFO(value << " " << format);
      c = resolve_line(with({"--caption-lang", value, "-f", format}));
      REQUIRE(c.ok());
      CHECK(c->output.caption_lang == expected);
    }
  }
  c = resolve_line(
      {"mic", "-m", "gummy-chat-v1", "--translate-to", "en", "--caption-lang", "target", "--srt"});
  REQUIRE(c.ok());
  CHECK(c->output.caption_lang == CaptionLang::kTarget);
  c = resolve_line(with({"--no-transcription", "--caption-lang", "target", "--vtt"}));
  REQUIRE(c.ok());
  CHECK(c->request.parameters.back() == protocol::JsonMember{"transcription_enabled", "false"});

  CHECK(error_of({"file", "--caption-lang", "target", "a.wav"}) ==
        "--caption-lang needs --translate-to");
  CHECK(error_of(with({"--caption-lang", "original"})) ==
        "--caption-lang: expected source, target or both, got 'original'");
  CHECK(error_of(with({"--caption-lang", "target", "--jsonl"})) ==
        "--caption-lang applies to text, srt and vtt output");
  CHECK(error_of(with({"--caption-lang", "source", "--no-transcription"})) ==
        "--caption-lang source needs the transcription, which --no-transcription turns off");
}

TEST_CASE("colour: --color, then NO_COLOR, then auto", "[resolve]") {
  FakeEnvironment env;
  env.vars["NO_COLOR"] = "1";
  CHECK(resolve_line({"file", "a.wav"}, env)->output.color == ColorMode::kNever);
  CHECK(resolve_line({"file", "--color", "always", "a.wav"}, env)->output.color ==
        ColorMode::kAlways);
  env.vars["NO_COLOR"] = "";
  CHECK(resolve_line({"file", "a.wav"}, env)->output.color == ColorMode::kAuto);
  CHECK(error_of({"file", "--color", "yes", "a.wav"}) ==
        "--color: expected auto, always or never, got 'yes'");
}

TEST_CASE("pacing", "[resolve]") {
  auto c = resolve_line({"file", "--speed", "realtime", "a.wav"});
  CHECK(c->pacing.mode == PacingConfig::Mode::kRealtime);
  c = resolve_line({"file", "--speed", "max", "a.wav"});
  CHECK(c->pacing.mode == PacingConfig::Mode::kMax);
  c = resolve_line({"file", "--speed", "2.5", "a.wav"});
  CHECK(c->pacing.mode == PacingConfig::Mode::kFactor);
  CHECK(c->pacing.factor == 2.5);
  c = resolve_line({"file", "--speed", "4x", "a.wav"});
  CHECK(c->pacing.factor == 4.0);
  c = resolve_line({"file", "--speed", "auto", "--window", "3", "-j", "4", "a.wav"});
  CHECK(c->pacing.mode == PacingConfig::Mode::kAuto);
  CHECK(c->pacing.window_s == 3.0);
  CHECK(c->jobs == 4);
  CHECK(error_of({"file", "--speed", "0", "a.wav"}) ==
        "--speed: expected auto, realtime, max or a factor such as 2 (greater than 0, at most "
        "1000), got '0'");
  CHECK(error_of({"file", "--speed", "fast", "a.wav"}) ==
        "--speed: expected auto, realtime, max or a factor such as 2 (greater than 0, at most "
        "1000), got 'fast'");
  CHECK(error_of({"file", "--speed", "max", "--window", "3", "a.wav"}) ==
        "--window only applies to --speed auto");
  CHECK(error_of({"file", "--window", "0", "a.wav"}) ==
        "--window: expected a number greater than 0 and at most 60, got '0'");
  CHECK(error_of({"file", "-j", "0", "a.wav"}) ==
        "--jobs: expected a whole number from 1 to 64, got '0'");
}

TEST_CASE("inputs", "[resolve]") {
  auto c = resolve_line({"file", "--raw-rate", "8000", "--raw-channels", "2", "-", "b.raw"});
  REQUIRE(c.ok());
  CHECK(c->input.paths == std::vector<std::string>{"-", "b.raw"});
  CHECK(c->input.raw_rate_hz == std::optional<int>(8000));
  CHECK(c->input.raw_channels == 2);
  CHECK(error_of({"file"}) == "no INPUT given");
  CHECK(error_of({"file", "-", "a.wav", "-"}) == "'-' (standard input) can be given only once");
  CHECK(error_of({"file", "--raw-channels", "2", "a.raw"}) == "--raw-channels needs --raw-rate");
  CHECK(error_of({"file", "--raw-rate", "44.1k", "a.raw"}) ==
        "--raw-rate: expected a whole number from 1000 to 384000, got '44.1k'");
  CHECK(error_of({"file", ""}) == "an INPUT is an empty string");
}

TEST_CASE("diagnostics", "[resolve]") {
  auto c = resolve_line({"file", "--stats", "-vv", "a.wav"});
  REQUIRE(c.ok());
  CHECK(c->diag.stats);
  CHECK(c->diag.verbosity == 2);
  CHECK(resolve_line({"file", "-q", "a.wav"})->diag.quiet);
  CHECK(error_of({"file", "-q", "-v", "a.wav"}) == "-q and -v cannot be used together");
}

TEST_CASE("recognition options reach the request", "[resolve]") {
  auto c = resolve_line({"file", "-m", "paraformer-realtime-v2", "--no-itn", "-l", "yue",
                         "--phrase-id", "p1", "a.wav"});
  REQUIRE(c.ok());
  CHECK(c->request.parameters ==
        std::vector<protocol::JsonMember>{{"language_hints", "[\"yue\"]"},
                                          {"inverse_text_normalization_enabled", "false"}});
  CHECK(c->request.phrase_id == std::optional<std::string>("p1"));
  CHECK(error_of({"file", "--no-itn", "a.wav"}) ==
        "--no-itn is not supported by fun-asr-realtime (supported by: paraformer-realtime-v2, "
        "paraformer-realtime-8k-v2)");
}

TEST_CASE("mic: defaults, heartbeat and input", "[resolve]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "sk-1";
  auto c = resolve_line({"mic"}, env);
  REQUIRE(c.ok());
  CHECK(c->command == Command::kMic);
  CHECK(c->input.paths == std::vector<std::string>{"mic"});
  CHECK_FALSE(c->input.device);
  CHECK_FALSE(c->input.duration_s);
  CHECK_FALSE(c->input.save);
  CHECK(c->request.model == "fun-asr-realtime");
  CHECK(c->request.parameters == std::vector<protocol::JsonMember>{{"heartbeat", "true"}});
  CHECK(c->pacing.mode == PacingConfig::Mode::kMax);
  CHECK(c->service.api_key == "sk-1");
  CHECK(c->service.endpoint == "wss://dashscope.aliyuncs.com/api-ws/v1/inference");
  CHECK(c->output.format == OutputFormat::kText);

  c = resolve_line({"mic", "--no-heartbeat", "-d", "2", "--duration", "90.5", "--save",
                    "meeting.FLAC", "--srt", "-o", "m.srt", "-l", "en"},
                   env);
  REQUIRE(c.ok());
  CHECK(c->request.parameters == std::vector<protocol::JsonMember>{{"language_hints", "[\"en\"]"}});
  CHECK(c->input.device == std::optional<std::string>("2"));
  CHECK(c->input.duration_s == std::optional<double>(90.5));
  CHECK(c->input.save == std::optional<std::string>("meeting.FLAC"));
  CHECK(c->output.format == OutputFormat::kSrt);
  CHECK(c->output.outputs == std::vector<OutputTarget>{{"m.srt", OutputFormat::kSrt}});
  CHECK(c->input.buffer_s == 120.0);

  c = resolve_line({"mic", "--buffer", "600"}, env);
  REQUIRE(c.ok());
  CHECK(c->input.buffer_s == 600.0);

  c = resolve_line({"mic", "--device", "USB Audio: #1", "-m", "qwen3-asr-flash-realtime",
                    "--manual-commit", "--context", "terms"},
                   env);
  REQUIRE(c.ok());
  CHECK(c->input.device == std::optional<std::string>("USB Audio: #1"));
  CHECK(c->request.family == protocol::Family::kRealtime);
  CHECK(c->request.parameters.empty());
  CHECK(c->request.manual_commit);
  CHECK(c->request.corpus_text == std::optional<std::string>("terms"));
}

TEST_CASE("mic: bad values and file-only options", "[resolve]") {
  FakeEnvironment env;
  env.directories = {"/rec", "/"};
  CHECK(resolve_line({"mic", "--save", "/rec/a.wav"}, env).ok());
  CHECK(resolve_line({"mic", "--save", "/top.wav"}, env).ok());
  CHECK(error_of({"mic", "--save", "a.mp3"}, env) ==
        "--save a.mp3: the file name must end in .wav or .flac");
  CHECK(error_of({"mic", "--save", "wav"}, env) ==
        "--save wav: the file name must end in .wav or .flac");
  CHECK(error_of({"mic", "--save", "dir.wav/x"}, env) ==
        "--save dir.wav/x: the file name must end in .wav or .flac");
  CHECK(error_of({"mic", "--save", "/nope/a.wav"}, env) ==
        "--save /nope/a.wav: no such directory: /nope");
  env.directories.insert("/rec/x.wav");
  CHECK(error_of({"mic", "--save", "/rec/x.wav"}, env) == "--save /rec/x.wav: is a directory");
  CHECK(error_of({"mic", "--save", ""}, env) == "--save: the value is empty");
  CHECK(error_of({"mic", "-d", ""}, env) == "--device: the value is empty");
  CHECK(error_of({"mic", "--duration", "0"}, env) ==
        "--duration: expected a number greater than 0 and at most 604800, got '0'");
  CHECK(error_of({"mic", "--duration", "1e9"}, env) ==
        "--duration: expected a number greater than 0 and at most 604800, got '1e9'");
  CHECK_THAT(error_of({"mic", "--buffer", "5"}, env), Catch::StartsWith("--buffer: expected"));
  CHECK_THAT(error_of({"mic", "--buffer", "7200"}, env), Catch::StartsWith("--buffer: expected"));
  CHECK_THAT(error_of({"file", "--buffer", "60", "a.wav"}, env),
             Catch::StartsWith("unknown option --buffer"));
  CHECK(error_of({"mic", "-m", "qwen3-asr-flash-realtime", "--heartbeat"}, env) ==
        "--heartbeat is not supported by qwen3-asr-flash-realtime (supported by: "
        "fun-asr-realtime, fun-asr-realtime-2025-11-07, fun-asr-realtime-2026-02-28, "
        "fun-asr-realtime-2025-09-15, fun-asr-flash-8k-realtime, "
        "fun-asr-flash-8k-realtime-2026-01-28, paraformer-realtime-v2, "
        "paraformer-realtime-8k-v2)");
  for (const char* file_only :
       {"--speed", "--window", "-j", "--output-dir", "--raw-rate", "--raw-channels"}) {
    INFO(file_only);
    CHECK_THAT(error_of({"mic", file_only, "1"}, env),
               Catch::StartsWith(std::string("unknown option ") +
                                 (file_only == std::string("-j") ? "-j" : file_only) +
                                 " for 'dsasr mic'"));
  }
  CHECK(error_of({"mic", "a.wav"}, env) == "unexpected argument 'a.wav'");
  // mic-only options are unknown to file.
  CHECK_THAT(error_of({"file", "--no-heartbeat", "a.wav"}, env),
             Catch::StartsWith("unknown option --no-heartbeat for 'dsasr file'"));
  CHECK_THAT(error_of({"file", "--save", "x.wav", "a.wav"}, env),
             Catch::StartsWith("unknown option --save for 'dsasr file'"));
}

TEST_CASE("devices takes only diagnostics options", "[resolve]") {
  FakeEnvironment env;
  env.vars["NO_COLOR"] = "1";
  auto c = resolve_line({"devices"}, env);
  REQUIRE(c.ok());
  CHECK(c->command == Command::kDevices);
  CHECK(c->output.color == ColorMode::kNever);
  CHECK(c->diag.verbosity == 0);
  c = resolve_line({"devices", "-v", "--color", "always"}, env);
  REQUIRE(c.ok());
  CHECK(c->diag.verbosity == 1);
  CHECK(c->output.color == ColorMode::kAlways);
  CHECK(resolve_line({"devices", "-q"}, env)->diag.quiet);
  CHECK(error_of({"devices", "-q", "-v"}, env) == "-q and -v cannot be used together");
  CHECK_THAT(error_of({"devices", "-m", "x"}, env),
             Catch::StartsWith("unknown option -m for 'dsasr devices'"));
  CHECK(error_of({"devices", "x"}, env) == "unexpected argument 'x'");
}

TEST_CASE("resolve on non-file commands", "[resolve]") {
  ParsedArgs a;
  a.command = Command::kModels;
  a.add(OptionId::kJson);
  auto c = resolve(a, FakeEnvironment());
  REQUIRE(c.ok());
  CHECK(c->command == Command::kModels);
  CHECK(c->models_json);
}

TEST_CASE("several outputs: -o repeated, -f lists with --output-dir", "[resolve]") {
  FakeEnvironment env;
  env.directories = {"/out", "/"};

  auto c = resolve_line({"file", "-o", "a.srt", "-o", "a.JSONL", "-o", "-", "-o", "a.vtt", "x.wav"},
                        env);
  REQUIRE(c.ok());
  CHECK(c->output.outputs == std::vector<OutputTarget>{{"a.srt", OutputFormat::kSrt},
                                                       {"a.JSONL", OutputFormat::kJsonl},
                                                       {"-", OutputFormat::kText},
                                                       {"a.vtt", OutputFormat::kVtt}});
  // -f gives standard output's format; the files keep theirs.
  c = resolve_line({"file", "--jsonl", "-o", "a.txt", "-o", "-", "x.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.outputs ==
        std::vector<OutputTarget>{{"a.txt", OutputFormat::kText}, {"-", OutputFormat::kJsonl}});
  // One -o: the format asked for wins over the name; without one, the name decides.
  c = resolve_line({"file", "--jsonl", "-o", "log.txt", "x.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.outputs == std::vector<OutputTarget>{{"log.txt", OutputFormat::kJsonl}});
  c = resolve_line({"file", "-o", "subs.vtt", "x.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.outputs == std::vector<OutputTarget>{{"subs.vtt", OutputFormat::kVtt}});
  c = resolve_line({"file", "-o", "notes.out", "x.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.outputs == std::vector<OutputTarget>{{"notes.out", OutputFormat::kText}});

  CHECK(error_of({"file", "-o", "a.srt", "-o", "b.out", "x.wav"}, env) ==
        "--output b.out: cannot tell the format from the name");
  CHECK(error_of({"file", "-o", "a.srt", "-o", "a.srt", "x.wav"}, env) ==
        "--output a.srt is given twice");
  CHECK(error_of({"file", "-o", "/out", "x.wav"}, env) == "--output /out: is a directory");

  c = resolve_line({"file", "-f", "srt,vtt,jsonl", "--output-dir", "/out", "x.wav", "y.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.dir_formats ==
        std::vector<OutputFormat>{OutputFormat::kSrt, OutputFormat::kVtt, OutputFormat::kJsonl});
  c = resolve_line({"file", "--output-dir", "/out", "x.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.dir_formats == std::vector<OutputFormat>{OutputFormat::kText});
  CHECK(error_of({"file", "-f", "srt,vtt", "x.wav"}, env) ==
        "--format vtt conflicts with --format srt; choose one output format");
  CHECK(error_of({"file", "-f", "srt,docx", "--output-dir", "/out", "x.wav"}, env) ==
        "--format: expected text, jsonl, srt or vtt, got 'docx'");
}

TEST_CASE("batch options: --from, --shard, --skip-existing, --progress, --timestamps",
          "[resolve]") {
  FakeEnvironment env;
  env.directories = {"/out", "/", "/archive"};

  auto c = resolve_line({"file", "--from", "list.txt", "--output-dir", "/out", "--skip-existing",
                         "--shard", "2/3", "--progress"},
                        env);
  REQUIRE(c.ok());
  CHECK(c->input.from == std::optional<std::string>("list.txt"));
  CHECK(c->input.paths.empty());
  CHECK(c->input.skip_existing);
  REQUIRE(c->input.shard.has_value());
  CHECK(c->input.shard->k == 2);
  CHECK(c->input.shard->n == 3);
  CHECK(c->diag.progress == ProgressMode::kAlways);
  CHECK(resolve_line({"file", "-q", "a.wav"}, env)->diag.progress == ProgressMode::kNever);
  CHECK(resolve_line({"file", "a.wav"}, env)->diag.progress == ProgressMode::kAuto);

  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "/2"}) {
    CHECK(error_of({"file", "--shard", bad, "a.wav"}, env) ==
          std::string("--shard: expected K/N with 1 <= K <= N, such as 1/4, got '") + bad + "'");
  }
  CHECK(error_of({"file", "--skip-existing", "a.wav"}, env) ==
        "--skip-existing needs --output-dir");
  CHECK(error_of({"file", "-q", "--progress", "a.wav"}, env) ==
        "-q and --progress cannot be used together");
  CHECK(error_of({"file", "--from", "-", "-"}, env) ==
        "'-' (standard input) can be given only once");
  // A list or a directory is several inputs: one -o file cannot hold them.
  CHECK(error_of({"file", "--from", "l.txt", "-o", "x.txt"}, env) ==
        "--output names one file but the inputs are a list; use --output-dir DIR for one output "
        "file per input");
  CHECK(error_of({"file", "/archive", "--srt"}, env) ==
        "several inputs cannot share one SRT stream on standard output");

  c = resolve_line({"file", "--timestamps", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->output.timestamps);
  CHECK(
      resolve_line({"file", "--timestamps", "-f", "srt,text", "--output-dir", "/out", "a.wav"}, env)
          .ok());
  CHECK(error_of({"file", "--timestamps", "--srt", "a.wav"}, env) ==
        "--timestamps applies to text output, not srt");
}

TEST_CASE("mic --system, --with-system, --labels and --echo-guard", "[resolve]") {
  auto c = resolve_line({"mic"});
  REQUIRE(c);
  CHECK_FALSE(c->input.system_sink);
  CHECK_FALSE(c->input.with_system);
  CHECK(c->input.labels == std::vector<std::string>{"mic", "system"});
  c = resolve_line({"mic", "--system"});
  REQUIRE(c);
  CHECK(c->input.system_sink == std::optional<std::string>(""));
  c = resolve_line({"mic", "--system=hdmi"});
  REQUIRE(c);
  CHECK(c->input.system_sink == std::optional<std::string>("hdmi"));
  c = resolve_line({"mic", "--with-system", "--labels", "ME,THEM", "--echo-guard"});
  REQUIRE(c);
  CHECK(c->input.with_system);
  CHECK(c->input.echo_guard);
  CHECK(c->input.labels == std::vector<std::string>{"ME", "THEM"});
  CHECK(error_of({"mic", "--system", "--with-system"}) ==
        "--system and --with-system cannot be used together");
  CHECK(error_of({"mic", "--system", "-d", "2"}) == "--system and -d cannot be used together");
  CHECK(error_of({"mic", "--echo-guard"}) == "--echo-guard needs --with-system");
  CHECK(error_of({"mic", "--labels", "A,B"}) == "--labels needs --with-system");
  CHECK(error_of({"mic", "--with-system", "--labels", "ME"}) ==
        "--labels ME: give two labels separated by a comma");
  CHECK(error_of({"mic", "--with-system", "--labels", "A,B,C"}) ==
        "--labels A,B,C: give two labels separated by a comma");
  CHECK(error_of({"mic", "--with-system", "--labels", "A,A"}) ==
        "--labels A,A: the two labels must differ");
}

TEST_CASE("parallel option: a number of parts or auto, regular files only, cut at the sentence end",
          "[resolve]") {
  FakeEnvironment env;
  auto c = resolve_line({"file", "--parallel", "8", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->parallel.segments == 8);
  CHECK_FALSE(c->parallel.automatic);
  CHECK_FALSE(c->jobs_given);
  CHECK(c->parallel.cut_silence_ms == 1300);  // fun-asr-realtime's max_sentence_silence
  // auto: at most 8 parts, or -j when given.
  c = resolve_line({"file", "--parallel", "auto", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->parallel.automatic);
  CHECK(c->parallel.segments == 8);
  c = resolve_line({"file", "-j", "16", "--parallel", "auto", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->jobs_given);
  CHECK(c->parallel.segments == 16);
  // The silence a cut needs follows the model's sentence end.
  c = resolve_line({"file", "--parallel", "2", "--max-sentence-silence", "900", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->parallel.cut_silence_ms == 900);
  c = resolve_line({"file", "--parallel", "2", "-m", "gummy-chat-v1", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->parallel.cut_silence_ms == 700);
  c = resolve_line({"file", "--parallel", "2", "-m", "qwen3-asr-flash-realtime", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->parallel.cut_silence_ms == 800);  // the pinned server-VAD silence window
  // Without --parallel nothing is cut.
  c = resolve_line({"file", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(c->parallel.segments == 1);
  CHECK_FALSE(c->parallel.automatic);

  for (const char* bad : {"0", "65", "x", "-1", ""}) {
    CHECK(error_of({"file", "--parallel", bad, "a.wav"}, env) ==
          std::string("--parallel: expected a number of parts from 1 to 64, or auto, got '") + bad +
              "'");
  }
  CHECK(error_of({"file", "--parallel", "4", "-"}, env) ==
        "--parallel cuts regular files only: standard input is read once, in order");
  CHECK(error_of({"file", "--parallel", "4", "--from", "-"}, env) ==
        "--parallel cuts regular files only: standard input is read once, in order");
  // One part reads standard input as usual.
  CHECK(resolve_line({"file", "--parallel", "1", "-"}, env).ok());
}

}  // namespace
}  // namespace dsasr::cli
