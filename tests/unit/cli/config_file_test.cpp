#include "cli/config_file.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;

constexpr const char* kPath = "/home/u/.config/dsasr/config.toml";

ConfigFile parsed(const std::string& text) {
  auto f = parse_config_file(text, kPath);
  INFO((f.ok() ? std::string() : f.error().message));
  REQUIRE(f.ok());
  return *f;
}

std::string error_of(const std::string& text) {
  auto f = parse_config_file(text, kPath);
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().kind == util::ErrorKind::kUsage);
  return f.error().message;
}

TEST_CASE("top-level keys are long option names, in file order with their lines", "[config_file]") {
  const ConfigFile f = parsed(
      "# comment\n"
      "speed = \"max\"\n"
      "model = \"paraformer-realtime-v2\"\n"
      "partials = true\n"
      "words = false\n"
      "retries = 3\n"
      "window = 2.5\n"
      "language = [\"zh\", \"en\"]\n"
      "verbose = 2\n");
  CHECK(f.path == kPath);
  REQUIRE(f.top.size() == 8);
  CHECK(f.top[0].id == OptionId::kSpeed);
  CHECK(f.top[0].values == std::vector<std::string>{"max"});
  CHECK(f.top[0].line == 2);
  CHECK(f.top[1].id == OptionId::kModel);
  CHECK(f.top[1].line == 3);
  CHECK(f.top[2].id == OptionId::kPartials);
  CHECK(f.top[2].count == 1);
  CHECK(f.top[3].id == OptionId::kWords);
  CHECK(f.top[3].count == 0);  // false: set, and off
  CHECK(f.top[4].values == std::vector<std::string>{"3"});
  CHECK(f.top[5].values == std::vector<std::string>{"2.5"});
  CHECK(f.top[6].values == std::vector<std::string>{"zh", "en"});
  CHECK(f.top[7].id == OptionId::kVerbose);
  CHECK(f.top[7].count == 2);
  CHECK(f.profiles.empty());
}

TEST_CASE("profiles are [profile.NAME] tables of the same keys", "[config_file]") {
  const ConfigFile f = parsed(
      "format = \"srt\"\n"
      "\n"
      "[profile.intl]\n"
      "region = \"singapore\"\n"
      "\n"
      "[profile.meeting]\n"
      "model = \"gummy-realtime-v1\"\n"
      "translate-to = \"en\"\n");
  REQUIRE(f.top.size() == 1);
  REQUIRE(f.profiles.size() == 2);
  const ConfigProfile& intl = f.profiles.at("intl");
  CHECK(intl.line == 3);
  REQUIRE(intl.settings.size() == 1);
  CHECK(intl.settings[0].id == OptionId::kRegion);
  CHECK(intl.settings[0].line == 4);
  const ConfigProfile& meeting = f.profiles.at("meeting");
  REQUIRE(meeting.settings.size() == 2);
  CHECK(meeting.settings[1].id == OptionId::kTranslateTo);
  CHECK(meeting.settings[1].line == 8);
}

