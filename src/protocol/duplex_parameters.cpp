#include "protocol/duplex_parameters.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "util/json.h"

namespace dsasr::protocol {

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  util::json::append_quoted(out, s);
  return out;
}

// Shortest text that reads back as the same double ("0.5", "-1.0").
std::string json_number(double v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.Double(v);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

std::vector<JsonMember> duplex_parameters(const Request& request, const Model* model) {
  const Recognition& r = request.recognition;
  std::vector<JsonMember> out;
  if (!r.languages.empty()) {
    const LanguageParam lp = model ? model->language_param : LanguageParam::kLanguageHints;
    if (lp == LanguageParam::kLanguageHints) {
      std::string list = "[";
      for (const std::string& code : r.languages) {
        if (list.size() > 1) list += ',';
        list += json_string(code);
      }
      out.emplace_back("language_hints", list + "]");
    } else if (lp == LanguageParam::kSourceLanguage) {
      out.emplace_back("source_language", json_string(r.languages.front()));
    }
  }
  if (r.vocabulary_id) out.emplace_back("vocabulary_id", json_string(*r.vocabulary_id));
  if (r.semantic_punctuation) out.emplace_back("semantic_punctuation_enabled", "true");
  if (r.sentence_silence_ms) {
    // Gummy calls the same setting max_end_silence.
    const bool gummy = model && !model->has(kSentenceSilence) && model->has(kEndSilence);
    out.emplace_back(gummy ? "max_end_silence" : "max_sentence_silence",
                     std::to_string(*r.sentence_silence_ms));
  }
  if (r.multi_threshold) out.emplace_back("multi_threshold_mode_enabled", "true");
  if (r.disfluency_removal) out.emplace_back("disfluency_removal_enabled", "true");
  if (!r.punctuation) out.emplace_back("punctuation_prediction_enabled", "false");
  if (!r.inverse_text_normalization) {
    out.emplace_back("inverse_text_normalization_enabled", "false");
  }
  if (r.heartbeat) out.emplace_back("heartbeat", "true");
  if (r.noise_threshold)
    out.emplace_back("speech_noise_threshold", json_number(*r.noise_threshold));
  if (request.translate_to) {
    out.emplace_back("translation_enabled", "true");
    out.emplace_back("translation_target_languages",
                     "[" + json_string(*request.translate_to) + "]");
  }
  if (!r.transcription) out.emplace_back("transcription_enabled", "false");
  return out;
}

}  // namespace dsasr::protocol
