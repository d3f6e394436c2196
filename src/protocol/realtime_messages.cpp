#include "protocol/realtime_messages.h"

#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "protocol/base64.h"
#include "protocol/duplex_messages.h"
#include "util/json.h"

namespace dsasr::protocol {

namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

Value string_value(const std::string& s, Allocator& a) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

std::string serialise(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// {"event_id":E,"type":T} for the events that carry nothing else.
std::string bare_event(const std::string& event_id, std::string_view type) {
  std::string out = "{\"event_id\":";
  util::json::append_quoted(out, event_id);
  out += ",\"type\":";
  util::json::append_quoted(out, type);
  out += '}';
  return out;
}

// session_extra checked with the duplex parameter rules, so --param behaves the same in both
// families (one JSON value, bounded depth, non-empty key).
util::Status validate_session_extra(const Request& request) {
  Request as_parameters;
  as_parameters.parameters = request.session_extra;
  return validate_parameters(as_parameters);
}

// Adds request.session_extra to `session` (a key already present is replaced in place), then
// wraps it as the session.update event. session_extra must have been validated.
std::string finish_session_update(const Request& request, const std::string& event_id,
                                  rapidjson::Document& doc, Value& session) {
  Allocator& a = doc.GetAllocator();
  for (const JsonMember& m : request.session_extra) {
    rapidjson::Document parsed;
    // Validated by the caller; iterative so nesting cannot recurse the stack.
    parsed.Parse<rapidjson::kParseIterativeFlag>(m.second.data(), m.second.size());
    Value copy(parsed, a);
    auto existing =
        session.FindMember(Value(m.first.data(), static_cast<rapidjson::SizeType>(m.first.size())));
    if (existing != session.MemberEnd()) {
      existing->value = std::move(copy);
    } else {
      session.AddMember(string_value(m.first, a), copy, a);
    }
  }
  doc.AddMember("event_id", string_value(event_id, a), a);
  doc.AddMember("type", "session.update", a);
  doc.AddMember("session", session, a);
  return serialise(doc);
}

Value vad_object(const Request& request, Allocator& a) {
  Value vad(rapidjson::kObjectType);
  vad.AddMember("type", "server_vad", a);
  // In the SDKs' order (protocol.md §3.2 [OBS]).
  vad.AddMember("threshold", request.vad_threshold, a);
  vad.AddMember("prefix_padding_ms", request.vad_prefix_padding_ms, a);
  vad.AddMember("silence_duration_ms", request.vad_silence_ms, a);
  return vad;
}

}  // namespace

util::Result<std::string> build_omni_session_update(const Request& request,
                                                    const std::string& event_id) {
  if (util::Status s = validate_session_extra(request); !s) return s.error();
  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();
  Value session(rapidjson::kObjectType);
  Value modalities(rapidjson::kArrayType);
  modalities.PushBack("text", a);
  session.AddMember("modalities", modalities, a);
  session.AddMember("instructions", string_value(request.instructions.value_or(""), a), a);
  session.AddMember("input_audio_format", "pcm16", a);
  Value vad = vad_object(request, a);
  vad.AddMember("create_response", true, a);
  vad.AddMember("interrupt_response", false, a);
  session.AddMember("turn_detection", vad, a);
  return finish_session_update(request, event_id, doc, session);
}

util::Result<std::string> build_session_update(const Request& request,
                                               const std::string& event_id) {
  if (util::Status s = validate_session_extra(request); !s) return s.error();

  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();

  Value session(rapidjson::kObjectType);
  Value modalities(rapidjson::kArrayType);
  modalities.PushBack("text", a);
  session.AddMember("modalities", modalities, a);
  session.AddMember("input_audio_format", "pcm", a);
  session.AddMember("sample_rate", request.sample_rate_hz, a);

  if (request.language || request.corpus_text) {
    Value transcription(rapidjson::kObjectType);
    if (request.language)
      transcription.AddMember("language", string_value(*request.language, a), a);
    if (request.corpus_text) {
      Value corpus(rapidjson::kObjectType);
      corpus.AddMember("text", string_value(*request.corpus_text, a), a);
      transcription.AddMember("corpus", corpus, a);
    }
    session.AddMember("input_audio_transcription", transcription, a);
  }

  if (request.manual_commit) {
    session.AddMember("turn_detection", Value(rapidjson::kNullType), a);
  } else {
    session.AddMember("turn_detection", vad_object(request, a), a);
  }
  return finish_session_update(request, event_id, doc, session);
}

bool is_manual_commit(const Request& request) {
  bool manual = request.manual_commit;
  for (const JsonMember& m : request.session_extra) {
    if (m.first != "turn_detection") continue;
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(m.second.data(), m.second.size());
    if (!doc.HasParseError()) manual = doc.IsNull();
  }
  return manual;
}

std::string build_append(const std::string& event_id, std::string_view pcm_bytes) {
  std::string out = "{\"event_id\":";
  out.reserve(event_id.size() + base64_encoded_size(pcm_bytes.size()) + 64);
  util::json::append_quoted(out, event_id);
  out += ",\"type\":\"input_audio_buffer.append\",\"audio\":\"";
  append_base64(out, pcm_bytes);  // the base64 alphabet needs no JSON escaping
  out += "\"}";
  return out;
}

std::string build_commit(const std::string& event_id) {
  return bare_event(event_id, "input_audio_buffer.commit");
}

std::string build_session_finish(const std::string& event_id) {
  return bare_event(event_id, "session.finish");
}

}  // namespace dsasr::protocol
