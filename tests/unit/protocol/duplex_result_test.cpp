#include "protocol/duplex_result.h"

#include <string>

#include <catch2/catch.hpp>

#include "util/json.h"

using namespace dsasr::protocol;
namespace json = dsasr::util::json;

namespace {

std::optional<ResultSentence> decode(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(json::parse(text, doc));
  return decode_result_sentence(doc);
}

}  // namespace

TEST_CASE("a full Fun-ASR final decodes", "[duplex-result]") {
  auto r = decode(R"({"begin_time":170,"end_time":920,"text":"好，我知道了","heartbeat":false,)"
                  R"("sentence_end":true,"sentence_id":1,"words":[)"
                  R"({"begin_time":170,"end_time":295,"text":"好","punctuation":"，"},)"
                  R"({"begin_time":295,"end_time":920,"text":"我知道了","punctuation":""}]})");
  REQUIRE(r);
  CHECK(r->is_final());
  CHECK_FALSE(r->heartbeat);
  CHECK(r->sentence.sentence_id == 1);
  CHECK(r->sentence.begin_ms == 170);
  CHECK(r->sentence.end_ms == 920);
  CHECK(r->sentence.text == "好，我知道了");
  REQUIRE(r->sentence.words.size() == 2);
  CHECK(r->sentence.words[0].text == "好");
  CHECK(r->sentence.words[0].punct == "，");
  CHECK(r->sentence.words[1].begin_ms == 295);
  CHECK(r->sentence.words[1].end_ms == 920);
  CHECK(r->progress_ms == 920);
}

TEST_CASE("finality: sentence_end first, end_time when it is missing", "[duplex-result]") {
  CHECK(decode(R"({"end_time":null,"sentence_end":true})")->is_final());
  CHECK_FALSE(decode(R"({"end_time":900,"sentence_end":false})")->is_final());
  CHECK(decode(R"({"end_time":900})")->is_final());
  CHECK_FALSE(decode(R"({"end_time":null})")->is_final());
  CHECK_FALSE(decode(R"({"end_time":null,"sentence_end":"yes"})")->is_final());
}

TEST_CASE("a final with end_time null ends at the last word, else at its begin",
          "[duplex-result]") {
  auto with_words = decode(
      R"({"begin_time":100,"end_time":null,"sentence_end":true,"text":"ab",)"
      R"("words":[{"begin_time":100,"end_time":300,"text":"a"},{"begin_time":300,"end_time":650,"text":"b"}]})");
  CHECK(with_words->as_final().end_ms == 650);
  auto bare = decode(R"({"begin_time":100,"end_time":null,"sentence_end":true,"text":"ab"})");
  CHECK(bare->as_final().end_ms == 100);
  auto complete = decode(R"({"begin_time":100,"end_time":700,"sentence_end":true})");
  CHECK(complete->as_final().end_ms == 700);
}

TEST_CASE("progress: end_time, current_time, last word end, begin_time", "[duplex-result]") {
  CHECK(decode(R"({"begin_time":1,"end_time":50,"current_time":40})")->progress_ms == 50);
  CHECK(decode(R"({"begin_time":1,"end_time":null,"current_time":40})")->progress_ms == 40);
  CHECK(decode(R"({"begin_time":1,"words":[{"begin_time":1,"end_time":30,"text":"x"}]})")
            ->progress_ms == 30);
  CHECK(decode(R"({"begin_time":7})")->progress_ms == 7);
  CHECK_FALSE(decode(R"({"text":"x"})")->progress_ms);
}

TEST_CASE("emotion, heartbeat and lang", "[duplex-result]") {
  auto emo = decode(R"({"sentence_end":true,"emo_tag":"positive","emo_confidence":0.91})");
  CHECK(emo->sentence.emotion == "positive");
  CHECK(emo->sentence.emotion_confidence == Approx(0.91));
  CHECK(decode(R"({"heartbeat":true,"sentence_id":0})")->heartbeat);
  CHECK(decode(R"({"lang":"en","text":"hi"})")->lang == "en");
}

