#include "emulator/realtime_config.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "util/json.h"

namespace dsasr::emulator {
namespace {
namespace json = util::json;
}  // namespace

std::optional<ConfigError> apply_session_update(const rapidjson::Value& session,
                                                RealtimeConfig& config) {
  if (!session.IsObject()) return ConfigError{"session", "session must be an object"};
  RealtimeConfig next = config;
  if (const rapidjson::Value* v = json::member(session, "input_audio_format")) {
    if (!v->IsString() ||
        (std::string(v->GetString()) != "pcm" && std::string(v->GetString()) != "opus")) {
      return ConfigError{"session.input_audio_format",
                         "Invalid value for session.input_audio_format: expected pcm or opus"};
    }
    next.input_audio_format = v->GetString();
  }
  if (const rapidjson::Value* v = json::member(session, "sample_rate")) {
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
  w.Key("input_audio_format");
  w.String(c.input_audio_format.c_str());
  w.Key("sample_rate");
  w.Int(c.sample_rate_hz);
  w.Key("input_audio_transcription");
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
  w.Key("turn_detection");
  if (c.server_vad) {
    w.StartObject();
    w.Key("type");
    w.String("server_vad");
    w.Key("threshold");
    w.Double(c.threshold);
    w.Key("silence_duration_ms");
    w.Int(c.silence_duration_ms);
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return buf.GetString();
}

}  // namespace dsasr::emulator
