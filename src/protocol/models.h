// The model table: one entry per supported model. It drives `dsasr models`, option validation
// (a model that does not support an option is a usage error) and the protocol family choice.
// Unknown model names are allowed; the caller then picks the family (--protocol).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace dsasr::protocol {

enum class Family { kDuplex, kRealtime };
std::string_view to_string(Family f);

// Which parameter a --language value becomes.
enum class LanguageParam {
  kNone,            // the model takes no language hint
  kLanguageHints,   // parameters.language_hints: [code] (Fun-ASR, Paraformer v2)
  kSourceLanguage,  // parameters.source_language (Gummy)
  kTranscription,   // session.input_audio_transcription.language (Qwen realtime)
};

// Optional features, as a bit set.
enum Feature : uint32_t {
  kVocabulary = 1u << 0,            // vocabulary_id
  kPhrase = 1u << 1,                // legacy phrase_id -> payload.resources
  kSemanticPunctuation = 1u << 2,   // semantic_punctuation_enabled
  kSentenceSilence = 1u << 3,       // max_sentence_silence
  kMultiThreshold = 1u << 4,        // multi_threshold_mode_enabled
  kDisfluencyRemoval = 1u << 5,     // disfluency_removal_enabled
  kPunctuationToggle = 1u << 6,     // punctuation_prediction_enabled
  kItnToggle = 1u << 7,             // inverse_text_normalization_enabled
  kHeartbeat = 1u << 8,             // heartbeat
  kTranslation = 1u << 9,           // translation_enabled + translation_target_languages (Gummy)
  kEndSilence = 1u << 10,           // max_end_silence (Gummy)
  kEmotion = 1u << 11,              // emo_tag / emo_confidence on finals
  kContext = 1u << 12,              // Qwen corpus text (session input_audio_transcription.corpus)
  kServerVad = 1u << 13,            // Qwen turn_detection (threshold, silence, manual mode)
  kOneSentence = 1u << 14,          // recognises one sentence, then ends (gummy-chat-v1)
  kNoiseThreshold = 1u << 15,       // speech_noise_threshold (Fun-ASR)
  kInputContext = 1u << 16,         // run-task payload.input.context (Fun-ASR, protocol.md §2.6)
  kTranscriptionToggle = 1u << 17,  // transcription_enabled (Gummy: translation only)
  kEmotionToggle = 1u << 18,        // emotion recognition can be turned off (paraformer-8k-v2)
  kPrompt = 1u << 19,               // a system prompt (Qwen-Omni session.instructions)
};

struct Model {
  std::string_view name;
  Family family;
  std::string_view alias_of;      // "" unless this name currently means a dated snapshot
  std::vector<int> sample_rates;  // rates the service accepts; the first is what dsasr sends
  std::vector<std::string_view> languages;  // codes accepted by --language ("" list = none)
  LanguageParam language_param;
  uint32_t features;
  int requests_per_second;               // the service's request-rate limit for the model
  std::optional<int> max_audio_seconds;  // gummy-chat-v1: 60
  bool beijing;                          // available in the Beijing region
  bool singapore;                        // available in the Singapore (intl) region
  std::string_view summary;              // one line for `dsasr models`
  // Where the entry comes from: the seed pages (seed 000: the model comparison table of
  // "实时语音识别-Fun-ASR/Gummy/Paraformer"; seed 003: the Qwen-ASR realtime page) and the
  // documents and SDKs protocol.md cites, for `dsasr models`.
  std::string_view sources;
  // Codes another source lists but the seed does not: accepted by --language, with a warning.
  std::vector<std::string_view> disputed_languages;
  // Features the official SDK sends for this model but the seed's table does not confirm:
  // accepted, with a warning (Feature bits).
  uint32_t disputed_features;
  // Several --language values become several language_hints (the model takes a list and uses
  // all of it); otherwise at most one code is used by the service.
  bool language_list;

  bool has(Feature f) const { return (features & f) != 0; }
  bool disputed(Feature f) const { return (disputed_features & f) != 0; }
  int default_sample_rate() const { return sample_rates.front(); }
  // The rate dsasr sends audio recorded at `source_rate_hz` in: 8000 for telephone-band audio
  // (8 kHz or less) where the model lists 8 kHz, since upsampling it only adds delay and
  // distortion (seed 003, "选择采样率匹配的模型"); otherwise the model's default rate.
  int send_rate_for(int source_rate_hz) const;
};

// Every model dsasr knows, in the order `dsasr models` lists them.
const std::vector<Model>& all_models();

// True when `code` is one of m.languages or m.disputed_languages.
bool accepts_language(const Model& m, std::string_view code);
bool is_disputed_language(const Model& m, std::string_view code);

// The model with this exact name, or nullptr.
const Model* find_model(std::string_view name);

// Human-readable names for features (for `dsasr models` and error messages).
std::string_view feature_name(Feature f);
std::vector<Feature> all_features();

}  // namespace dsasr::protocol
