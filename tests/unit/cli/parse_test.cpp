#include "cli/parse.h"

#include <catch2/catch.hpp>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;
using testing::parse_args_of;
using testing::parse_command_line;

// A value each option accepts in resolution, so the same table can drive both steps.
std::string sample_value(OptionId id) {
  switch (id) {
    case OptionId::kModel:
      return "paraformer-realtime-v2";
    case OptionId::kProtocol:
      return "duplex";
    case OptionId::kRegion:
      return "beijing";
    case OptionId::kEndpoint:
      return "ws://127.0.0.1:1234/api-ws/v1/inference";
    case OptionId::kFormat:
      return "jsonl";
    case OptionId::kSpeed:
      return "max";
    case OptionId::kColor:
      return "never";
    case OptionId::kParam:
      return "x=1";
    case OptionId::kNoiseThreshold:
    case OptionId::kVadThreshold:
      return "-0.5";
    case OptionId::kContext:
      return "@terms.txt";
    case OptionId::kDevice:
      return "USB Mic";
    default:
      return "7";
  }
}

std::string command_name(Command c) {
  const CommandSpec* spec = find_command(c);
  return spec ? std::string(spec->name) : std::string();
}

TEST_CASE("every option of every command is parsed in long, short and --name=value form",
          "[parse]") {
  for (Command command :
       {Command::kNone, Command::kFile, Command::kMic, Command::kDevices, Command::kModels}) {
    for (const OptionSpec& spec : all_options()) {
      if (!spec.applies_to(command)) continue;
      std::vector<std::vector<std::string>> forms;
      std::string value = sample_value(spec.id);
      if (spec.is_flag()) {
        forms.push_back({spec.long_flag()});
        if (spec.short_name) forms.push_back({std::string("-") + spec.short_name});
      } else if (spec.value_optional()) {
        forms.push_back({spec.long_flag() + "=" + value});  // only this form has a value
      } else {
        forms.push_back({spec.long_flag(), value});
        forms.push_back({spec.long_flag() + "=" + value});
        if (spec.short_name) forms.push_back({std::string("-") + spec.short_name, value});
      }
      for (auto form : forms) {
        if (command != Command::kNone) form.insert(form.begin(), command_name(command));
        INFO(command_name(command) << " " << form.back());
        auto args = parse_args_of(form);
        REQUIRE(args.ok());
        CHECK(args->command == command);
        CHECK(args->count(spec.id) == 1);
        if (!spec.is_flag()) CHECK(args->last(spec.id) == value);
      }
    }
  }
}

TEST_CASE("an option whose value may be left out never takes the next word", "[parse]") {
  auto args = parse_args_of({"file", "--skip-silence", "talk.wav"});
  REQUIRE(args.ok());
  CHECK(args->count(OptionId::kSkipSilence) == 1);
  CHECK(args->last(OptionId::kSkipSilence).empty());
  CHECK(args->inputs == std::vector<std::string>{"talk.wav"});
  args = parse_args_of({"file", "--skip-silence=900", "talk.wav"});
  REQUIRE(args.ok());
  CHECK(args->last(OptionId::kSkipSilence) == "900");
}

TEST_CASE("options of another command are unknown", "[parse]") {
  auto args = parse_args_of({"models", "--jsonl"});
  REQUIRE_FALSE(args.ok());
  CHECK(args.error().kind == util::ErrorKind::kUsage);
  CHECK(args.error().message == "unknown option --jsonl for 'dsasr models' (did you mean --json?)");
}

TEST_CASE("positional inputs, '-' and '--' are kept in order", "[parse]") {
  auto args = parse_args_of({"file", "a.wav", "-m", "fun-asr-realtime", "-", "--", "-b.wav"});
  REQUIRE(args.ok());
  CHECK(args->inputs == std::vector<std::string>{"a.wav", "-", "-b.wav"});
  CHECK(args->last(OptionId::kModel) == "fun-asr-realtime");
}

TEST_CASE("after '--' only operands follow, and only file takes them", "[parse]") {
  auto args = parse_args_of({"file", "--", "--jsonl"});
  REQUIRE(args.ok());
  CHECK(args->inputs == std::vector<std::string>{"--jsonl"});
  CHECK_FALSE(args->has(OptionId::kJsonl));
  args = parse_args_of({"models", "--", "x"});
  REQUIRE_FALSE(args.ok());
  CHECK(args.error().message == "unexpected argument 'x'");
}

TEST_CASE("repeated options keep every value and count", "[parse]") {
  auto args = parse_args_of({"file", "-vv", "--param", "a=1", "-v", "--param=b=2", "x.wav"});
  REQUIRE(args.ok());
  CHECK(args->count(OptionId::kVerbose) == 3);
  CHECK(args->all(OptionId::kParam) == std::vector<std::string>{"a=1", "b=2"});
  CHECK(args->inputs == std::vector<std::string>{"x.wav"});
}

TEST_CASE("a negative number is a value, not an option", "[parse]") {
  auto args = parse_args_of({"file", "--noise-threshold", "-0.25", "x.wav"});
  REQUIRE(args.ok());
  CHECK(args->last(OptionId::kNoiseThreshold) == "-0.25");
}