TEST_CASE("every error names the file and the line", "[config_file]") {
  CHECK(error_of("speed = \"max\"\nspeeed = \"max\"\n") ==
        std::string(kPath) + ":2: unknown key 'speeed' (did you mean speed?)");
  CHECK(error_of("\npartials = \"yes\"\n") ==
        std::string(kPath) + ":2: partials: expected true or false, got a string");
  CHECK(error_of("model = 3.5e400\n").rfind(std::string(kPath) + ":1: ", 0) == 0);
  CHECK(error_of("model = true\n") ==
        std::string(kPath) + ":1: model: expected a string, got a boolean");
  CHECK(error_of("model = [\"a\", \"b\"]\n") ==
        std::string(kPath) + ":1: model: expected one value, got a list");
  CHECK(error_of("language = [\"zh\",\n  true]\n") ==
        std::string(kPath) + ":2: language: expected a list of strings, found a boolean");
  CHECK(error_of("language = {a = 1}\n") ==
        std::string(kPath) + ":1: language: expected a string or a list of strings, got a table");
  // TOML syntax errors, with toml++'s description.
  CHECK(error_of("speed = \"max\"\nmodel = \n").rfind(std::string(kPath) + ":2: ", 0) == 0);
  CHECK(error_of("speed = \"max\"\nspeed = \"auto\"\n").rfind(std::string(kPath) + ":2: ", 0) == 0);
  // Per-run options and options no command reading the file takes.
  for (const char* key : {"output", "from", "shard", "help", "version", "json", "profile-x"}) {
    INFO(key);
    CHECK(error_of(std::string(key) + " = \"x\"\n").find(":1: unknown key '") != std::string::npos);
  }
  CHECK(error_of("[profile.a]\nspeed = \"max\"\nbogus = 1\n") ==
        std::string(kPath) + ":3: unknown key 'bogus'");
  CHECK(error_of("profile = \"work\"\n") ==
        std::string(kPath) + ":1: 'profile' must be tables [profile.NAME], got a string");
  CHECK(error_of("[profile]\nwork = 1\n") ==
        std::string(kPath) + ":2: profile.work must be a table, got an integer");
}

TEST_CASE("an API key is never read from the file", "[config_file]") {
  for (const char* key : {"api-key", "api_key", "apikey", "key", "dashscope-api-key"}) {
    INFO(key);
    auto f =
        parse_config_file("speed = \"max\"\n" + std::string(key) + " = \"sk-secret\"\n", kPath);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().message ==
          std::string(kPath) + ":2: an API key is never read from the configuration file");
    CHECK(f.error().hint.find("api-key-file") != std::string::npos);
    CHECK(f.error().message.find("sk-secret") == std::string::npos);
  }
  auto f = parse_config_file("[profile.p]\napi-key = \"sk-secret\"\n", kPath);
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().message.rfind(std::string(kPath) + ":2: an API key", 0) == 0);
  // api-key-file is the way.
  CHECK(parsed("api-key-file = \"/home/u/key\"\n").top[0].id == OptionId::kApiKeyFile);
}

TEST_CASE("the file is under XDG_CONFIG_HOME, else ~/.config", "[config_file]") {
  FakeEnvironment env;
  CHECK(config_file_path(env) == std::optional<std::string>(kPath));
  env.vars["XDG_CONFIG_HOME"] = "/xdg";
  CHECK(config_file_path(env) == std::optional<std::string>("/xdg/dsasr/config.toml"));
  env.vars["XDG_CONFIG_HOME"] = "relative";  // invalid per the XDG spec: ignored
  CHECK(config_file_path(env) == std::optional<std::string>(kPath));
  env.vars.clear();
  env.home.reset();
  CHECK_FALSE(config_file_path(env));
}

TEST_CASE("loading: no file is no configuration; an unreadable one is an error", "[config_file]") {
  FakeEnvironment env;
  auto none = load_config_file(env);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  env.files[kPath] = "speed = \"max\"\n";
  auto some = load_config_file(env);
  REQUIRE(some.ok());
  REQUIRE(some->has_value());
  CHECK((*some)->top.size() == 1);
  env.files.clear();
  env.unreadable[kPath] = "Permission denied";
  auto bad = load_config_file(env);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        std::string("cannot read the configuration file ") + kPath + ": Permission denied");
}

TEST_CASE("configurable options are those of commands that read the file", "[config_file]") {
  CHECK(configurable(option(OptionId::kSpeed)));
  CHECK(configurable(option(OptionId::kApiKeyFile)));
  CHECK(configurable(option(OptionId::kDevice)));
  CHECK(configurable(option(OptionId::kColor)));
  CHECK_FALSE(configurable(option(OptionId::kOutput)));
  CHECK_FALSE(configurable(option(OptionId::kProfile)));
  CHECK_FALSE(configurable(option(OptionId::kJson)));
  CHECK_FALSE(configurable(option(OptionId::kHelp)));
}

}  // namespace
}  // namespace dsasr::cli
