#include "emulator/vocabularies.h"

#include <catch2/catch.hpp>

#include "util/json.h"

using namespace dsasr;
using namespace dsasr::emulator;

namespace {

std::string body(const std::string& input) {
  return R"({"model":"speech-biasing","input":)" + input + R"(,"parameters":{}})";
}

std::string output_string(const HttpAnswer& a, const char* name) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(a.body, doc));
  return util::json::get_string(doc["output"], name).value_or("");
}

std::string code(const HttpAnswer& a) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(a.body, doc));
  return util::json::get_string(doc, "code").value_or("");
}

}  // namespace

TEST_CASE("create, list, query, update, delete", "[vocabularies]") {
  IdSource ids(1);
  VocabularyStore store([] { return std::time_t(1724253549); });
  HttpAnswer made = store.handle(
      "acct",
      body(R"({"action":"create_vocabulary","target_model":"fun-asr-realtime",)"
           R"("prefix":"ds1","vocabulary":[{"text":"阿里云","weight":4,"lang":"zh"}]})"),
      ids);
  REQUIRE(made.status == 200);
  CHECK(made.action == "create_vocabulary");
  const std::string id = output_string(made, "vocabulary_id");
  CHECK(id.rfind("vocab-ds1-", 0) == 0);

  HttpAnswer list = store.handle(
      "acct", body(R"({"action":"list_vocabulary","prefix":"ds","page_index":0,"page_size":10})"),
      ids);
  CHECK(list.body.find("\"vocabulary_id\":\"" + id + "\",\"gmt_create\":\"2024-08-21 15:19:09\"") !=
        std::string::npos);
  // Another account sees nothing.
  HttpAnswer other = store.handle("other", body(R"({"action":"list_vocabulary"})"), ids);
  CHECK(other.body.find("\"vocabulary_list\":[]") != std::string::npos);

  CHECK(store.words_for(id, "fun-asr-realtime") == std::vector<std::string>{"阿里云"});
  CHECK(store.words_for(id, "paraformer-realtime-v2").empty());

  HttpAnswer upd = store.handle("acct",
                                body(R"({"action":"update_vocabulary","vocabulary_id":")" + id +
                                     R"(","vocabulary":[{"text":"DashScope","weight":5}]})"),
                                ids);
  CHECK(upd.status == 200);
  HttpAnswer q = store.handle(
      "acct", body(R"({"action":"query_vocabulary","vocabulary_id":")" + id + "\"}"), ids);
  CHECK(
      q.body.find(
          R"("vocabulary":[{"text":"DashScope","weight":5}],"target_model":"fun-asr-realtime")") !=
      std::string::npos);
  HttpAnswer del = store.handle(
      "acct", body(R"({"action":"delete_vocabulary","vocabulary_id":")" + id + "\"}"), ids);
  CHECK(del.status == 200);
  HttpAnswer gone = store.handle(
      "acct", body(R"({"action":"delete_vocabulary","vocabulary_id":")" + id + "\"}"), ids);
  CHECK(gone.status == 400);
}

TEST_CASE("the documented limits are enforced", "[vocabularies]") {
  IdSource ids(1);
  VocabularyStore store;
  auto create = [&](const std::string& prefix, const std::string& words) {
    return store.handle("a",
                        body(R"({"action":"create_vocabulary","target_model":"m","prefix":")" +
                             prefix + R"(","vocabulary":)" + words + "}"),
                        ids);
  };
  CHECK(code(create("Bad", R"([{"text":"a","weight":4}])")) == "InvalidParameter");
  CHECK(create("abcdefghij", R"([{"text":"a","weight":4}])").status == 400);
  CHECK(create("p", R"([{"text":"a","weight":6}])").status == 400);
  CHECK(create("p", R"([{"text":"a"}])").status == 400);
  CHECK(create("p", R"([])").status == 400);
  CHECK(create("p", R"([{"text":"一二三四五六七八九十一二三四五六","weight":4}])").status == 400);
  CHECK(create("p", R"([{"text":"1 2 3 4 5 6 7 8","weight":4}])").status == 400);
  std::string many = "[";
  for (int i = 0; i < 501; ++i) many += std::string(i ? "," : "") + R"({"text":"w","weight":1})";
  CHECK(create("p", many + "]").status == 400);
  for (int i = 0; i < 10; ++i) CHECK(create("p", R"([{"text":"a","weight":4}])").status == 200);
  CHECK(create("p", R"([{"text":"a","weight":4}])").status == 400);
  CHECK(
      store.handle("a", R"({"model":"other","input":{"action":"list_vocabulary"}})", ids).status ==
      400);
}

TEST_CASE("{hot:SPELLING|FALLBACK} follows the task's vocabulary", "[vocabularies]") {
  CHECK(apply_hot_words("Welcome to {hot:DashScope|dash scope} today.", {"DashScope"}) ==
        "Welcome to DashScope today.");
  CHECK(apply_hot_words("Welcome to {hot:DashScope|dash scope} today.", {}) ==
        "Welcome to dash scope today.");
  CHECK(apply_hot_words("{hot:阙里人家|缺里人家}", {"阙里人家"}) == "阙里人家");
  CHECK(apply_hot_words("plain {braces}", {}) == "plain {braces}");
  CHECK(apply_hot_words("{hot:Same}", {}) == "Same");
}
