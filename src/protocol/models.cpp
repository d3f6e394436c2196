#include "protocol/models.h"

namespace dsasr::protocol {

std::string_view to_string(Family f) {
  switch (f) {
    case Family::kDuplex:
      return "duplex";
    case Family::kRealtime:
      return "realtime";
  }
  return "?";
}

namespace {

// Languages from the vendor's parameter tables (protocol.md §2.4, §3.2).
const std::vector<std::string_view> kFunAsrLanguages = {
    "zh", "en", "ja", "ko", "vi", "th", "id", "ms", "tl", "hi", "ar", "fr", "de", "es", "pt",
    "ru", "it", "nl", "sv", "da", "fi", "no", "el", "pl", "cs", "hu", "ro", "bg", "hr", "sk"};
const std::vector<std::string_view> kParaformerV2Languages = {"zh", "en", "ja", "yue",
                                                              "ko", "de", "fr", "ru"};
const std::vector<std::string_view> kGummyRealtimeLanguages = {"zh", "en", "ja", "yue", "ko",
                                                               "de", "fr", "ru", "it",  "es"};
const std::vector<std::string_view> kGummyChatLanguages = {
    "zh", "en", "ja", "yue", "ko", "de", "fr", "ru", "it", "es", "pt", "id", "ar", "th"};
const std::vector<std::string_view> kQwenLanguages = {
    "zh", "yue", "en", "ja", "de", "ko", "ru",  "fr", "pt", "ar", "it", "es", "hi", "id",
    "th", "tr",  "uk", "vi", "cs", "da", "fil", "fi", "is", "ms", "no", "pl", "sv"};

constexpr uint32_t kFunAsrFeatures = kVocabulary | kSemanticPunctuation | kSentenceSilence |
                                     kMultiThreshold | kDisfluencyRemoval | kHeartbeat |
                                     kNoiseThreshold;
constexpr uint32_t kParaformerV2Features = kVocabulary | kPhrase | kSemanticPunctuation |
                                           kSentenceSilence | kMultiThreshold | kDisfluencyRemoval |
                                           kPunctuationToggle | kItnToggle | kHeartbeat;
constexpr uint32_t kParaformerV1Features = kVocabulary | kPhrase | kDisfluencyRemoval;
// Only these two take input.context (protocol.md §2.6), not the other Fun-ASR snapshots.
constexpr uint32_t kFunAsrContextFeatures = kFunAsrFeatures | kInputContext;
constexpr uint32_t kGummyFeatures = kVocabulary | kTranslation | kEndSilence | kTranscriptionToggle;
constexpr uint32_t kQwenFeatures = kContext | kServerVad;

std::vector<Model> make_models() {
  using F = Family;
  using L = LanguageParam;
  const std::vector<std::string_view> zh_en = {"zh", "en"};
  const std::vector<std::string_view> zh_en_ja = {"zh", "en", "ja"};
  const std::vector<std::string_view> zh = {"zh"};
  const std::vector<std::string_view> none = {};
  return {
      {"fun-asr-realtime",
       F::kDuplex,
       "fun-asr-realtime-2025-11-07",
       {16000},
       kFunAsrLanguages,
       L::kLanguageHints,
       kFunAsrContextFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Fun-ASR realtime (stable); Mandarin, dialects, English, Japanese and 26 more"},
      {"fun-asr-realtime-2025-11-07",
       F::kDuplex,
       "",
       {16000},
       kFunAsrLanguages,
       L::kLanguageHints,
       kFunAsrContextFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Fun-ASR realtime snapshot 2025-11-07"},
      {"fun-asr-realtime-2026-02-28",
       F::kDuplex,
       "",
       {16000},
       zh_en_ja,
       L::kLanguageHints,
       kFunAsrFeatures,
       20,
       std::nullopt,
       true,
       false,
       "Fun-ASR realtime snapshot 2026-02-28"},
      {"fun-asr-realtime-2025-09-15",
       F::kDuplex,
       "",
       {16000},
       zh_en,
       L::kLanguageHints,
       kFunAsrFeatures,
       20,
       std::nullopt,
       true,
       false,
       "Fun-ASR realtime snapshot 2025-09-15"},
      {"fun-asr-flash-8k-realtime",
       F::kDuplex,
       "fun-asr-flash-8k-realtime-2026-01-28",
       {8000},
       zh,
       L::kLanguageHints,
       kFunAsrFeatures,
       20,
       std::nullopt,
       true,
       false,
       "Fun-ASR for 8 kHz telephone audio (stable)"},
      {"fun-asr-flash-8k-realtime-2026-01-28",
       F::kDuplex,
       "",
       {8000},
       zh,
       L::kLanguageHints,
       kFunAsrFeatures,
       20,
       std::nullopt,
       true,
       false,
       "Fun-ASR for 8 kHz telephone audio, snapshot 2026-01-28"},
      {"paraformer-realtime-v2",
       F::kDuplex,
       "",
       {16000, 8000, 11025, 22050, 24000, 32000, 44100, 48000},
       kParaformerV2Languages,
       L::kLanguageHints,
       kParaformerV2Features,
       20,
       std::nullopt,
       true,
       false,
       "Paraformer v2; any sample rate; Mandarin, Cantonese, English and 5 more"},
      {"paraformer-realtime-v1",
       F::kDuplex,
       "",
       {16000},
       none,
       L::kNone,
       kParaformerV1Features,
       20,
       std::nullopt,
       true,
       false,
       "Paraformer v1, Mandarin, 16 kHz"},
      {"paraformer-realtime-8k-v2",
       F::kDuplex,
       "",
       {8000},
       none,
       L::kNone,
       kParaformerV2Features | kEmotion,
       20,
       std::nullopt,
       true,
       false,
       "Paraformer v2 for 8 kHz telephone audio, with emotion tags"},
      {"paraformer-realtime-8k-v1",
       F::kDuplex,
       "",
       {8000},
       none,
       L::kNone,
       kParaformerV1Features,
       20,
       std::nullopt,
       true,
       false,
       "Paraformer v1 for 8 kHz telephone audio"},
      {"gummy-realtime-v1",
       F::kDuplex,
       "",
       {16000, 22050, 24000, 32000, 44100, 48000},
       kGummyRealtimeLanguages,
       L::kSourceLanguage,
       kGummyFeatures,
       10,
       std::nullopt,
       true,
       false,
       "Gummy realtime recognition with translation"},
      {"gummy-chat-v1",
       F::kDuplex,
       "",
       {16000},
       kGummyChatLanguages,
       L::kSourceLanguage,
       kGummyFeatures | kOneSentence,
       10,
       60,
       true,
       false,
       "Gummy one-sentence recognition and translation (up to 1 minute)"},
      {"qwen3-asr-flash-realtime",
       F::kRealtime,
       "qwen3-asr-flash-realtime-2025-10-27",
       {16000, 8000},
       kQwenLanguages,
       L::kTranscription,
       kQwenFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Qwen3-ASR-Flash realtime (stable); 27 languages, emotion"},
      {"qwen3-asr-flash-realtime-2026-02-10",
       F::kRealtime,
       "",
       {16000, 8000},
       kQwenLanguages,
       L::kTranscription,
       kQwenFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Qwen3-ASR-Flash realtime snapshot 2026-02-10"},
      {"qwen3-asr-flash-realtime-2025-10-27",
       F::kRealtime,
       "",
       {16000, 8000},
       kQwenLanguages,
       L::kTranscription,
       kQwenFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Qwen3-ASR-Flash realtime snapshot 2025-10-27"},
  };
}

}  // namespace

const std::vector<Model>& all_models() {
  static const std::vector<Model> models = make_models();
  return models;
}

const Model* find_model(std::string_view name) {
  for (const Model& m : all_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<Feature> all_features() {
  std::vector<Feature> out;
  for (uint32_t bit = 1; bit <= kTranscriptionToggle; bit <<= 1)
    out.push_back(static_cast<Feature>(bit));
  return out;
}

std::string_view feature_name(Feature f) {
  switch (f) {
    case kVocabulary:
      return "vocabulary";
    case kPhrase:
      return "phrase";
    case kSemanticPunctuation:
      return "semantic-punctuation";
    case kSentenceSilence:
      return "sentence-silence";
    case kMultiThreshold:
      return "multi-threshold";
    case kDisfluencyRemoval:
      return "disfluency-removal";
    case kPunctuationToggle:
      return "punctuation-toggle";
    case kItnToggle:
      return "itn-toggle";
    case kHeartbeat:
      return "heartbeat";
    case kTranslation:
      return "translation";
    case kEndSilence:
      return "end-silence";
    case kEmotion:
      return "emotion";
    case kContext:
      return "context";
    case kServerVad:
      return "server-vad";
    case kOneSentence:
      return "one-sentence";
    case kNoiseThreshold:
      return "noise-threshold";
    case kInputContext:
      return "input-context";
    case kTranscriptionToggle:
      return "transcription-toggle";
  }
  return "?";
}

}  // namespace dsasr::protocol