TEST_CASE("the --api-key option is refused with an explanation and without echoing the key",
          "[parse]") {
  for (auto form : std::vector<std::vector<std::string>>{
           {"file", "--api-key", "sk-secret", "x.wav"}, {"file", "--api-key=sk-secret", "x.wav"}}) {
    auto args = parse_args_of(form);
    REQUIRE_FALSE(args.ok());
    CHECK(args.error().kind == util::ErrorKind::kUsage);
    CHECK(args.error().message ==
          "there is no --api-key option: a key on the command line shows in 'ps' and shell "
          "history");
    CHECK_THAT(args.error().hint, Catch::Contains("DASHSCOPE_API_KEY"));
    CHECK_THAT(args.error().hint, Catch::Contains("--api-key-file"));
    CHECK(args.error().message.find("sk-secret") == std::string::npos);
    CHECK(args.error().hint.find("sk-secret") == std::string::npos);
  }
}

TEST_CASE("an unknown option names only the option and suggests a near one", "[parse]") {
  auto args = parse_args_of({"file", "--langauge=secret", "x.wav"});
  REQUIRE_FALSE(args.ok());
  CHECK(args.error().message ==
        "unknown option --langauge for 'dsasr file' (did you mean --language?)");
  CHECK(args.error().hint == "run 'dsasr file --help' for its options");
}

TEST_CASE("a command's option before the command says where it goes", "[parse]") {
  auto args = parse_args_of({"--jsonl", "file", "x.wav"});
  REQUIRE_FALSE(args.ok());
  CHECK(args.error().message == "--jsonl is an option of a command and goes after it");
  CHECK(args.error().hint == "for example: dsasr file --jsonl ...");
}

TEST_CASE("an unknown command is a usage error", "[parse]") {
  auto args = parse_args_of({"fiel", "x.wav"});
  REQUIRE_FALSE(args.ok());
  CHECK(args.error().message == "unknown command 'fiel' (did you mean file?)");
}

TEST_CASE("an option missing its value is a usage error", "[parse]") {
  auto args = parse_args_of({"file", "x.wav", "--model"});
  REQUIRE_FALSE(args.ok());
  CHECK(args.error().kind == util::ErrorKind::kUsage);
  CHECK(args.error().message == "--model: 1 required NAME missing");
}

TEST_CASE("the --help and -h options give the command's help text", "[parse]") {
  FakeEnvironment env;
  for (auto form : std::vector<std::vector<std::string>>{{"file", "--help"},
                                                         {"file", "-h"},
                                                         {"help", "file"},
                                                         {"file", "--speed", "bad", "-h"}}) {
    std::string text;
    auto c = parse_command_line(form, env, &text);
    REQUIRE(c.ok());
    CHECK(c->command == Command::kHelp);
    CHECK_THAT(text, Catch::StartsWith("Usage: dsasr file [OPTIONS] INPUT..."));
  }
}

TEST_CASE("unknown options are reported even with --help", "[parse]") {
  FakeEnvironment env;
  auto c = parse_command_line({"file", "--bogus", "-h"}, env);
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Catch::StartsWith("unknown option --bogus"));
}

TEST_CASE("dsasr --help, dsasr help and dsasr -h give the command list", "[parse]") {
  FakeEnvironment env;
  for (auto form :
       std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"help"}, {"help", "--help"}}) {
    std::string text;
    auto c = parse_command_line(form, env, &text);
    REQUIRE(c.ok());
    CHECK(c->command == Command::kHelp);
    CHECK_THAT(text, Catch::StartsWith("Usage: dsasr COMMAND"));
  }
}

TEST_CASE("dsasr help with an unknown command is a usage error", "[parse]") {
  FakeEnvironment env;
  auto c = parse_command_line({"help", "nope"}, env);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message == "no such command: 'nope'");
}

TEST_CASE("the --version option anywhere prints the version", "[parse]") {
  FakeEnvironment env;
  for (auto form : std::vector<std::vector<std::string>>{{"--version"}, {"file", "--version"}}) {
    std::string text;
    auto c = parse_command_line(form, env, &text);
    REQUIRE(c.ok());
    CHECK(c->command == Command::kVersion);
    CHECK_THAT(text, Catch::StartsWith("dsasr "));
  }
}

TEST_CASE("dsasr models prints the list, --json as JSON", "[parse]") {
  FakeEnvironment env;
  std::string text;
  auto c = parse_command_line({"models"}, env, &text);
  REQUIRE(c.ok());
  CHECK(c->command == Command::kModels);
  CHECK_FALSE(c->models_json);
  CHECK_THAT(text, Catch::StartsWith("fun-asr-realtime  (duplex)"));
  c = parse_command_line({"models", "--json"}, env, &text);
  REQUIRE(c.ok());
  CHECK(c->models_json);
  CHECK_THAT(text, Catch::StartsWith("[{\"name\":\"fun-asr-realtime\""));
}

TEST_CASE("dsasr without a command is a usage error", "[parse]") {
  FakeEnvironment env;
  auto c = parse_command_line({}, env);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().kind == util::ErrorKind::kUsage);
  CHECK(c.error().message == "no command given");
}

TEST_CASE("a file command line resolves end to end", "[parse]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "sk-test";
  std::string text = "stale";
  auto c = parse_command_line({"file", "--jsonl", "-l", "en", "talk.wav"}, env, &text);
  REQUIRE(c.ok());
  CHECK(text.empty());
  CHECK(c->command == Command::kFile);
  CHECK(c->output.format == OutputFormat::kJsonl);
  CHECK(c->request.model == "fun-asr-realtime");
  CHECK(c->request.parameters == std::vector<protocol::JsonMember>{{"language_hints", "[\"en\"]"}});
  CHECK(c->service.api_key == "sk-test");
  CHECK(c->input.paths == std::vector<std::string>{"talk.wav"});
}

}  // namespace
}  // namespace dsasr::cli
