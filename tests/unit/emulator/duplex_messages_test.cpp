#include "emulator/duplex_messages.h"

#include <catch2/catch.hpp>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(text, doc));
  return doc;
}

TEST_CASE("Control events have the documented shapes", "[duplex_messages]") {
  CHECK(task_started_message("t1") ==
        R"({"header":{"task_id":"t1","event":"task-started","attributes":{}},"payload":{}})");
  CHECK(task_finished_message("t1") ==
        R"({"header":{"task_id":"t1","event":"task-finished","attributes":{}},)"
        R"("payload":{"output":{},"usage":null}})");
  CHECK(task_failed_message("t1", "CLIENT_ERROR", "request timeout after 23 seconds.") ==
        R"({"header":{"task_id":"t1","event":"task-failed","error_code":"CLIENT_ERROR",)"
        R"("error_message":"request timeout after 23 seconds.","attributes":{}},"payload":{}})");
}

TEST_CASE("Fun-ASR final and interim sentences", "[duplex_messages]") {
  SentenceResult r;
  r.sentence_id = 1;
  r.begin_ms = 170;
  r.end_ms = 920;
  r.text = "a b";
  r.sentence_end = true;
  r.words = {{170, 500, "a", ""}, {500, 920, "b", "."}};
  r.usage_duration_s = 3;
  auto d = parse(sentence_result_message("t", r));
  const auto& s = d["payload"]["output"]["sentence"];
  CHECK(s["end_time"].GetInt() == 920);
  CHECK(s["heartbeat"].GetBool() == false);
  CHECK(s["sentence_end"].GetBool());
  CHECK(s["words"][1]["punctuation"] == ".");
  CHECK(s.FindMember("emo_tag") == s.MemberEnd());
  CHECK(d["payload"]["usage"]["duration"].GetInt() == 3);

  r.emotion = true;
  auto e = parse(sentence_result_message("t", r));
  CHECK(e["payload"]["output"]["sentence"]["emo_tag"] == "neutral");
  CHECK(e["payload"]["output"]["sentence"]["emo_confidence"].GetDouble() == Approx(0.9));

  r.sentence_end = false;
  r.end_ms.reset();
  r.usage_duration_s.reset();
  auto i = parse(sentence_result_message("t", r));
  CHECK(i["payload"]["output"]["sentence"]["end_time"].IsNull());
  CHECK(i["payload"]["usage"].IsNull());
  CHECK(i["payload"]["output"]["sentence"].FindMember("emo_tag") ==
        i["payload"]["output"]["sentence"].MemberEnd());
}

TEST_CASE("Gummy results carry fixed, speaker_id, current_time and lang", "[duplex_messages]") {
  GummySentence t;
  t.sentence_id = 0;
  t.begin_ms = 100;
  t.current_time_ms = 600;
  t.text = "x";
  t.words = {{100, 600, "x", ""}};
  GummyResult g;
  g.transcription = t;
  g.has_translations = true;
  GummySentence tr = t;
  tr.lang = "en";
  g.translations.push_back(tr);
  auto d = parse(gummy_result_message("t", g));
  const auto& o = d["payload"]["output"];
  CHECK(o["transcription"]["end_time"].IsNull());
  CHECK(o["transcription"]["current_time"].GetInt() == 600);
  CHECK(o["transcription"]["words"][0]["fixed"].GetBool() == false);
  CHECK(o["transcription"]["words"][0]["speaker_id"].IsNull());
  CHECK(o["transcription"]["vad_pre_end"].GetBool() == false);
  CHECK(o["translations"][0]["lang"] == "en");
  CHECK(d["payload"]["usage"].IsNull());

  g.transcription->sentence_end = true;
  g.transcription->end_ms = 900;
  g.usage_duration_s = 1;
  auto f = parse(gummy_result_message("t", g));
  CHECK(f["payload"]["output"]["transcription"]["words"][0]["fixed"].GetBool());
  CHECK(f["payload"]["output"]["transcription"].FindMember("current_time") ==
        f["payload"]["output"]["transcription"].MemberEnd());
}

}  // namespace
}  // namespace dsasr::emulator
