#include "emulator/run_task.h"

#include <catch2/catch.hpp>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

std::string run_task(const std::string& model, const std::string& params,
                     const std::string& extra_payload = ",\"input\":{}") {
  return "{\"header\":{\"action\":\"run-task\",\"task_id\":\"abc\",\"streaming\":\"duplex\"},"
         "\"payload\":{\"task_group\":\"audio\",\"task\":\"asr\",\"function\":\"recognition\","
         "\"model\":\"" +
         model + "\",\"parameters\":" + params + extra_payload + "}}";
}

std::variant<TaskConfig, TaskError> validate(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(text, doc));
  return validate_run_task(doc);
}

TaskError error_of(const std::string& text) {
  auto r = validate(text);
  REQUIRE(std::holds_alternative<TaskError>(r));
  return std::get<TaskError>(r);
}

TEST_CASE("A Python SDK run-task validates, unknown parameters ignored", "[run_task]") {
  auto r = validate(run_task("paraformer-realtime-v2",
                             R"({"sample_rate":16000,"format":"pcm","stream":true,)"
                             R"("language_hints":["zh","en"],"max_sentence_silence":800,)"
                             R"("heartbeat":true,"pre_task_id":"x"})"));
  REQUIRE(std::holds_alternative<TaskConfig>(r));
  const auto& c = std::get<TaskConfig>(r);
  CHECK(c.task_id == "abc");
  CHECK(c.silence_ms == 800);
  CHECK(c.heartbeat);
  CHECK(c.shape == ResultShape::kSentence);
  CHECK_FALSE(c.wav);
}

TEST_CASE("Model-specific configuration", "[run_task]") {
  auto g = std::get<TaskConfig>(validate(run_task(
      "gummy-chat-v1",
      R"({"sample_rate":16000,"format":"wav","source_language":null,"translation_enabled":true,)"
      R"("translation_target_languages":["en"]})")));
  CHECK(g.shape == ResultShape::kGummy);
  CHECK(g.one_sentence);
  CHECK(g.silence_ms == 700);
  CHECK(g.wav);
  CHECK(g.target_languages == std::vector<std::string>{"en"});
  auto p = std::get<TaskConfig>(
      validate(run_task("paraformer-realtime-8k-v2", R"({"sample_rate":8000,"format":"pcm"})")));
  CHECK(p.emotion);
  CHECK(p.silence_ms == 1300);
}

TEST_CASE("run-task failures carry the documented codes", "[run_task]") {
  CHECK(error_of(run_task("nope", R"({"sample_rate":16000,"format":"pcm"})")).code ==
        "ModelNotFound");
  CHECK(error_of(run_task("nope", R"({"sample_rate":16000,"format":"pcm"})")).message ==
        "Model not found (nope)!");
  CHECK(error_of(run_task("qwen3-asr-flash-realtime", R"({"sample_rate":16000,"format":"pcm"})"))
            .code == "ModelNotFound");
  auto no_input =
      error_of(run_task("fun-asr-realtime", R"({"sample_rate":16000,"format":"pcm"})", ""));
  CHECK(no_input.code == "InvalidParameter");
  CHECK(no_input.message == "Invalid payload data");
  CHECK(error_of(run_task("fun-asr-realtime", R"({"sample_rate":16000,"format":"mp3"})")).code ==
        "UNSUPPORTED_FORMAT");
  CHECK(error_of(run_task("fun-asr-realtime", R"({"sample_rate":0,"format":"pcm"})"))
            .message.find("sample_rate") != std::string::npos);
  auto silence = error_of(run_task(
      "fun-asr-realtime", R"({"sample_rate":16000,"format":"pcm","max_sentence_silence":100})"));
  CHECK(silence.code == "InvalidParameter");
  CHECK(silence.message.find("max_sentence_silence") != std::string::npos);
  CHECK(error_of(run_task("fun-asr-realtime",
                          R"({"sample_rate":16000,"format":"pcm","language_hints":"en"})"))
            .message.find("language_hints") != std::string::npos);
  CHECK(error_of(run_task("fun-asr-realtime",
                          R"({"sample_rate":16000,"format":"pcm","heartbeat":"yes"})"))
            .message.find("heartbeat") != std::string::npos);
  CHECK(error_of(
            run_task("gummy-realtime-v1",
                     R"({"sample_rate":16000,"format":"pcm","translation_target_languages":"en"})"))
            .message.find("translation_target_languages") != std::string::npos);
  std::string bad_header = run_task("fun-asr-realtime", R"({"sample_rate":16000,"format":"pcm"})");
  bad_header.replace(bad_header.find("duplex"), 6, "simplex");
  CHECK(error_of(bad_header).code == "InvalidParameter");
}

TEST_CASE("finish-task payload must be exactly {input:{}}", "[run_task]") {
  auto ok = [](const char* text) {
    rapidjson::Document doc;
    REQUIRE(util::json::parse(text, doc));
    return valid_finish_payload(doc);
  };
  CHECK(ok(R"({"header":{},"payload":{"input":{}}})"));
  CHECK_FALSE(ok(R"({"header":{},"payload":{"input":{"end_of_stream":true}}})"));
  CHECK_FALSE(ok(R"({"header":{},"payload":{"input":{},"x":1}})"));
  CHECK_FALSE(ok(R"({"header":{},"payload":{}})"));
}

}  // namespace
}  // namespace dsasr::emulator
