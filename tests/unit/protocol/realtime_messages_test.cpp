#include "protocol/realtime_messages.h"

#include <string>

#include <catch2/catch.hpp>

#include "util/json.h"

using namespace dsasr::protocol;

namespace {

const std::string kEvent = "event_00000000000040008000000000000002";

Request qwen() {
  Request r;
  r.model = "qwen3-asr-flash-realtime";
  r.family = Family::kRealtime;
  r.sample_rate_hz = 16000;
  return r;
}

std::string update_of(const Request& r) {
  auto text = build_session_update(r, kEvent);
  REQUIRE(text.ok());
  rapidjson::Document doc;
  CHECK(dsasr::util::json::parse(*text, doc));  // always one valid JSON object
  return *text;
}

}  // namespace

TEST_CASE("session.update with nothing set: the required members and the SDKs' pinned VAD",
          "[realtime_messages]") {
  CHECK(update_of(qwen()) == R"({"event_id":")" + kEvent +
                                 R"(","type":"session.update","session":{"modalities":["text"],)"
                                 R"("input_audio_format":"pcm","sample_rate":16000,)"
                                 R"("turn_detection":{"type":"server_vad","threshold":0.2,)"
                                 R"("prefix_padding_ms":300,"silence_duration_ms":800}}})");
  CHECK_FALSE(is_manual_commit(qwen()));
}

TEST_CASE("session.update with language, corpus and VAD settings", "[realtime_messages]") {
  Request r = qwen();
  r.language = "zh";
  r.corpus_text = "domain terms, \"names\"\n";
  r.vad_threshold = 0.0;
  r.vad_prefix_padding_ms = 500;
  r.vad_silence_ms = 400;
  CHECK(update_of(r) ==
        R"({"event_id":")" + kEvent +
            R"(","type":"session.update","session":{"modalities":["text"],)"
            R"("input_audio_format":"pcm","sample_rate":16000,)"
            R"("input_audio_transcription":{"language":"zh",)"
            R"("corpus":{"text":"domain terms, \"names\"\n"}},)"
            R"("turn_detection":{"type":"server_vad","threshold":0.0,"prefix_padding_ms":500,)"
            R"("silence_duration_ms":400}}})");
}

TEST_CASE("session.update: corpus only, 8 kHz, negative threshold", "[realtime_messages]") {
  Request r = qwen();
  r.sample_rate_hz = 8000;
  r.corpus_text = "Qwen";
  r.vad_threshold = -0.5;
  CHECK(update_of(r) == R"({"event_id":")" + kEvent +
                            R"(","type":"session.update","session":{"modalities":["text"],)"
                            R"("input_audio_format":"pcm","sample_rate":8000,)"
                            R"("input_audio_transcription":{"corpus":{"text":"Qwen"}},)"
                            R"("turn_detection":{"type":"server_vad","threshold":-0.5,)"
                            R"("prefix_padding_ms":300,"silence_duration_ms":800}}})");
}

TEST_CASE("session.update in Manual mode sends turn_detection null", "[realtime_messages]") {
  Request r = qwen();
  r.manual_commit = true;
  r.language = "en";
  CHECK(update_of(r) ==
        R"({"event_id":")" + kEvent +
            R"(","type":"session.update","session":{"modalities":["text"],)"
            R"("input_audio_format":"pcm","sample_rate":16000,)"
            R"("input_audio_transcription":{"language":"en"},"turn_detection":null}})");
  CHECK(is_manual_commit(r));
}

TEST_CASE("session_extra members follow, replacing a same-named member in place",
          "[realtime_messages]") {
  Request r = qwen();
  r.session_extra = {{"voice", "null"},
                     {"modalities", R"(["text","audio"])"},
                     {"turn_detection", "null"},
                     {"voice", R"("x")"}};
  CHECK(update_of(r) ==
        R"({"event_id":")" + kEvent +
            R"(","type":"session.update","session":{"modalities":["text","audio"],)"
            R"("input_audio_format":"pcm","sample_rate":16000,"turn_detection":null,)"
            R"("voice":"x"}})");
  // turn_detection null through --param means Manual mode too; an object means VAD.
  CHECK(is_manual_commit(r));
  r.manual_commit = true;
  r.session_extra = {{"turn_detection", R"({"type":"server_vad"})"}};
  CHECK_FALSE(is_manual_commit(r));
}

TEST_CASE("a bad session_extra value is a usage error naming it", "[realtime_messages]") {
  Request r = qwen();
  r.session_extra = {{"voice", "nope"}};
  auto text = build_session_update(r, kEvent);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().kind == dsasr::util::ErrorKind::kUsage);
  CHECK_THAT(text.error().message, Catch::StartsWith("parameter 'voice': value is not JSON"));
  CHECK_FALSE(is_manual_commit(r));

  r.session_extra = {{"deep", std::string(40, '[') + std::string(40, ']')}};
  text = build_session_update(r, kEvent);
  REQUIRE_FALSE(text.ok());
  CHECK_THAT(text.error().message, Catch::Contains("nested deeper than"));
}

TEST_CASE("append, commit and finish events", "[realtime_messages]") {
  CHECK(build_append("event_1", "foobar") ==
        R"({"event_id":"event_1","type":"input_audio_buffer.append","audio":"Zm9vYmFy"})");
  CHECK(build_append("event_1", "") ==
        R"({"event_id":"event_1","type":"input_audio_buffer.append","audio":""})");
  CHECK(build_commit("event_2") == R"({"event_id":"event_2","type":"input_audio_buffer.commit"})");
  CHECK(build_session_finish("event_3") == R"({"event_id":"event_3","type":"session.finish"})");
}
