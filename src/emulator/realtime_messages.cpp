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

// The ids every answer event carries after event_id and type.
void answer_ids(Writer& w, const std::string& response_id, const std::string& item_id,
                bool content_index) {
  w.Key("response_id");
  str(w, response_id);
  w.Key("item_id");
  str(w, item_id);
  w.Key("output_index");
  w.Int(0);
  if (content_index) {
    w.Key("content_index");
    w.Int(0);
  }
}

// The assistant message item holding `text` (status completed) or nothing yet (in_progress).
void assistant_item(Writer& w, const std::string& item_id, const std::string* text) {
  w.StartObject();
  w.Key("id");
  str(w, item_id);
  w.Key("object");
  w.String("realtime.item");
  w.Key("type");
  w.String("message");
  w.Key("status");
  w.String(text ? "completed" : "in_progress");
  w.Key("role");
  w.String("assistant");
  w.Key("content");
  w.StartArray();
  if (text) {
    w.StartObject();
    w.Key("type");
    w.String("text");
    w.Key("text");
    str(w, *text);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void text_part(Writer& w, const std::string& text) {
  w.StartObject();
  w.Key("type");
  w.String("text");
  w.Key("text");
  str(w, text);
  w.EndObject();
}

// The response object; `text` null while in progress.
void response_object(Writer& w, const std::string& response_id, const std::string* item_id,
                     const std::string* text, const OmniUsage* usage) {
  w.StartObject();
  w.Key("id");
  str(w, response_id);
  w.Key("object");
  w.String("realtime.response");
  w.Key("status");
  w.String(usage ? "completed" : "in_progress");
  w.Key("status_details");
  w.Null();
  w.Key("modalities");
  w.StartArray();
  w.String("text");
  w.EndArray();
  w.Key("output");
  w.StartArray();
  if (item_id && text) assistant_item(w, *item_id, text);
  w.EndArray();
  if (usage) {
    const int64_t input = usage->input_text_tokens + usage->input_audio_tokens;
    w.Key("usage");
    w.StartObject();
    w.Key("total_tokens");
    w.Int64(input + usage->output_text_tokens);
    w.Key("input_tokens");
    w.Int64(input);
    w.Key("output_tokens");
    w.Int64(usage->output_text_tokens);
    w.Key("input_tokens_details");
    w.StartObject();
    w.Key("text_tokens");
    w.Int64(usage->input_text_tokens);
    w.Key("audio_tokens");
    w.Int64(usage->input_audio_tokens);
    w.EndObject();
    w.Key("output_tokens_details");
    w.StartObject();
    w.Key("text_tokens");
    w.Int64(usage->output_text_tokens);
    w.Key("audio_tokens");
    w.Int(0);
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
}

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

std::string response_created_event(const std::string& event_id, const std::string& response_id) {
  Event e(event_id, "response.created");
  e.w.Key("response");
  response_object(e.w, response_id, nullptr, nullptr, nullptr);
  return e.finish();
}

std::string output_item_added_event(const std::string& event_id, const std::string& response_id,
                                    const std::string& item_id) {
  Event e(event_id, "response.output_item.added");
  e.w.Key("response_id");
  str(e.w, response_id);
  e.w.Key("output_index");
  e.w.Int(0);
  e.w.Key("item");
  assistant_item(e.w, item_id, nullptr);
  return e.finish();
}

std::string content_part_added_event(const std::string& event_id, const std::string& response_id,
                                     const std::string& item_id) {
  Event e(event_id, "response.content_part.added");
  answer_ids(e.w, response_id, item_id, true);
  e.w.Key("part");
  text_part(e.w, "");
  return e.finish();
}

std::string text_delta_event(const std::string& event_id, const std::string& response_id,
                             const std::string& item_id, const std::string& delta) {
  Event e(event_id, "response.text.delta");
  answer_ids(e.w, response_id, item_id, true);
  e.w.Key("delta");
  str(e.w, delta);
  return e.finish();
}

std::string text_done_event(const std::string& event_id, const std::string& response_id,
                            const std::string& item_id, const std::string& text) {
  Event e(event_id, "response.text.done");
  answer_ids(e.w, response_id, item_id, true);
  e.w.Key("text");
  str(e.w, text);
  return e.finish();
}

std::string content_part_done_event(const std::string& event_id, const std::string& response_id,
                                    const std::string& item_id, const std::string& text) {
  Event e(event_id, "response.content_part.done");
  answer_ids(e.w, response_id, item_id, true);
  e.w.Key("part");
  text_part(e.w, text);
  return e.finish();
}

std::string output_item_done_event(const std::string& event_id, const std::string& response_id,
                                   const std::string& item_id, const std::string& text) {
  Event e(event_id, "response.output_item.done");
  e.w.Key("response_id");
  str(e.w, response_id);
  e.w.Key("output_index");
  e.w.Int(0);
  e.w.Key("item");
  assistant_item(e.w, item_id, &text);
  return e.finish();
}

std::string response_done_event(const std::string& event_id, const std::string& response_id,
                                const std::string& item_id, const std::string& text,
                                const OmniUsage& usage) {
  Event e(event_id, "response.done");
  e.w.Key("response");
  response_object(e.w, response_id, &item_id, &text, &usage);
  return e.finish();
}

}  // namespace dsasr::emulator
