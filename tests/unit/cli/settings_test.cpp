// The precedence of the configuration layers, entry by entry: command line > environment >
// profile > top-level config > built-in default; profiles by flag and by DSASR_PROFILE; and
// every error case, each naming the file (and the line where there is one).
#include "cli/settings.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;
using testing::parse_command_line;

constexpr const char* kPath = "/home/u/.config/dsasr/config.toml";

Config resolved(const std::vector<std::string>& args, const FakeEnvironment& env) {
  auto c = parse_command_line(args, env);
  INFO((c.ok() ? std::string() : c.error().message));
  REQUIRE(c.ok());
  return *c;
}

util::Error error_of(const std::vector<std::string>& args, const FakeEnvironment& env) {
  auto c = parse_command_line(args, env);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().kind == util::ErrorKind::kUsage);
  return c.error();
}

// Every layer sets the model; each step removes the highest one.
TEST_CASE("precedence of a plain option: --model", "[settings]") {
  FakeEnvironment env;
  const std::vector<std::string> file_cmd = {"file", "a.wav"};
  // 1. default
  CHECK(resolved(file_cmd, env).request.model == "fun-asr-realtime");
  // 2. top-level config > default
  env.files[kPath] =
      "model = \"paraformer-realtime-v2\"\n"
      "[profile.p]\n"
      "model = \"gummy-realtime-v1\"\n";
  CHECK(resolved(file_cmd, env).request.model == "paraformer-realtime-v2");
  // 3. profile > top-level config
  CHECK(resolved({"file", "--profile", "p", "a.wav"}, env).request.model == "gummy-realtime-v1");
  // 5. command line > profile
  CHECK(resolved({"file", "--profile", "p", "-m", "paraformer-realtime-v1", "a.wav"}, env)
            .request.model == "paraformer-realtime-v1");
}

TEST_CASE("precedence of an option with an environment variable: --endpoint", "[settings]") {
  FakeEnvironment env;
  const std::vector<std::string> cmd = {"file", "--profile", "p", "a.wav"};
  env.files[kPath] = "[profile.p]\n";
  // 1. default: the region's URL
  Config c = resolved(cmd, env);
  CHECK(c.service.endpoint == "wss://dashscope.aliyuncs.com/api-ws/v1/inference");
  CHECK(c.service.endpoint_origin.what == "--region");
  // 2. top-level config
  env.files[kPath] = "endpoint = \"ws://config:1/api-ws/v1/inference\"\n[profile.p]\n";
  c = resolved(cmd, env);
  CHECK(c.service.endpoint == "ws://config:1/api-ws/v1/inference");
  CHECK(c.service.endpoint_origin.what == std::string("endpoint (") + kPath + ":1)");
  // 3. profile
  env.files[kPath] =
      "endpoint = \"ws://config:1/api-ws/v1/inference\"\n"
      "[profile.p]\n"
      "endpoint = \"ws://profile:1/api-ws/v1/inference\"\n";
  c = resolved(cmd, env);
  CHECK(c.service.endpoint == "ws://profile:1/api-ws/v1/inference");
  CHECK(c.service.endpoint_origin.what == std::string("endpoint (profile p, ") + kPath + ":3)");
  // 4. environment > profile
  env.vars["DASHSCOPE_WEBSOCKET_BASE_URL"] = "ws://env:1/api-ws/v1/inference";
  c = resolved(cmd, env);
  CHECK(c.service.endpoint == "ws://env:1/api-ws/v1/inference");
  CHECK(c.service.endpoint_origin.what == "DASHSCOPE_WEBSOCKET_BASE_URL");
  // 5. command line > environment
  c = resolved({"file", "--profile", "p", "--endpoint", "ws://cli:1/api-ws/v1/inference", "a.wav"},
               env);
  CHECK(c.service.endpoint == "ws://cli:1/api-ws/v1/inference");
  CHECK(c.service.endpoint_origin.what == "--endpoint");
}

