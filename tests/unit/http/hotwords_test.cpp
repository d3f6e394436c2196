#include "http/hotwords.h"

#include <catch2/catch.hpp>

#include "fake_http_client.h"

using namespace dsasr;
using namespace dsasr::http;
using dsasr::http::test::FakeHttpClient;

TEST_CASE("the prefix depends on the model and the normalised list only", "[hotwords]") {
  const std::vector<HotWord> a = {{"阿里云", 4, "zh"}, {"DashScope", 4, "en"}};
  const std::vector<HotWord> reordered = {
      {"DashScope", 4, "en"}, {"阿里云", 4, "zh"}, {"DashScope", 4, "en"}};
  const std::string p = hotword_prefix("fun-asr-realtime", a);
  CHECK(p.size() == 9);
  CHECK(p.rfind("ds", 0) == 0);
  CHECK(hotword_prefix("fun-asr-realtime", reordered) == p);
  CHECK(hotword_prefix("paraformer-realtime-v2", a) != p);
  CHECK(hotword_prefix("fun-asr-realtime", {{"阿里云", 5, "zh"}, {"DashScope", 4, "en"}}) != p);
  CHECK(dsasr_prefix_of("vocab-" + p + "-0123abcd") == p);
  CHECK_FALSE(dsasr_prefix_of("vocab-myprefix-0123"));
  CHECK_FALSE(dsasr_prefix_of("vocab-dsABCDEFG-1"));
}

TEST_CASE("find_or_create reuses a listed vocabulary, else creates it", "[hotwords]") {
  const std::vector<HotWord> words = {{"阿里云", 4, "zh"}};
  const std::string p = hotword_prefix("fun-asr-realtime", words);
  FakeHttpClient client;
  VocabularyService service(client, {"http://h/api/v1", "k", std::nullopt}, [](auto) {});

  client.answer(200, R"({"output":{"vocabulary_list":[]}})");
  client.answer(200, R"({"output":{"vocabulary_id":"vocab-)" + p + R"(-1"}})");
  auto made = find_or_create(service, "fun-asr-realtime", words);
  REQUIRE(made);
  CHECK(made->created);
  CHECK(made->id == "vocab-" + p + "-1");
  REQUIRE(client.requests.size() == 2);
  CHECK(client.requests[0].body == list_body(p, 0, 100));
  CHECK(client.requests[1].body == create_body("fun-asr-realtime", p, words));

  client.answer(200,
                R"({"output":{"vocabulary_list":[{"vocabulary_id":"vocab-)" + p + R"(-1"}]}})");
  auto found = find_or_create(service, "fun-asr-realtime", words);
  REQUIRE(found);
  CHECK_FALSE(found->created);
  CHECK(found->id == "vocab-" + p + "-1");
  CHECK(client.requests.size() == 3);
}

TEST_CASE("prune deletes dsasr's vocabularies that match no file, or only old ones", "[hotwords]") {
  const std::int64_t now = *parse_service_time("2026-01-31 00:00:00");
  const std::vector<VocabularySummary> all = {
      {"vocab-ds0000001-a", "2026-01-01 00:00:00", "2026-01-01 00:00:00", "OK"},
      {"vocab-ds0000002-b", "2026-01-30 00:00:00", "", "OK"},
      {"vocab-ds0000003-c", "2026-01-01 00:00:00", "2026-01-01 00:00:00", "OK"},
      {"vocab-mine-d", "2020-01-01 00:00:00", "2020-01-01 00:00:00", "OK"},
      {"vocab-ds0000004-e", "", "garbled", "OK"},
  };
  CHECK(prune_plan(all, {"ds0000003"}, std::nullopt, now) ==
        std::vector<std::string>{"vocab-ds0000001-a", "vocab-ds0000002-b", "vocab-ds0000004-e"});
  CHECK(prune_plan(all, {"ds0000003"}, std::chrono::hours(24 * 7), now) ==
        std::vector<std::string>{"vocab-ds0000001-a", "vocab-ds0000004-e"});
  CHECK(parse_service_time("2024-08-21 15:19:09") == 1724253549);
  CHECK_FALSE(parse_service_time("yesterday"));
}
