#include "cli/doctor_plan.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;

Config doctor(const std::vector<std::string>& args, const FakeEnvironment& env) {
  std::vector<std::string> line = {"doctor"};
  line.insert(line.end(), args.begin(), args.end());
  auto c = testing::parse_command_line(line, env);
  INFO((c.ok() ? std::string() : c.error().message));
  REQUIRE(c.ok());
  CHECK(c->command == Command::kDoctor);
  return *c;
}

TEST_CASE("doctor runs the chosen model, then the other family's default", "[doctor_plan]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "sk-1";
  Config c = doctor({}, env);
  CHECK(c.request.model == "fun-asr-realtime");
  CHECK(c.service.api_key == "sk-1");
  REQUIRE(c.doctor_tasks.size() == 2);
  const Config& first = c.doctor_tasks[0].task;
  CHECK(first.command == Command::kFile);
  CHECK(first.request.model == "fun-asr-realtime");
  CHECK(first.service.endpoint == "wss://dashscope.aliyuncs.com/api-ws/v1/inference");
  CHECK(first.service.retries == 0);
  CHECK(first.pacing.mode == PacingConfig::Mode::kMax);
  CHECK(first.output.outputs == std::vector<OutputTarget>{{"/dev/null", OutputFormat::kText}});
  const Config& second = c.doctor_tasks[1].task;
  CHECK(second.request.model == "qwen3-asr-flash-realtime");
  CHECK(second.service.endpoint ==
        "wss://dashscope.aliyuncs.com/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");
  // The endpoint came from the region: the other region is there to try a refused key.
  REQUIRE(c.doctor_tasks[0].other_region.size() == 1);
  CHECK(c.doctor_tasks[0].other_region[0].service.region == Region::kSingapore);
  CHECK(c.doctor_tasks[0].other_region[0].service.endpoint ==
        "wss://dashscope-intl.aliyuncs.com/api-ws/v1/inference");
  CHECK(c.doctor_tasks[0].other_region[0].request.model == "fun-asr-realtime");
}

TEST_CASE("doctor with a realtime model and service options", "[doctor_plan]") {
  FakeEnvironment env;
  env.files["/ca.pem"] = "pem";
  Config c = doctor({"-m", "qwen3-asr-flash-realtime", "--region", "singapore", "--workspace",
                     "ws-1", "--ca-file", "/ca.pem", "--insecure"},
                    env);
  REQUIRE(c.doctor_tasks.size() == 2);
  CHECK(c.doctor_tasks[0].task.request.model == "qwen3-asr-flash-realtime");
  CHECK(c.doctor_tasks[1].task.request.model == "fun-asr-realtime");
  for (const DoctorTask& t : c.doctor_tasks) {
    CHECK(t.task.service.region == Region::kSingapore);
    CHECK(t.task.service.workspace == std::optional<std::string>("ws-1"));
    CHECK(t.task.service.ca_file == std::optional<std::string>("/ca.pem"));
    CHECK(t.task.service.insecure);
    REQUIRE(t.other_region.size() == 1);
    CHECK(t.other_region[0].service.region == Region::kBeijing);
  }
}

TEST_CASE("doctor with --endpoint: both families on that host and no other region",
          "[doctor_plan]") {
  FakeEnvironment env;
  Config c = doctor({"--endpoint", "ws://127.0.0.1:9/api-ws/v1/inference"}, env);
  REQUIRE(c.doctor_tasks.size() == 2);
  CHECK(c.doctor_tasks[0].task.service.endpoint == "ws://127.0.0.1:9/api-ws/v1/inference");
  CHECK(c.doctor_tasks[1].task.service.endpoint ==
        "ws://127.0.0.1:9/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");
  CHECK(c.doctor_tasks[0].other_region.empty());
  CHECK(c.doctor_tasks[1].other_region.empty());
  // An unlisted model with --protocol is checked as given.
  c = doctor({"-m", "nosuch", "--protocol", "duplex", "--endpoint",
              "ws://127.0.0.1:9/api-ws/v1/inference"},
             env);
  CHECK(c.doctor_tasks[0].task.request.model == "nosuch");
}

TEST_CASE("doctor reads the configuration file and its profile", "[doctor_plan]") {
  FakeEnvironment env;
  env.files["/home/u/.config/dsasr/config.toml"] =
      "model = \"paraformer-realtime-v2\"\nspeed = \"realtime\"\n[profile.i]\nworkspace = "
      "\"ws-9\"\n";
  Config c = doctor({"--profile", "i"}, env);
  CHECK(c.request.model == "paraformer-realtime-v2");
  CHECK(c.service.workspace == std::optional<std::string>("ws-9"));
  // Doctor's tasks send at full speed whatever the file says.
  CHECK(c.doctor_tasks[0].task.pacing.mode == PacingConfig::Mode::kMax);
}

TEST_CASE("family_url swaps the last path segment and drops the query", "[doctor_plan]") {
  CHECK(family_url("wss://h/api-ws/v1/inference", protocol::Family::kRealtime) ==
        "wss://h/api-ws/v1/realtime");
  CHECK(family_url("wss://h/api-ws/v1/inference/", protocol::Family::kRealtime) ==
        "wss://h/api-ws/v1/realtime");
  CHECK(family_url("ws://h:1/api-ws/v1/realtime?model=x", protocol::Family::kDuplex) ==
        "ws://h:1/api-ws/v1/inference");
  CHECK(family_url("ws://h:1/other", protocol::Family::kDuplex) == "ws://h:1/other");
  CHECK(default_model_of(protocol::Family::kDuplex) == "fun-asr-realtime");
  CHECK(default_model_of(protocol::Family::kRealtime) == "qwen3-asr-flash-realtime");
}

TEST_CASE("doctor's own options", "[doctor_plan]") {
  FakeEnvironment env;
  CHECK(doctor({"-v"}, env).diag.verbosity == 1);
  auto bad = testing::parse_command_line({"doctor", "--speed", "max"}, env);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("unknown option --speed for 'dsasr doctor'") == 0);
}

}  // namespace
}  // namespace dsasr::cli
