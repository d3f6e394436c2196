#include "protocol/duplex_messages.h"

#include <string>

#include <catch2/catch.hpp>

#include "util/json.h"

using namespace dsasr::protocol;
namespace json = dsasr::util::json;

namespace {

const std::string kTaskId = "00000000000040008000000000000001";

Request fun_asr_request() {
  Request r;
  r.model = "fun-asr-realtime";
  r.sample_rate_hz = 16000;
  return r;
}

rapidjson::Document parse_ok(const std::string& text) {
  rapidjson::Document doc;
  std::string error;
  INFO(text);
  REQUIRE(json::parse(text, doc, &error));
  return doc;
}

std::string member_json(const rapidjson::Value& v, std::initializer_list<const char*> path) {
  const rapidjson::Value* m = json::path(v, path);
  return m ? json::to_string(*m) : "<missing>";
}

}  // namespace

TEST_CASE("run-task golden bytes", "[duplex-messages]") {
  Request r = fun_asr_request();
  r.parameters = {{"language_hints", "[\"zh\"]"}, {"heartbeat", "true"}};
  auto text = build_run_task(r, kTaskId);
  REQUIRE(text.ok());
  CHECK(*text ==
        R"({"header":{"action":"run-task","task_id":"00000000000040008000000000000001",)"
        R"("streaming":"duplex"},"payload":{"task_group":"audio","task":"asr",)"
        R"("function":"recognition","model":"fun-asr-realtime","parameters":{"format":"pcm",)"
        R"("sample_rate":16000,"language_hints":["zh"],"heartbeat":true},"input":{}}})");
}

TEST_CASE("run-task with no parameters", "[duplex-messages]") {
  auto text = build_run_task(fun_asr_request(), kTaskId);
  REQUIRE(text.ok());
  rapidjson::Document doc = parse_ok(*text);
  CHECK(member_json(doc, {"payload", "parameters"}) == R"({"format":"pcm","sample_rate":16000})");
  CHECK(member_json(doc, {"payload", "input"}) == "{}");
  CHECK(json::path(doc, {"payload", "resources"}) == nullptr);
  CHECK(member_json(doc, {"header", "streaming"}) == R"("duplex")");
}

TEST_CASE("run-task carries Fun-ASR context as one user turn in payload.input",
          "[duplex-messages]") {
  Request r = fun_asr_request();
  r.input_context = "Alibaba \"Cloud\", 通义";
  auto text = build_run_task(r, kTaskId);
  REQUIRE(text.ok());
  rapidjson::Document doc = parse_ok(*text);
  CHECK(member_json(doc, {"payload", "input"}) ==
        R"({"context":[{"role":"user","content":[{"type":"input_text",)"
        R"("text":"Alibaba \"Cloud\", 通义"}]}]})");
  CHECK(member_json(doc, {"payload", "parameters"}) == R"({"format":"pcm","sample_rate":16000})");
}

TEST_CASE("run-task for paraformer with phrase id and many parameters", "[duplex-messages]") {
  Request r;
  r.model = "paraformer-realtime-8k-v2";
  r.sample_rate_hz = 8000;
  r.phrase_id = "phrase-abc";
  r.parameters = {{"vocabulary_id", "\"vocab-123\""},
                  {"disfluency_removal_enabled", "true"},
                  {"max_sentence_silence", "800"},
                  {"speech_noise_threshold", "-0.25"},
                  {"special_word_filter", R"({"filter_with_empty":{"word_list":["x"]}})"}};
  auto text = build_run_task(r, kTaskId);
  REQUIRE(text.ok());
  rapidjson::Document doc = parse_ok(*text);
  CHECK(member_json(doc, {"payload", "model"}) == R"("paraformer-realtime-8k-v2")");
  CHECK(member_json(doc, {"payload", "parameters"}) ==
        R"({"format":"pcm","sample_rate":8000,"vocabulary_id":"vocab-123",)"
        R"("disfluency_removal_enabled":true,"max_sentence_silence":800,)"
        R"("speech_noise_threshold":-0.25,)"
        R"("special_word_filter":{"filter_with_empty":{"word_list":["x"]}}})");
  CHECK(member_json(doc, {"payload", "resources"}) ==
        R"([{"resource_id":"phrase-abc","resource_type":"asr_phrase"}])");
  // Member order of the payload as documented.
  const rapidjson::Value& payload = doc["payload"];
  std::string keys;
  for (const auto& m : payload.GetObject()) keys += std::string(m.name.GetString()) + ",";
  CHECK(keys == "task_group,task,function,model,parameters,input,resources,");
}

