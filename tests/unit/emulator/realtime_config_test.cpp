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

TEST_CASE("Qwen-Omni sessions take instructions and enforce the documented modalities",
          "[realtime_config]") {
  CHECK(is_omni_model("qwen3-omni-flash-realtime"));
  CHECK(is_omni_model("qwen3-omni-flash-realtime-2025-12-01"));
  CHECK_FALSE(is_omni_model("qwen3-asr-flash-realtime"));
  RealtimeConfig c;
  c.omni = true;
  REQUIRE_FALSE(apply(R"({"modalities":["text"],"instructions":"Transcribe.",
      "input_audio_format":"pcm16","input_audio_transcription":{"model":null},
      "turn_detection":{"type":"server_vad","create_response":true,"interrupt_response":false}})",
                      c));
  CHECK(c.instructions == std::optional<std::string>("Transcribe."));
  CHECK(c.input_transcription);
  CHECK_FALSE(c.interrupt_response);
  rapidjson::Document out;
  REQUIRE(util::json::parse(session_json(c), out));
  CHECK(util::json::get_string(out, "instructions") == std::optional<std::string>("Transcribe."));
  CHECK(out["turn_detection"]["interrupt_response"].IsFalse());
  CHECK(apply(R"({"modalities":["audio"]})", c)->param == "session.modalities");
  CHECK(apply(R"({"modalities":["text","audio"]})", c)->param == "session.modalities");
  CHECK(apply(R"({"instructions":["x"]})", c)->param == "session.instructions");
  CHECK(apply(R"({"input_audio_format":"opus"})", c)->param == "session.input_audio_format");
  CHECK(apply(R"({"sample_rate":8000})", c)->param == "session.sample_rate");
  CHECK(apply(R"({"turn_detection":{"type":"server_vad","create_response":1}})", c)->param ==
        "session.turn_detection.create_response");
  CHECK(c.instructions == std::optional<std::string>("Transcribe."));
  // The ASR models keep their rules: pcm16 is not theirs.
  RealtimeConfig asr;
  CHECK(apply(R"({"input_audio_format":"pcm16"})", asr)->param == "session.input_audio_format");
}

}  // namespace
}  // namespace dsasr::emulator
