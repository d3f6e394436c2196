#include "cli/settings_report.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;

constexpr const char* kPath = "/home/u/.config/dsasr/config.toml";

std::string report(const std::vector<std::string>& args, const FakeEnvironment& env) {
  std::string text;
  auto c = testing::parse_command_line(args, env, &text);
  INFO((c.ok() ? std::string() : c.error().message));
  REQUIRE(c.ok());
  CHECK(c->command == Command::kConfig);
  return text;
}

// The line of setting `name`.
std::string line_of(const std::string& text, const std::string& name) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    if (line.rfind(name + " = ", 0) == 0 || line.rfind("# " + name + ":", 0) == 0) return line;
    pos = end + 1;
  }
  return "";
}

TEST_CASE("dsasr config shows every setting with its value and origin", "[settings_report]") {
  FakeEnvironment env;
  env.files[kPath] =
      "speed = \"max\"\n"
      "language = [\"zh\", \"en\"]\n"
      "[profile.intl]\n"
      "region = \"singapore\"\n";
  env.vars["NO_COLOR"] = "1";
  env.vars["DASHSCOPE_API_KEY"] = "sk-0123456789abcdef";
  const std::string text = report({"config", "--profile", "intl"}, env);
  CHECK(text.find(std::string("# configuration file: ") + kPath + "\n") != std::string::npos);
  CHECK(text.find("# profile: intl (from --profile)\n") != std::string::npos);
  CHECK(text.find("# profiles in the file: intl\n") != std::string::npos);
  CHECK(line_of(text, "speed") ==
        "speed = \"max\"                               # config file " + std::string(kPath) + ":1");
  CHECK(line_of(text, "language").find("language = [\"zh\", \"en\"]") == 0);
  CHECK(line_of(text, "region").find(std::string("# profile intl, ") + kPath + ":4") !=
        std::string::npos);
  CHECK(line_of(text, "color").find("color = \"never\"") == 0);
  CHECK(line_of(text, "color").find("# environment NO_COLOR") != std::string::npos);
  CHECK(line_of(text, "model").find("model = \"fun-asr-realtime\"") == 0);
  CHECK(line_of(text, "model").find("# default") != std::string::npos);
  CHECK(line_of(text, "partials").find("partials = false") == 0);
  CHECK(line_of(text, "workspace") == "# workspace: not set");
  CHECK(line_of(text, "api-key-file") == "# api-key-file: not used, DASHSCOPE_API_KEY is set");
  CHECK(text.find("# endpoint: wss://dashscope-intl.aliyuncs.com/api-ws/v1/inference (from the "
                  "region, singapore)") != std::string::npos);
  // The key: where and what shape, never the key.
  CHECK(text.find("# API key: from DASHSCOPE_API_KEY; starts with sk-, 19 characters") !=
        std::string::npos);
  CHECK(text.find("0123456789abcdef") == std::string::npos);
  // Every configurable option has its line.
  for (const OptionSpec& s : all_options()) {
    if (!configurable(s)) continue;
    INFO(s.long_name);
    CHECK_FALSE(line_of(text, std::string(s.long_name)).empty());
  }
}

TEST_CASE("dsasr config: the command line and a missing file", "[settings_report]") {
  FakeEnvironment env;
  const std::string text = report({"config"}, env);
  CHECK(text.find(std::string("# configuration file: ") + kPath + " (not found)\n") !=
        std::string::npos);
  CHECK(text.find("# profile: none\n") != std::string::npos);
  CHECK(text.find("# API key: none found; looked in:\n#   DASHSCOPE_API_KEY (not set)\n") !=
        std::string::npos);
  env.files[kPath] = "[profile.p]\napi-key-file = \"/k\"\n";
  env.files["/k"] = "sk-fromfile";
  env.vars["DSASR_PROFILE"] = "p";
  const std::string with_key = report({"config"}, env);
  CHECK(with_key.find("# profile: p (from DSASR_PROFILE)\n") != std::string::npos);
  CHECK(with_key.find(std::string("# API key: from api-key-file /k (profile p, ") + kPath +
                      ":2); starts with sk-, 11 characters") != std::string::npos);
  CHECK(with_key.find("fromfile") == std::string::npos);
}

TEST_CASE("the defaults dsasr config shows are the built-in ones", "[settings_report]") {
  const Config c;
  CHECK(default_text(OptionId::kRetries) == std::to_string(c.service.retries));
  CHECK(default_text(OptionId::kMaxLineWidth) == std::to_string(c.output.max_line_width));
  CHECK(default_text(OptionId::kMaxLines) == std::to_string(c.output.max_lines));
  CHECK(std::stod(std::string(default_text(OptionId::kMaxCueDuration))) ==
        c.output.max_cue_duration_s);
  CHECK(std::stod(std::string(default_text(OptionId::kWindow))) == c.pacing.window_s);
  CHECK(default_text(OptionId::kJobs) == std::to_string(c.jobs));
  CHECK(default_text(OptionId::kRawChannels) == std::to_string(c.input.raw_channels));
  CHECK(std::stod(std::string(default_text(OptionId::kBuffer))) == c.input.buffer_s);
  FakeEnvironment env;
  auto file = testing::parse_command_line({"file", "a.wav"}, env);
  REQUIRE(file.ok());
  CHECK(default_text(OptionId::kModel) == file->request.model);
}

}  // namespace
}  // namespace dsasr::cli