TEST_CASE("precedence of the API key: the file only names a key file, below the environment",
          "[settings]") {
  FakeEnvironment env;
  env.files["/home/u/.dashscope/api_key"] = "sk-home";
  env.files["/k/top"] = "sk-top";
  env.files["/k/profile"] = "sk-profile";
  env.files["/k/env-file"] = "sk-env-file";
  env.files["/k/cli"] = "sk-cli";
  const std::vector<std::string> cmd = {"file", "--profile", "p", "a.wav"};
  env.files[kPath] = "[profile.p]\n";
  // default: ~/.dashscope/api_key
  CHECK(resolved(cmd, env).service.api_key == "sk-home");
  // top-level api-key-file
  env.files[kPath] = "api-key-file = \"/k/top\"\n[profile.p]\n";
  Config c = resolved(cmd, env);
  CHECK(c.service.api_key == "sk-top");
  CHECK(c.service.api_key_origin.what == std::string("api-key-file /k/top (") + kPath + ":1)");
  // profile api-key-file
  env.files[kPath] = "api-key-file = \"/k/top\"\n[profile.p]\napi-key-file = \"/k/profile\"\n";
  CHECK(resolved(cmd, env).service.api_key == "sk-profile");
  // DASHSCOPE_API_KEY_FILE_PATH > profile
  env.vars["DASHSCOPE_API_KEY_FILE_PATH"] = "/k/env-file";
  CHECK(resolved(cmd, env).service.api_key == "sk-env-file");
  // DASHSCOPE_API_KEY > DASHSCOPE_API_KEY_FILE_PATH
  env.vars["DASHSCOPE_API_KEY"] = "sk-env";
  c = resolved(cmd, env);
  CHECK(c.service.api_key == "sk-env");
  CHECK(c.service.api_key_origin.what == "DASHSCOPE_API_KEY");
  // --api-key-file > everything
  c = resolved({"file", "--profile", "p", "--api-key-file", "/k/cli", "a.wav"}, env);
  CHECK(c.service.api_key == "sk-cli");
  CHECK(c.service.api_key_origin.what == "--api-key-file /k/cli");
}

TEST_CASE("precedence of --color and NO_COLOR", "[settings]") {
  FakeEnvironment env;
  const std::vector<std::string> cmd = {"file", "a.wav"};
  CHECK(resolved(cmd, env).output.color == ColorMode::kAuto);
  env.files[kPath] = "color = \"always\"\n[profile.p]\ncolor = \"never\"\n";
  CHECK(resolved(cmd, env).output.color == ColorMode::kAlways);
  env.vars["DSASR_PROFILE"] = "p";
  CHECK(resolved(cmd, env).output.color == ColorMode::kNever);
  env.files[kPath] = "color = \"always\"\n[profile.p]\ncolor = \"always\"\n";
  env.vars["NO_COLOR"] = "1";
  CHECK(resolved(cmd, env).output.color == ColorMode::kNever);
  CHECK(resolved({"file", "--color", "always", "a.wav"}, env).output.color == ColorMode::kAlways);
}

TEST_CASE("top-level keys apply to every command that takes them", "[settings]") {
  FakeEnvironment env;
  env.files[kPath] = "speed = \"max\"\npartials = true\nretries = 2\n";
  Config file = resolved({"file", "a.wav"}, env);
  CHECK(file.pacing.mode == PacingConfig::Mode::kMax);
  CHECK(file.output.partials);
  CHECK(file.service.retries == 2);
  // mic takes no --speed: the key is left out, the others apply.
  Config mic = resolved({"mic"}, env);
  CHECK(mic.output.partials);
  CHECK(mic.service.retries == 2);
  // models takes none of them and does not read the file at all.
  env.files[kPath] = "bogus = 1\n";
  CHECK(parse_command_line({"models"}, env).ok());
  CHECK_FALSE(parse_command_line({"file", "a.wav"}, env).ok());
}

TEST_CASE("the profile comes from --profile, else DSASR_PROFILE", "[settings]") {
  FakeEnvironment env;
  env.files[kPath] =
      "jobs = 1\n"
      "[profile.two]\njobs = 2\n"
      "[profile.three]\njobs = 3\n";
  CHECK(resolved({"file", "a.wav"}, env).jobs == 1);
  env.vars["DSASR_PROFILE"] = "two";
  CHECK(resolved({"file", "a.wav"}, env).jobs == 2);
  CHECK(resolved({"file", "--profile", "three", "a.wav"}, env).jobs == 3);
  env.vars["DSASR_PROFILE"] = "";  // set but empty: no profile
  CHECK(resolved({"file", "a.wav"}, env).jobs == 1);
}

TEST_CASE("a false flag in a profile turns off the top level's true", "[settings]") {
  FakeEnvironment env;
  env.files[kPath] = "words = true\n[profile.p]\nwords = false\n";
  CHECK(resolved({"file", "a.wav"}, env).output.words);
  CHECK_FALSE(resolved({"file", "--profile", "p", "a.wav"}, env).output.words);
}

TEST_CASE("options that stand for one another are layered together", "[settings]") {
  FakeEnvironment env;
  env.files[kPath] = "format = \"srt\"\nquiet = true\nwindow = 5\n[profile.p]\njsonl = true\n";
  Config c = resolved({"file", "a.wav"}, env);
  CHECK(c.output.format == OutputFormat::kSrt);
  CHECK(c.diag.quiet);
  CHECK(c.pacing.window_s == 5.0);
  // A command-line --vtt replaces the file's format instead of conflicting with it; -v replaces
  // its quiet; --speed max drops its window (which is for --speed auto only).
  c = resolved({"file", "--vtt", "-v", "--speed", "max", "a.wav"}, env);
  CHECK(c.output.format == OutputFormat::kVtt);
  CHECK_FALSE(c.diag.quiet);
  CHECK(c.diag.verbosity == 1);
  CHECK(c.pacing.mode == PacingConfig::Mode::kMax);
  // The profile's jsonl replaces the top level's format.
  CHECK(resolved({"file", "--profile", "p", "a.wav"}, env).output.format == OutputFormat::kJsonl);
}