TEST_CASE("wrong types and missing members read as absent", "[duplex-result]") {
  auto r =
      decode(R"({"sentence_id":"1","begin_time":-5,"end_time":"9","text":7,"heartbeat":"true",)"
             R"("emo_tag":3,"emo_confidence":"high","current_time":-1,"lang":["en"],)"
             R"("words":[1,"w",null,{"text":5},{"text":"ok","begin_time":"x","end_time":null},)"
             R"({"text":"late","begin_time":400}]})");
  REQUIRE(r);
  CHECK(r->sentence.sentence_id == 0);
  CHECK(r->sentence.text.empty());
  CHECK_FALSE(r->sentence.end_ms);
  CHECK_FALSE(r->heartbeat);
  CHECK_FALSE(r->sentence.emotion);
  CHECK_FALSE(r->sentence.emotion_confidence);
  CHECK_FALSE(r->current_time_ms);
  CHECK_FALSE(r->lang);
  REQUIRE(r->sentence.words.size() == 2);
  CHECK(r->sentence.words[0].text == "ok");
  CHECK(r->sentence.words[0].begin_ms == 0);
  CHECK(r->sentence.words[0].end_ms == 0);
  CHECK(r->sentence.words[1].begin_ms == 400);
  CHECK(r->sentence.words[1].end_ms == 400);
  CHECK(r->sentence.begin_ms == 0);  // begin_time negative: from the first word
  CHECK(r->progress_ms == 400);

  CHECK_FALSE(decode("[]"));
  CHECK_FALSE(decode("null"));
  CHECK_FALSE(decode("\"sentence\""));
  CHECK(decode(R"({"words":{"text":"not an array"}})")->sentence.words.empty());
}

TEST_CASE("huge numbers do not overflow", "[duplex-result]") {
  auto r = decode(R"({"sentence_id":1e300,"begin_time":18446744073709551615,"end_time":1.5})");
  REQUIRE(r);
  CHECK(r->sentence.sentence_id == 0);
  CHECK(r->sentence.begin_ms == 0);
  CHECK_FALSE(r->sentence.end_ms);
}

TEST_CASE("every field the SDKs parse is kept: stash, speaker, fixed, pre-end, service id",
          "[duplex-result]") {
  // A Gummy interim as the Java SDK's model reads it (protocol.md §2.8).
  auto r = decode(
      R"({"sentence_id":4,"begin_time":100,"end_time":null,"text":"这是","words":[)"
      R"({"begin_time":100,"end_time":300,"text":"这是","punctuation":"","fixed":true,)"
      R"("speaker_id":2},{"begin_time":300,"end_time":400,"text":"x","punctuation":"",)"
      R"("fixed":false,"speaker_id":null}],"sentence_end":false,"speaker_id":"spk-1",)"
      R"("stash":{"sentence_id":5,"begin_time":400,"end_time":null,"text":"一句","words":[]},)"
      R"("vad_pre_end":true,"pre_end_failed":false,"pre_end_timemillis":1700000000123,)"
      R"("pre_end_start_time":100,"pre_end_end_time":380,"emo_tag":"neutral",)"
      R"("emo_confidence":0.25})");
  REQUIRE(r);
  CHECK_FALSE(r->is_final());
  const Sentence& s = r->sentence;
  CHECK(s.service_sentence_id == std::optional<int64_t>(4));
  CHECK(s.stash == std::optional<std::string>("一句"));
  CHECK(s.speaker_id == std::optional<std::string>(R"("spk-1")"));
  CHECK(s.vad_pre_end == std::optional<bool>(true));
  CHECK(s.pre_end_failed == std::optional<bool>(false));
  CHECK(s.pre_end_timemillis == std::optional<int64_t>(1700000000123));
  CHECK(s.pre_end_start_time == std::optional<int64_t>(100));
  CHECK(s.pre_end_end_time == std::optional<int64_t>(380));
  CHECK(s.emotion_confidence == std::optional<double>(0.25));
  REQUIRE(s.words.size() == 2);
  CHECK(s.words[0].fixed == std::optional<bool>(true));
  CHECK(s.words[0].speaker_id == std::optional<std::string>("2"));
  CHECK(s.words[1].fixed == std::optional<bool>(false));
  CHECK_FALSE(s.words[1].speaker_id);  // null is absent
  // Shown as the SDKs display it: text + stash; a final drops the stash (the next sentence's).
  CHECK(r->as_partial().text == "这是一句");
  CHECK(r->as_partial().stash == std::optional<std::string>("一句"));
  CHECK(r->as_final().text == "这是");
  CHECK_FALSE(r->as_final().stash);
}
