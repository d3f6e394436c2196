#include "emulator/realtime_messages.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dsasr::emulator {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
void opt_str(Writer& w, const OptString& s) {
  if (s) {
    str(w, *s);
  } else {
    w.Null();
  }
}

// Starts the event object with event_id and type; the caller adds members and calls finish().
struct Event {
  rapidjson::StringBuffer buf;
  Writer w{buf};
  Event(const std::string& event_id, const char* type) {
    w.StartObject();
    w.Key("event_id");
    str(w, event_id);
    w.Key("type");
    w.String(type);
  }
  std::string finish() {
    w.EndObject();
    return buf.GetString();
  }
};

}  // namespace

std::string session_event(const std::string& event_id, const char* type,
                          const std::string& session) {
  Event e(event_id, type);
  e.w.Key("session");
  e.w.RawValue(session.data(), session.size(), rapidjson::kObjectType);
  return e.finish();
}

std::string error_event(const std::string& event_id, const char* error_type,
                        const std::string& code, const std::string& message, const OptString& param,
                        const OptString& client_event_id) {
  Event e(event_id, "error");
  e.w.Key("error");
  e.w.StartObject();
  e.w.Key("type");
  e.w.String(error_type);
  e.w.Key("code");
  str(e.w, code);
  e.w.Key("message");
  str(e.w, message);
  e.w.Key("param");
  opt_str(e.w, param);
  e.w.Key("event_id");
  opt_str(e.w, client_event_id);
  e.w.EndObject();
  return e.finish();
}

std::string speech_started_event(const std::string& event_id, int64_t audio_start_ms,
                                 const std::string& item_id) {
  Event e(event_id, "input_audio_buffer.speech_started");
  e.w.Key("audio_start_ms");
  e.w.Int64(audio_start_ms);
  e.w.Key("item_id");
  str(e.w, item_id);
  return e.finish();
}

std::string speech_stopped_event(const std::string& event_id, int64_t audio_end_ms,
                                 const std::string& item_id) {
  Event e(event_id, "input_audio_buffer.speech_stopped");
  e.w.Key("audio_end_ms");
  e.w.Int64(audio_end_ms);
  e.w.Key("item_id");
  str(e.w, item_id);
  return e.finish();
}

std::string committed_event(const std::string& event_id, const OptString& previous_item_id,
                            const std::string& item_id) {
  Event e(event_id, "input_audio_buffer.committed");
  e.w.Key("previous_item_id");
  opt_str(e.w, previous_item_id);
  e.w.Key("item_id");
  str(e.w, item_id);
  return e.finish();
}

std::string item_created_event(const std::string& event_id, const OptString& previous_item_id,
                               const std::string& item_id) {
  Event e(event_id, "conversation.item.created");
  e.w.Key("previous_item_id");
  opt_str(e.w, previous_item_id);
  e.w.Key("item");
  e.w.StartObject();
  e.w.Key("id");
  str(e.w, item_id);
  e.w.Key("object");
  e.w.String("realtime.item");
  e.w.Key("type");
  e.w.String("message");
  e.w.Key("status");
  e.w.String("in_progress");
  e.w.Key("role");
  e.w.String("user");
  e.w.Key("content");
  e.w.StartArray();
  e.w.StartObject();
  e.w.Key("type");
  e.w.String("input_audio");
  e.w.Key("transcript");
  e.w.Null();
  e.w.EndObject();
  e.w.EndArray();
  e.w.EndObject();
  return e.finish();
}

std::string transcription_text_event(const std::string& event_id, const std::string& item_id,
                                     const std::string& language, const std::string& text,
                                     const std::string& stash) {
  Event e(event_id, "conversation.item.input_audio_transcription.text");
  e.w.Key("item_id");
  str(e.w, item_id);
  e.w.Key("content_index");
  e.w.Int(0);
  e.w.Key("language");
  str(e.w, language);
  e.w.Key("emotion");
  e.w.String("neutral");
  e.w.Key("text");
  str(e.w, text);
  e.w.Key("stash");
  str(e.w, stash);
  return e.finish();
}

std::string transcription_completed_event(const std::string& event_id, const std::string& item_id,
                                          const std::string& language,
                                          const std::string& transcript) {
  Event e(event_id, "conversation.item.input_audio_transcription.completed");
  e.w.Key("item_id");
  str(e.w, item_id);
  e.w.Key("content_index");
  e.w.Int(0);
  e.w.Key("language");
  str(e.w, language);
  e.w.Key("emotion");
  e.w.String("neutral");
  e.w.Key("transcript");
  str(e.w, transcript);
  return e.finish();
}

std::string session_finished_event(const std::string& event_id) {
  Event e(event_id, "session.finished");
  return e.finish();
}

}  // namespace dsasr::emulator