TEST_CASE("configuration errors name the file and the line", "[settings]") {
  FakeEnvironment env;
  // A missing profile, by flag and by environment.
  env.files[kPath] = "[profile.work]\n[profile.home]\n";
  util::Error e = error_of({"file", "--profile", "wrok", "a.wav"}, env);
  CHECK(e.message ==
        std::string(kPath) + ": no profile 'wrok' (from --profile) (did you mean work?)");
  CHECK(e.hint == "the file's profiles: home, work");
  env.vars["DSASR_PROFILE"] = "office";
  e = error_of({"file", "a.wav"}, env);
  CHECK(e.message == std::string(kPath) + ": no profile 'office' (from DSASR_PROFILE)");
  // No file at all.
  env.files.clear();
  e = error_of({"file", "a.wav"}, env);
  CHECK(e.message == std::string("no profile 'office' (from DSASR_PROFILE): there is no "
                                 "configuration file at ") +
                         kPath);
  env.vars.clear();
  // An unknown key, a wrong type, a key: from parse_config_file, through `dsasr file`.
  env.files[kPath] = "speed = \"max\"\n\nmodle = \"x\"\n";
  CHECK(error_of({"file", "a.wav"}, env).message ==
        std::string(kPath) + ":3: unknown key 'modle' (did you mean model?)");
  env.files[kPath] = "jobs = true\n";
  CHECK(error_of({"mic"}, env).message ==
        std::string(kPath) + ":1: jobs: expected a string, got a boolean");
  env.files[kPath] = "api-key = \"sk-secret\"\n";
  e = error_of({"file", "a.wav"}, env);
  CHECK(e.message.find("sk-secret") == std::string::npos);
  CHECK(e.message ==
        std::string(kPath) + ":1: an API key is never read from the configuration file");
  // A bad value is reported by resolution, which is told where it came from.
  env.files[kPath] = "model = \"fun-asr-realtime\"\nspeed = \"fast\"\n";
  e = error_of({"file", "a.wav"}, env);
  CHECK(e.message.find("--speed: expected auto, realtime, max") == 0);
  CHECK(e.message.find(std::string("(speed at ") + kPath + ":2)") != std::string::npos);
  env.files[kPath] = "[profile.p]\nmax-lines = \"99\"\n";
  e = error_of({"file", "--profile", "p", "a.wav"}, env);
  CHECK(e.message.find(std::string("(max-lines at profile p, ") + kPath + ":2)") !=
        std::string::npos);
  // The same value on the command line is reported as before.
  env.files.clear();
  CHECK(error_of({"file", "--speed", "fast", "a.wav"}, env).message.find("(speed at") ==
        std::string::npos);
}

TEST_CASE("origins: every setting knows its layer", "[settings]") {
  FakeEnvironment env;
  env.files[kPath] = "speed = \"max\"\nregion = \"beijing\"\n[profile.p]\nregion = \"singapore\"\n";
  env.vars["NO_COLOR"] = "1";
  ParsedArgs args;
  args.command = Command::kFile;
  args.add(OptionId::kJobs, "2");
  args.add(OptionId::kProfile, "p");
  auto l = layer_settings(args, env);
  REQUIRE(l.ok());
  auto origin = [&](OptionId id) { return l->origins[static_cast<std::size_t>(id)]; };
  CHECK(l->config_found);
  CHECK(l->config_path == std::optional<std::string>(kPath));
  CHECK(l->profile == std::optional<std::string>("p"));
  CHECK(l->profile_origin == "--profile");
  CHECK(origin(OptionId::kJobs).layer == Layer::kCommandLine);
  CHECK(origin(OptionId::kSpeed).layer == Layer::kConfig);
  CHECK(origin(OptionId::kSpeed).where == std::string(kPath) + ":1");
  CHECK(origin(OptionId::kRegion).layer == Layer::kProfile);
  CHECK(origin(OptionId::kRegion).where == std::string("profile p, ") + kPath + ":4");
  CHECK(origin(OptionId::kColor).layer == Layer::kEnvironment);
  CHECK(origin(OptionId::kColor).where == "NO_COLOR");
  CHECK(origin(OptionId::kWindow).layer == Layer::kDefault);
  CHECK(l->args.last(OptionId::kSpeed) == "max");
  CHECK(l->args.last(OptionId::kRegion) == "singapore");
  CHECK(l->args.count(OptionId::kRegion) == 1);  // the top level's is hidden, not added too
}

}  // namespace
}  // namespace dsasr::cli
