#include "http/vocabulary_api.h"

#include <catch2/catch.hpp>

using namespace dsasr;
using namespace dsasr::http;

namespace {
const std::vector<HotWord> kWords = {
    {"赛德克巴莱", 4, "zh"}, {"Seediq Bale", 5, "en"}, {"DashScope", 3, ""}};
}

TEST_CASE("the URL is the base plus services/audio/asr/customization", "[vocabulary_api]") {
  CHECK(customization_url("https://dashscope.aliyuncs.com/api/v1") ==
        "https://dashscope.aliyuncs.com/api/v1/services/audio/asr/customization");
  CHECK(customization_url("http://127.0.0.1:9/api/v1/") ==
        "http://127.0.0.1:9/api/v1/services/audio/asr/customization");
}

// The bodies below are written by hand from the SDK's VocabularyService (vocabulary.py): the
// input dict of each action, inside ApiRequestData's {"model", "input", "parameters": {}}.
TEST_CASE("create_vocabulary body", "[vocabulary_api]") {
  CHECK(
      create_body("paraformer-realtime-v2", "ds0a1b2c3", kWords) ==
      R"({"model":"speech-biasing","input":{"action":"create_vocabulary",)"
      R"("target_model":"paraformer-realtime-v2","prefix":"ds0a1b2c3","vocabulary":[)"
      R"({"text":"赛德克巴莱","weight":4,"lang":"zh"},{"text":"Seediq Bale","weight":5,"lang":"en"},)"
      R"({"text":"DashScope","weight":3}]},"parameters":{}})");
}

TEST_CASE("list_vocabulary body, with and without a prefix", "[vocabulary_api]") {
  CHECK(list_body(std::string("ds"), 0, 10) ==
        R"({"model":"speech-biasing","input":{"action":"list_vocabulary","prefix":"ds",)"
        R"("page_index":0,"page_size":10},"parameters":{}})");
  CHECK(list_body(std::nullopt, 2, 100) ==
        R"({"model":"speech-biasing","input":{"action":"list_vocabulary",)"
        R"("page_index":2,"page_size":100},"parameters":{}})");
}

TEST_CASE("query, update and delete bodies", "[vocabulary_api]") {
  CHECK(query_body("vocab-ds0a1b2c3-1234") ==
        R"({"model":"speech-biasing","input":{"action":"query_vocabulary",)"
        R"("vocabulary_id":"vocab-ds0a1b2c3-1234"},"parameters":{}})");
  CHECK(update_body("vocab-x-1", {{"a\"b", 1, ""}}) ==
        R"({"model":"speech-biasing","input":{"action":"update_vocabulary",)"
        R"("vocabulary_id":"vocab-x-1","vocabulary":[{"text":"a\"b","weight":1}]},)"
        R"("parameters":{}})");
  CHECK(delete_body("vocab-x-1") ==
        R"({"model":"speech-biasing","input":{"action":"delete_vocabulary",)"
        R"("vocabulary_id":"vocab-x-1"},"parameters":{}})");
}

TEST_CASE("answers are read from output", "[vocabulary_api]") {
  auto id = parse_create(
      R"({"request_id":"r","output":{"vocabulary_id":"vocab-a-1"},"usage":{"count":1}})");
  REQUIRE(id);
  CHECK(*id == "vocab-a-1");
  CHECK_FALSE(parse_create(R"({"output":{}})"));
  CHECK_FALSE(parse_create("not json"));

  auto list = parse_list(
      R"({"output":{"vocabulary_list":[{"vocabulary_id":"vocab-a-1","gmt_create":"2024-08-21 15:19:09",)"
      R"("gmt_modified":"2024-08-22 10:00:00","status":"OK"},{"vocabulary_id":"vocab-b-2"}]}})");
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].gmt_modified == "2024-08-22 10:00:00");
  CHECK((*list)[0].status == "OK");
  CHECK((*list)[1].id == "vocab-b-2");

  auto q = parse_query(
      R"({"output":{"vocabulary":[{"text":"阿里云","weight":4,"lang":"zh"}],)"
      R"("target_model":"fun-asr-realtime","status":"OK","gmt_create":"a","gmt_modified":"b"}})");
  REQUIRE(q);
  CHECK(q->words == std::vector<HotWord>{{"阿里云", 4, "zh"}});
  CHECK(q->target_model == "fun-asr-realtime");
  CHECK(q->status == "OK");
}

TEST_CASE("errors carry the code, the status and the request id", "[vocabulary_api]") {
  auto e = parse_error(
      401,
      R"({"request_id":"req-1","code":"InvalidApiKey","message":"Invalid API-key provided."})");
  util::Error err = to_error("create_vocabulary", e);
  CHECK(err.kind == util::ErrorKind::kAuth);
  CHECK(err.message ==
        "create_vocabulary: Invalid API-key provided. (InvalidApiKey, HTTP 401, request req-1)");

  util::Error rejected =
      to_error("create_vocabulary", parse_error(400, R"({"code":"InvalidParameter"})"));
  CHECK(rejected.kind == util::ErrorKind::kService);
  CHECK(rejected.message == "create_vocabulary: refused (InvalidParameter, HTTP 400)");

  CHECK(is_retryable(parse_error(503, "")));
  CHECK(is_retryable(parse_error(429, "")));
  CHECK(is_retryable(parse_error(400, R"({"code":"Throttling.RateQuota"})")));
  CHECK_FALSE(is_retryable(parse_error(400, R"({"code":"InvalidParameter"})")));
  CHECK(to_error("x", parse_error(500, "<html>")).kind == util::ErrorKind::kNetwork);
}
