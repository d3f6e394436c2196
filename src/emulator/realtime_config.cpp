#include "emulator/realtime_config.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "util/json.h"

namespace dsasr::emulator {
namespace {
namespace json = util::json;
}  // namespace

bool is_omni_model(const std::string& model) {
  return model.rfind("qwen3-omni-", 0) == 0 || model.find("-omni-") != std::string::npos;
}

namespace {

// Qwen-Omni's own session members (the vendor's client-event reference): modalities must be one
// of the two documented combinations (the emulator answers in text only, so ["text"]),
// instructions a string, input_audio_transcription an object or null, the turn_detection flags
// booleans.
std::optional<ConfigError> apply_omni_members(const rapidjson::Value& session,
                                              RealtimeConfig& next) {
  if (const rapidjson::Value* m = json::member(session, "modalities")) {
    std::vector<std::string> got;
    if (m->IsArray()) {
      for (const rapidjson::Value& v : m->GetArray()) {
        if (v.IsString()) got.emplace_back(v.GetString());
      }
    }
    std::sort(got.begin(), got.end());
    const bool text = got == std::vector<std::string>{"text"};
    const bool audio_text = got == std::vector<std::string>{"audio", "text"};
    if (!m->IsArray() || got.size() != m->Size() || (!text && !audio_text)) {
      return ConfigError{"session.modalities",
                         "Invalid modalities. Supported combinations are: ['text'] and "
                         "['audio', 'text']."};
    }
    if (audio_text) {
      return ConfigError{"session.modalities",
                         "dsasr-emulator answers in text only: use modalities ['text']"};
    }
  }
  if (const rapidjson::Value* v = json::member(session, "instructions")) {
    if (!v->IsString() && !v->IsNull()) {
      return ConfigError{"session.instructions",
                         "Invalid value for session.instructions: expected a string"};
    }
    if (v->IsString()) {
      next.instructions = std::string(v->GetString(), v->GetStringLength());
    } else {
      next.instructions.reset();
    }
  }
  if (const rapidjson::Value* t = json::member(session, "input_audio_transcription")) {
    next.input_transcription = t->IsObject();
  }
  if (const rapidjson::Value* td = json::member(session, "turn_detection"); td && td->IsObject()) {
    for (const char* flag : {"create_response", "interrupt_response"}) {
      const rapidjson::Value* v = json::member(*td, flag);
      if (!v) continue;
      if (!v->IsBool()) {
        return ConfigError{std::string("session.turn_detection.") + flag,
                           std::string("Invalid value for session.turn_detection.") + flag +
                               ": expected a boolean"};
      }
      (std::string_view(flag) == "create_response" ? next.create_response
                                                   : next.interrupt_response) = v->GetBool();
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ConfigError> apply_session_update(const rapidjson::Value& session,
                                                RealtimeConfig& config) {
  if (!session.IsObject()) return ConfigError{"session", "session must be an object"};
  RealtimeConfig next = config;
  if (const rapidjson::Value* v = json::member(session, "input_audio_format")) {
    // Qwen-Omni's name for 16 kHz s16le is pcm16 (the SDK's AudioFormat); it takes pcm too.
    const bool ok = v->IsString() && (std::string(v->GetString()) == "pcm" ||
                                      (config.omni ? std::string(v->GetString()) == "pcm16"
                                                   : std::string(v->GetString()) == "opus"));
    if (!ok) {
      return ConfigError{
          "session.input_audio_format",
          config.omni ? "Invalid value for session.input_audio_format: expected pcm16 or pcm"
                      : "Invalid value for session.input_audio_format: expected pcm or opus"};
    }
    next.input_audio_format = v->GetString();
  }
  if (config.omni) {
    if (auto err = apply_omni_members(session, next)) return err;
  }
  if (const rapidjson::Value* v = json::member(session, "sample_rate")) {
    if (config.omni && (!v->IsInt() || v->GetInt() != 16000)) {
      return ConfigError{"session.sample_rate",
                         "Invalid value for session.sample_rate: expected 16000"};
    }
    if (!v->IsInt() || (v->GetInt() != 8000 && v->GetInt() != 16000)) {
      return ConfigError{"session.sample_rate",
                         "Invalid value for session.sample_rate: expected 8000 or 16000"};
    }
    next.sample_rate_hz = v->GetInt();
  }
  if (const rapidjson::Value* t = json::member(session, "input_audio_transcription")) {
    if (!t->IsObject() && !t->IsNull()) {
      return ConfigError{"session.input_audio_transcription",
                         "Invalid value for session.input_audio_transcription: expected an object"};
    }
    if (const rapidjson::Value* lang = json::member(*t, "language")) {
      if (lang->IsNull()) {
        next.language.reset();
      } else if (lang->IsString()) {
        next.language = std::string(lang->GetString());
      } else {
        return ConfigError{"session.input_audio_transcription.language",
                           "Invalid value for session.input_audio_transcription.language"};
      }
    }
    if (const rapidjson::Value* corpus = json::member(*t, "corpus")) {
      if (auto text = json::get_string(*corpus, "text")) next.corpus_text = *text;
    }
  }
  if (const rapidjson::Value* td = json::member(session, "turn_detection")) {
    if (td->IsNull()) {
      next.server_vad = false;
    } else if (!td->IsObject()) {
      return ConfigError{"session.turn_detection",
                         "Invalid value for session.turn_detection: expected an object or null"};
    } else {
      if (const rapidjson::Value* type = json::member(*td, "type")) {
        if (!type->IsString() || std::string(type->GetString()) != "server_vad") {
          return ConfigError{"session.turn_detection.type",
                             "Invalid value for session.turn_detection.type: expected server_vad"};
        }
      }
      next.server_vad = true;
      if (const rapidjson::Value* th = json::member(*td, "threshold")) {
        if (!th->IsNumber() || th->GetDouble() < -1.0 || th->GetDouble() > 1.0) {
          return ConfigError{"session.turn_detection.threshold",
                             "Invalid value for session.turn_detection.threshold: expected a "
                             "number in [-1, 1]"};
        }
        next.threshold = th->GetDouble();
      }
      if (json::member(*td, "silence_duration_ms")) {
        auto ms = json::get_int(*td, "silence_duration_ms");
        if (!ms || *ms < 200 || *ms > 6000) {
          return ConfigError{"session.turn_detection.silence_duration_ms",
                             "Invalid value for session.turn_detection.silence_duration_ms: "
                             "expected an integer in [200, 6000]"};
        }
        next.silence_duration_ms = static_cast<int>(*ms);
      }
    }
  }
  config = std::move(next);
  return std::nullopt;
}

std::string session_json(const RealtimeConfig& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("id");
  w.String(c.id.c_str());
  w.Key("object");
  w.String("realtime.session");
  w.Key("model");
  w.String(c.model.c_str());
  w.Key("modalities");
  w.StartArray();
  w.String("text");
  w.EndArray();
  if (c.omni && c.instructions) {
    w.Key("instructions");
    w.String(c.instructions->data(), static_cast<rapidjson::SizeType>(c.instructions->size()));
  }
  w.Key("input_audio_format");
  w.String(c.input_audio_format.c_str());
  w.Key("sample_rate");
  w.Int(c.sample_rate_hz);
  w.Key("input_audio_transcription");
  if (c.omni && !c.input_transcription) {
    w.Null();
  } else {
    w.StartObject();
    if (c.language) {
      w.Key("language");
      w.String(c.language->c_str());
    }
    if (c.corpus_text) {
      w.Key("corpus");
      w.StartObject();
      w.Key("text");
      w.String(c.corpus_text->data(), static_cast<rapidjson::SizeType>(c.corpus_text->size()));
      w.EndObject();
    }
    w.EndObject();
  }
  w.Key("turn_detection");
  if (c.server_vad) {
    w.StartObject();
    w.Key("type");
    w.String("server_vad");
    w.Key("threshold");
    w.Double(c.threshold);
    w.Key("silence_duration_ms");
    w.Int(c.silence_duration_ms);
    if (c.omni) {
      w.Key("create_response");
      w.Bool(c.create_response);
      w.Key("interrupt_response");
      w.Bool(c.interrupt_response);
    }
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return buf.GetString();
}

}  // namespace dsasr::emulator
