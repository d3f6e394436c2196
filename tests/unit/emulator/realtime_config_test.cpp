#include "emulator/realtime_config.h"

#include <catch2/catch.hpp>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

std::optional<ConfigError> apply(const char* session, RealtimeConfig& c) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(session, doc));
  return apply_session_update(doc, c);
}

TEST_CASE("session.update merges and tolerates extra keys", "[realtime_config]") {
  RealtimeConfig c;
  c.id = "sess_1";
  c.model = "qwen3-asr-flash-realtime";
  REQUIRE_FALSE(apply(R"({"modalities":["text"],"voice":null,"output_audio_format":"pcm16",
      "input_audio_format":"pcm","sample_rate":8000,
      "input_audio_transcription":{"language":"zh","corpus":{"text":"terms"}},
      "turn_detection":{"type":"server_vad","threshold":0.0,"prefix_padding_ms":300,
                        "silence_duration_ms":400}})",
                      c));
  CHECK(c.sample_rate_hz == 8000);
  CHECK(*c.language == "zh");
  CHECK(c.silence_duration_ms == 400);
  CHECK(c.server_vad);
  rapidjson::Document out;
  REQUIRE(util::json::parse(session_json(c), out));
  CHECK(util::json::get_string(out, "object") == std::optional<std::string>("realtime.session"));
  CHECK(out["turn_detection"]["silence_duration_ms"].GetInt() == 400);
  CHECK(out.FindMember("voice") == out.MemberEnd());
}

TEST_CASE("turn_detection null selects Manual mode", "[realtime_config]") {
  RealtimeConfig c;
  REQUIRE_FALSE(apply(R"({"turn_detection":null})", c));
  CHECK_FALSE(c.server_vad);
  rapidjson::Document out;
  REQUIRE(util::json::parse(session_json(c), out));
  CHECK(out["turn_detection"].IsNull());
}

TEST_CASE("Bad session values name the parameter and change nothing", "[realtime_config]") {
  RealtimeConfig c;
  auto e = apply(R"({"sample_rate":44100})", c);
  REQUIRE(e);
  CHECK(e->param == "session.sample_rate");
  CHECK(c.sample_rate_hz == 16000);
  CHECK(apply(R"({"input_audio_format":"mp3"})", c)->param == "session.input_audio_format");
  CHECK(apply(R"({"turn_detection":{"silence_duration_ms":100}})", c)->param ==
        "session.turn_detection.silence_duration_ms");
  CHECK(apply(R"({"sample_rate":8000,"turn_detection":{"silence_duration_ms":7000}})", c));
  CHECK(c.sample_rate_hz == 16000);
}

}  // namespace
}  // namespace dsasr::emulator