TEST_CASE("run-task for gummy with translation", "[duplex-messages]") {
  Request r;
  r.model = "gummy-realtime-v1";
  r.sample_rate_hz = 16000;
  r.translate_to = "en";
  r.parameters = {{"source_language", "\"zh\""},
                  {"translation_enabled", "true"},
                  {"translation_target_languages", "[\"en\"]"},
                  {"max_end_silence", "700"}};
  auto text = build_run_task(r, kTaskId);
  REQUIRE(text.ok());
  rapidjson::Document doc = parse_ok(*text);
  CHECK(member_json(doc, {"payload", "parameters"}) ==
        R"({"format":"pcm","sample_rate":16000,"source_language":"zh",)"
        R"("translation_enabled":true,"translation_target_languages":["en"],)"
        R"("max_end_silence":700})");
  CHECK(member_json(doc, {"payload", "task"}) == R"("asr")");
  CHECK(member_json(doc, {"payload", "function"}) == R"("recognition")");
}

TEST_CASE("run-task: a parameter naming an existing key replaces it in place",
          "[duplex-messages]") {
  Request r = fun_asr_request();
  r.parameters = {{"sample_rate", "8000"}, {"heartbeat", "false"}, {"heartbeat", "true"}};
  auto text = build_run_task(r, kTaskId);
  REQUIRE(text.ok());
  rapidjson::Document doc = parse_ok(*text);
  CHECK(member_json(doc, {"payload", "parameters"}) ==
        R"({"format":"pcm","sample_rate":8000,"heartbeat":true})");
}

TEST_CASE("run-task escapes odd keys, ids and strings", "[duplex-messages]") {
  Request r = fun_asr_request();
  r.model = "m\"odel\n";
  r.phrase_id = "p\\\"";
  r.parameters = {{"we\"ird\tkey", R"("line\nbreak \u0001 \"q\"")"}, {"n", "null"}};
  auto text = build_run_task(r, "id\"1");
  REQUIRE(text.ok());
  rapidjson::Document doc = parse_ok(*text);
  CHECK(std::string(doc["payload"]["model"].GetString()) == "m\"odel\n");
  CHECK(std::string(doc["header"]["task_id"].GetString()) == "id\"1");
  const rapidjson::Value* v = json::path(doc, {"payload", "parameters", "we\"ird\tkey"});
  REQUIRE(v);
  REQUIRE(v->IsString());
  CHECK(std::string(v->GetString(), v->GetStringLength()) == "line\nbreak \x01 \"q\"");
  CHECK(member_json(doc, {"payload", "parameters", "n"}) == "null");
  CHECK(member_json(doc, {"payload", "resources"}) ==
        R"([{"resource_id":"p\\\"","resource_type":"asr_phrase"}])");
}

TEST_CASE("run-task refuses values that are not one JSON value", "[duplex-messages]") {
  for (const char* bad : {"", "zh", "[\"zh\"", "true false", "{\"a\":}", "NaN", "'x'", "1 2"}) {
    Request r = fun_asr_request();
    r.parameters = {{"language_hints", bad}};
    INFO(bad);
    auto text = build_run_task(r, kTaskId);
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().kind == dsasr::util::ErrorKind::kUsage);
    CHECK(text.error().message.find("language_hints") != std::string::npos);
    CHECK_FALSE(validate_parameters(r).ok());
  }
  Request empty_key = fun_asr_request();
  empty_key.parameters = {{"", "1"}};
  CHECK_FALSE(build_run_task(empty_key, kTaskId).ok());
}

TEST_CASE("run-task refuses values nested too deeply", "[duplex-messages]") {
  Request r = fun_asr_request();
  std::string deep(kMaxParameterDepth, '[');
  deep += std::string(kMaxParameterDepth, ']');
  r.parameters = {{"x", deep}};
  CHECK(build_run_task(r, kTaskId).ok());
  std::string deeper(100'000, '[');
  deeper += std::string(100'000, ']');
  r.parameters = {{"x", deeper}};
  auto text = build_run_task(r, kTaskId);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message.find("nested") != std::string::npos);
}

TEST_CASE("validate_parameters accepts well-formed values", "[duplex-messages]") {
  Request r = fun_asr_request();
  r.parameters = {{"a", " 1 "}, {"b", "\"s\""}, {"c", "{\"k\":[1,2,{}]}"}, {"d", "-0.5e3"}};
  CHECK(validate_parameters(r).ok());
}

TEST_CASE("finish-task golden bytes", "[duplex-messages]") {
  CHECK(build_finish_task(kTaskId) ==
        R"({"header":{"action":"finish-task","task_id":"00000000000040008000000000000001",)"
        R"("streaming":"duplex"},"payload":{"input":{}}})");
}
