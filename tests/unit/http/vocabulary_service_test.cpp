#include "http/vocabulary_service.h"

#include <catch2/catch.hpp>

#include "fake_http_client.h"

using namespace dsasr;
using namespace dsasr::http;
using dsasr::http::test::FakeHttpClient;

namespace {

struct Fixture {
  FakeHttpClient client;
  std::vector<std::chrono::milliseconds> sleeps;
  VocabularyService service{client,
                            {"http://h/api/v1", "sk-secret", std::string("ws-1")},
                            [this](std::chrono::milliseconds d) { sleeps.push_back(d); }};
};

}  // namespace

TEST_CASE("a request carries the key, the workspace and the body", "[vocabulary_service]") {
  Fixture f;
  f.client.answer(200, R"({"output":{"vocabulary_id":"vocab-ds1-1"}})");
  auto id = f.service.create("fun-asr-realtime", "ds1", {{"a", 4, ""}});
  REQUIRE(id);
  CHECK(*id == "vocab-ds1-1");
  REQUIRE(f.client.requests.size() == 1);
  const HttpRequest& r = f.client.requests[0];
  CHECK(r.url == "http://h/api/v1/services/audio/asr/customization");
  CHECK(r.headers == std::vector<std::pair<std::string, std::string>>{
                         {"Authorization", "Bearer sk-secret"}, {"X-DashScope-WorkSpace", "ws-1"}});
  CHECK(r.body == create_body("fun-asr-realtime", "ds1", {{"a", 4, ""}}));
}

TEST_CASE("5xx and throttling are retried with backoff; a refusal is not", "[vocabulary_service]") {
  Fixture f;
  f.client.answer(503, R"({"code":"ServiceUnavailable"})");
  f.client.answer(429, R"({"code":"Throttling.RateQuota"})");
  f.client.answer(200, R"({"output":{}})");
  REQUIRE(f.service.remove("vocab-1"));
  CHECK(f.client.requests.size() == 3);
  CHECK(f.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1000),
                                                           std::chrono::milliseconds(2000)});

  Fixture g;
  g.client.answer(400, R"({"code":"InvalidParameter","message":"bad prefix","request_id":"r9"})");
  auto st = g.service.remove("vocab-1");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == util::ErrorKind::kService);
  CHECK(st.error().message ==
        "delete_vocabulary: bad prefix (InvalidParameter, HTTP 400, request r9)");
  CHECK(g.client.requests.size() == 1);
  CHECK(g.sleeps.empty());
}

TEST_CASE("retries run out: exit 5's kind, the last answer's code", "[vocabulary_service]") {
  Fixture f;
  for (int i = 0; i < 4; ++i) f.client.answer(500, R"({"code":"InternalError","request_id":"r"})");
  auto st = f.service.query("vocab-1");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == util::ErrorKind::kNetwork);
  CHECK(f.client.requests.size() == 4);
  CHECK(f.sleeps.size() == 3);
}

TEST_CASE("a network failure is not retried and never shows the key", "[vocabulary_service]") {
  Fixture f;
  f.client.fail(util::Error(util::ErrorKind::kNetwork, "http://h: connection refused"));
  auto st = f.service.list(std::nullopt);
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == util::ErrorKind::kNetwork);
  CHECK(st.error().message.find("sk-secret") == std::string::npos);
  CHECK(f.client.requests.size() == 1);
}

TEST_CASE("list reads every page until a short one", "[vocabulary_service]") {
  Fixture f;
  std::string full = R"({"output":{"vocabulary_list":[)";
  for (int i = 0; i < 100; ++i) {
    full +=
        (i ? "," : "") + std::string(R"({"vocabulary_id":"vocab-a-)") + std::to_string(i) + "\"}";
  }
  full += "]}}";
  f.client.answer(200, full);
  f.client.answer(200, R"({"output":{"vocabulary_list":[{"vocabulary_id":"vocab-b-1"}]}})");
  auto all = f.service.list(std::string("a"));
  REQUIRE(all);
  CHECK(all->size() == 101);
  REQUIRE(f.client.requests.size() == 2);
  CHECK(f.client.requests[1].body == list_body(std::string("a"), 1, 100));
}
