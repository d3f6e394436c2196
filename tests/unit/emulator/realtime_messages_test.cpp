#include "emulator/realtime_messages.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("Realtime events have the documented shapes", "[realtime_messages]") {
  CHECK(error_event("event_1", "invalid_request_error", "invalid_value", "bad",
                    std::string("session.sample_rate"), std::string("event_c")) ==
        R"({"event_id":"event_1","type":"error","error":{"type":"invalid_request_error",)"
        R"("code":"invalid_value","message":"bad","param":"session.sample_rate",)"
        R"("event_id":"event_c"}})");
  CHECK(speech_started_event("e", 500, "item_1") ==
        R"({"event_id":"e","type":"input_audio_buffer.speech_started","audio_start_ms":500,)"
        R"("item_id":"item_1"})");
  CHECK(committed_event("e", std::nullopt, "item_1") ==
        R"({"event_id":"e","type":"input_audio_buffer.committed","previous_item_id":null,)"
        R"("item_id":"item_1"})");
  CHECK(item_created_event("e", std::string("item_0"), "item_1") ==
        R"({"event_id":"e","type":"conversation.item.created","previous_item_id":"item_0",)"
        R"("item":{"id":"item_1","object":"realtime.item","type":"message","status":)"
        R"("in_progress","role":"user","content":[{"type":"input_audio","transcript":null}]}})");
  CHECK(transcription_text_event("e", "item_1", "zh", "今天", "天气") ==
        R"({"event_id":"e","type":"conversation.item.input_audio_transcription.text",)"
        R"("item_id":"item_1","content_index":0,"language":"zh","emotion":"neutral",)"
        R"("text":"今天","stash":"天气"})");
  CHECK(transcription_completed_event("e", "item_1", "en", "Hi.") ==
        R"({"event_id":"e","type":"conversation.item.input_audio_transcription.completed",)"
        R"("item_id":"item_1","content_index":0,"language":"en","emotion":"neutral",)"
        R"("transcript":"Hi."})");
  CHECK(session_finished_event("e") == R"({"event_id":"e","type":"session.finished"})");
  CHECK(session_event("e", "session.created", R"({"id":"sess_1"})") ==
        R"({"event_id":"e","type":"session.created","session":{"id":"sess_1"}})");
}

}  // namespace
}  // namespace dsasr::emulator
