#include "cli/describe.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

TEST_CASE("describe shows the settings but never the key", "[describe]") {
  testing::FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "sk-very-secret";
  auto c =
      testing::parse_command_line({"file", "--jsonl", "-l", "zh", "--speed", "2", "a.wav"}, env);
  REQUIRE(c.ok());
  std::string text = describe(*c);
  CHECK(text.find("sk-very-secret") == std::string::npos);
  CHECK(text.find("api key: set (from DASHSCOPE_API_KEY)\n") != std::string::npos);
  CHECK(text.find("model: fun-asr-realtime (duplex, 16000 Hz)\n") != std::string::npos);
  CHECK(text.find("endpoint: wss://dashscope.aliyuncs.com/api-ws/v1/inference (from --region)\n") !=
        std::string::npos);
  CHECK(text.find("parameter: language_hints=[\"zh\"]\n") != std::string::npos);
  CHECK(text.find("format: jsonl\n") != std::string::npos);
  CHECK(text.find("speed: 2x real time\n") != std::string::npos);
  CHECK(text.find("input: a.wav\n") != std::string::npos);

  CHECK(text.find("jobs: 1\n") != std::string::npos);

  auto m = testing::parse_command_line(
      {"mic", "-m", "qwen3-asr-flash-realtime", "--context", "private words", "--vad-silence",
       "500", "-d", "1", "--duration", "60", "--save", "s.wav"},
      env);
  REQUIRE(m.ok());
  text = describe(*m);
  CHECK(text.find("private words") == std::string::npos);
  CHECK(text.find("context: 13 bytes\n") != std::string::npos);
  CHECK(text.find("turn detection: server VAD\n") != std::string::npos);
  CHECK(text.find("vad silence: 500 ms\n") != std::string::npos);
  CHECK(text.find("device: 1\n") != std::string::npos);
  CHECK(text.find("duration: 60 s\n") != std::string::npos);
  CHECK(text.find("save: s.wav\n") != std::string::npos);
  CHECK(text.find("input: mic\n") != std::string::npos);
  CHECK(text.find("jobs:") == std::string::npos);

  c->service.api_key.clear();
  CHECK(describe(*c).find("api key: none found\n") != std::string::npos);
}

TEST_CASE("describe names Qwen-Omni's default prompt and gives only the size of another",
          "[describe]") {
  testing::FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "sk-x";
  auto c = testing::parse_command_line({"file", "-m", "qwen3-omni-flash-realtime", "a.wav"}, env);
  REQUIRE(c.ok());
  CHECK(describe(*c).find("prompt: the default transcription prompt (seed 003)\n") !=
        std::string::npos);
  c = testing::parse_command_line(
      {"file", "-m", "qwen3-omni-flash-realtime", "--prompt", "secret words", "a.wav"}, env);
  REQUIRE(c.ok());
  const std::string text = describe(*c);
  CHECK(text.find("secret words") == std::string::npos);
  CHECK(text.find("prompt: 12 bytes\n") != std::string::npos);
}

}  // namespace
}  // namespace dsasr::cli
