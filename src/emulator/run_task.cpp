#include "emulator/run_task.h"

#include "protocol/models.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

namespace json = util::json;

TaskError invalid(const std::string& message) {
  return TaskError{"InvalidParameter", message};
}

bool is_string_array(const rapidjson::Value& v) {
  if (!v.IsArray()) return false;
  for (const auto& e : v.GetArray()) {
    if (!e.IsString()) return false;
  }
  return true;
}

// Type checks of the parameters the emulator knows; unknown ones are ignored like the service
// does (the Python SDK always adds "stream": true).
std::optional<TaskError> check_parameter_types(const rapidjson::Value& params) {
  static const char* const kBools[] = {"semantic_punctuation_enabled",
                                       "multi_threshold_mode_enabled",
                                       "heartbeat",
                                       "punctuation_prediction_enabled",
                                       "disfluency_removal_enabled",
                                       "inverse_text_normalization_enabled",
                                       "transcription_enabled",
                                       "translation_enabled"};
  for (const char* name : kBools) {
    const rapidjson::Value* v = json::member(params, name);
    if (v && !v->IsBool()) return invalid(std::string("Parameter ") + name + " must be a boolean");
  }
  for (const char* name : {"max_sentence_silence", "max_end_silence"}) {
    if (!json::member(params, name)) continue;
    auto v = json::get_int(params, name);
    if (!v || *v < 200 || *v > 6000) {
      return invalid(std::string("Parameter ") + name + " must be an integer in [200, 6000]");
    }
  }
  for (const char* name : {"language_hints", "translation_target_languages"}) {
    const rapidjson::Value* v = json::member(params, name);
    if (v && !is_string_array(*v)) {
      return invalid(std::string("Parameter ") + name + " must be an array of strings");
    }
  }
  for (const char* name : {"vocabulary_id"}) {
    const rapidjson::Value* v = json::member(params, name);
    if (v && !v->IsString()) return invalid(std::string("Parameter ") + name + " must be a string");
  }
  if (const rapidjson::Value* v = json::member(params, "source_language")) {
    if (!v->IsString() && !v->IsNull()) {
      return invalid("Parameter source_language must be a string");
    }
  }
  if (const rapidjson::Value* v = json::member(params, "speech_noise_threshold")) {
    if (!v->IsNumber() || v->GetDouble() < -1.0 || v->GetDouble() > 1.0) {
      return invalid("Parameter speech_noise_threshold must be a number in [-1.0, 1.0]");
    }
  }
  if (const rapidjson::Value* v = json::member(params, "special_word_filter")) {
    if (!v->IsObject() && !v->IsString()) {
      return invalid("Parameter special_word_filter must be an object");
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<TaskConfig, TaskError> validate_run_task(const rapidjson::Value& message) {
  TaskConfig cfg;
  const rapidjson::Value* header = json::member(message, "header");
  const rapidjson::Value* payload = json::member(message, "payload");
  if (!header || !header->IsObject() || !payload || !payload->IsObject()) {
    return invalid(kInvalidPayload);
  }
  auto task_id = json::get_string(*header, "task_id");
  if (!task_id || task_id->empty()) return invalid("Missing or empty header.task_id");
  cfg.task_id = *task_id;
  if (json::get_string(*header, "streaming") != std::optional<std::string>("duplex")) {
    return invalid("header.streaming must be \"duplex\"");
  }
  if (json::get_string(*payload, "task_group") != std::optional<std::string>("audio")) {
    return invalid("payload.task_group must be \"audio\"");
  }
  if (json::get_string(*payload, "task") != std::optional<std::string>("asr")) {
    return invalid("payload.task must be \"asr\"");
  }
  if (json::get_string(*payload, "function") != std::optional<std::string>("recognition")) {
    return invalid("payload.function must be \"recognition\"");
  }
  auto model = json::get_string(*payload, "model");
  if (!model) return invalid("Missing payload.model");
  const protocol::Model* m = protocol::find_model(*model);
  if (!m || m->family != protocol::Family::kDuplex) {
    return TaskError{"ModelNotFound", "Model not found (" + *model + ")!"};
  }
  cfg.model = *model;
  cfg.shape = m->has(protocol::kTranslation) ? ResultShape::kGummy : ResultShape::kSentence;
  cfg.emotion = m->has(protocol::kEmotion);
  cfg.one_sentence = m->has(protocol::kOneSentence);
  const rapidjson::Value* input = json::member(*payload, "input");
  if (!input || !input->IsObject()) return invalid(kInvalidPayload);

  const rapidjson::Value* params = json::member(*payload, "parameters");
  if (!params || !params->IsObject()) return invalid("Missing payload.parameters");
  auto format = json::get_string(*params, "format");
  if (!format) return invalid("Parameter format is required and must be a string");
  if (*format == "wav") {
    cfg.wav = true;
  } else if (*format == "mp3" || *format == "opus" || *format == "speex" || *format == "aac" ||
             *format == "amr") {
    return TaskError{"UNSUPPORTED_FORMAT", "Unsupported audio format: " + *format};
  } else if (*format != "pcm") {
    return invalid("Parameter format has an invalid value: " + *format);
  }
  const rapidjson::Value* rate = json::member(*params, "sample_rate");
  if (!rate || !rate->IsInt() || rate->GetInt() <= 0) {
    return invalid("Parameter sample_rate is required and must be a positive integer");
  }
  cfg.sample_rate_hz = rate->GetInt();
  if (auto err = check_parameter_types(*params)) return *err;
  cfg.vocabulary_id = json::get_string(*params, "vocabulary_id").value_or("");

  if (cfg.shape == ResultShape::kGummy) {
    cfg.silence_ms = static_cast<int>(json::get_int(*params, "max_end_silence").value_or(700));
    cfg.transcription_enabled = json::get_bool(*params, "transcription_enabled").value_or(true);
    cfg.translation_enabled = json::get_bool(*params, "translation_enabled").value_or(false);
    if (const rapidjson::Value* t = json::member(*params, "translation_target_languages")) {
      for (const auto& lang : t->GetArray()) cfg.target_languages.emplace_back(lang.GetString());
    }
    if (cfg.translation_enabled && cfg.target_languages.empty()) {
      return invalid(
          "Parameter translation_target_languages is required when translation_enabled is true");
    }
    if (!cfg.transcription_enabled && !cfg.translation_enabled) {
      return invalid("At least one of transcription_enabled and translation_enabled must be true");
    }
  } else {
    cfg.silence_ms =
        static_cast<int>(json::get_int(*params, "max_sentence_silence").value_or(1300));
  }
  cfg.heartbeat = json::get_bool(*params, "heartbeat").value_or(false);
  return cfg;
}

bool valid_finish_payload(const rapidjson::Value& message) {
  const rapidjson::Value* payload = json::member(message, "payload");
  if (!payload || !payload->IsObject() || payload->MemberCount() != 1) return false;
  const rapidjson::Value* input = json::member(*payload, "input");
  return input && input->IsObject() && input->MemberCount() == 0;
}

}  // namespace dsasr::emulator
