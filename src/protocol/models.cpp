#include "protocol/models.h"

#include <algorithm>

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

// Languages. The seeds are ground truth; where another source (protocol.md's parameter tables)
// lists more, those codes are accepted with a warning (Model::disputed_languages).
// Seed 000's comparison table: fun-asr-realtime / -2025-11-07 "中文（普通话、粤语、吴语…）、英文、
// 日语" (seed 003 repeats it); -2025-09-15 "中文（普通话）、英文"; Gummy (both models) 21
// languages; paraformer-realtime-v2 "中文（普通话、粤语…）、英文、日语、韩语、德语、法语、俄语";
// the other Paraformer models Mandarin only.
const std::vector<std::string_view> kFunAsrSeedLanguages = {"zh", "en", "ja"};
// [DOC-FUN-C] language_hints list for fun-asr-realtime / -2025-11-07, beyond the seed's three.
const std::vector<std::string_view> kFunAsrDocLanguages = {
    "ko", "vi", "th", "id", "ms", "tl", "hi", "ar", "fr", "de", "es", "pt", "ru", "it",
    "nl", "sv", "da", "fi", "no", "el", "pl", "cs", "hu", "ro", "bg", "hr", "sk"};
const std::vector<std::string_view> kParaformerV2Languages = {"zh", "en", "ja", "yue",
                                                              "ko", "de", "fr", "ru"};
// Seed 000: 中文、英文、日语、韩语、法语、德语、西班牙语、意大利语、俄语、粤语、葡萄牙语、印尼语、
// 阿拉伯语、泰语、印地语、丹麦语、乌尔都语、土耳其语、荷兰语、马来语、越南语; and its Java example
// sets sourceLanguage("auto").
const std::vector<std::string_view> kGummyLanguages = {
    "auto", "zh", "en", "ja", "ko", "fr", "de", "es", "it", "ru", "yue",
    "pt",   "id", "ar", "th", "hi", "da", "ur", "tr", "nl", "ms", "vi"};
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
// Gummy: what its Java SDK (TranslationRecognizerParam) sends besides the translation settings:
// semantic_punctuation_enabled, disfluency_removal_enabled and a phrase id. Seed 000 lists hot
// words as supported by every model (so the phrase id is plain), has no row for semantic
// punctuation and marks filler-word removal unsupported for Gummy: those two are disputed.
constexpr uint32_t kGummyFeatures = kVocabulary | kTranslation | kEndSilence |
                                    kTranscriptionToggle | kPhrase | kSemanticPunctuation |
                                    kDisfluencyRemoval;
constexpr uint32_t kGummyDisputed = kSemanticPunctuation | kDisfluencyRemoval;
constexpr uint32_t kQwenFeatures = kContext | kServerVad;
// Qwen-Omni: the prompt (with --context appended to it) and the server VAD's settings.
constexpr uint32_t kOmniFeatures = kPrompt | kContext | kServerVad;

constexpr std::string_view kSeed000 =
    "seed 000 (model comparison table); protocol.md §2.4 parameter tables";
constexpr std::string_view kFunAsrSources =
    "seed 000 (model comparison table), seed 003 (Fun-ASR quick start); protocol.md §2.4 "
    "[DOC-FUN-C] (27 more language hints)";
constexpr std::string_view kFunAsrDocOnly =
    "protocol.md §2.4 [DOC-FUN-C], [DOC-RT-GUIDE] (not in the seeds)";
constexpr std::string_view kGummySources =
    "seed 000 (model comparison table, Java example sourceLanguage auto); protocol.md §2.4 "
    "[DOC-GUMMY-RT], [DOC-GUMMY-CHAT]; [JAVA] TranslationRecognizerParam";
constexpr std::string_view kOmniSources =
    "seed 003 (alternative: Qwen-Omni, qwen3-omni-flash-realtime, prompt); protocol.md §11 "
    "(Qwen-Omni-Realtime client/server events, [PY] omni_realtime.py); the request limit is "
    "Qwen-ASR's (none is documented for Omni)";
constexpr std::string_view kQwenSources =
    "seed 003 (Qwen-ASR interaction flow, VAD and Manual mode); protocol.md §3 [DOC-QWEN-C], "
    "[PY]/[JAVA] pinned VAD values";

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
       kFunAsrSeedLanguages,
       L::kLanguageHints,
       kFunAsrContextFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Fun-ASR realtime (stable); Mandarin, dialects, English, Japanese",
       kFunAsrSources,
       kFunAsrDocLanguages,
       0,
       false},
      {"fun-asr-realtime-2025-11-07",
       F::kDuplex,
       "",
       {16000},
       kFunAsrSeedLanguages,
       L::kLanguageHints,
       kFunAsrContextFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Fun-ASR realtime snapshot 2025-11-07",
       kFunAsrSources,
       kFunAsrDocLanguages,
       0,
       false},
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
       "Fun-ASR realtime snapshot 2026-02-28",
       kFunAsrDocOnly,
       none,
       0,
       false},
      // Seed 000: punctuation "默认开启，可关闭" for this snapshot, while [DOC-FUN-PY] says Fun-ASR
      // punctuation cannot be changed: the toggle is disputed.
      {"fun-asr-realtime-2025-09-15",
       F::kDuplex,
       "",
       {16000},
       zh_en,
       L::kLanguageHints,
       kFunAsrFeatures | kPunctuationToggle,
       20,
       std::nullopt,
       true,
       false,
       "Fun-ASR realtime snapshot 2025-09-15; Mandarin and English",
       kSeed000,
       none,
       kPunctuationToggle,
       false},
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
       "Fun-ASR for 8 kHz telephone audio (stable)",
       kFunAsrDocOnly,
       none,
       0,
       false},
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
       "Fun-ASR for 8 kHz telephone audio, snapshot 2026-01-28",
       kFunAsrDocOnly,
       none,
       0,
       false},
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
       "Paraformer v2; any sample rate; Mandarin, dialects, English and 5 more",
       "seed 000 (model comparison table, language_hints ['zh','en']); protocol.md §2.4 "
       "[DOC-PARA-C]",
       none,
       0,
       true},
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
       "Paraformer v1, Mandarin, 16 kHz",
       kSeed000,
       none,
       0,
       false},
      // Seed 000: emotion recognition "支持 默认开启，可关闭" and "默认情感识别".
      {"paraformer-realtime-8k-v2",
       F::kDuplex,
       "",
       {8000},
       none,
       L::kNone,
       kParaformerV2Features | kEmotion | kEmotionToggle,
       20,
       std::nullopt,
       true,
       false,
       "Paraformer v2 for 8 kHz telephone audio, with emotion tags",
       kSeed000,
       none,
       0,
       false},
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
       "Paraformer v1 for 8 kHz telephone audio",
       kSeed000,
       none,
       0,
       false},
      {"gummy-realtime-v1",
       F::kDuplex,
       "",
       {16000, 22050, 24000, 32000, 44100, 48000},
       kGummyLanguages,
       L::kSourceLanguage,
       kGummyFeatures,
       10,
       std::nullopt,
       true,
       false,
       "Gummy realtime recognition with translation; 21 languages",
       kGummySources,
       none,
       kGummyDisputed,
       false},
      {"gummy-chat-v1",
       F::kDuplex,
       "",
       {16000},
       kGummyLanguages,
       L::kSourceLanguage,
       kGummyFeatures | kOneSentence,
       10,
       60,
       true,
       false,
       "Gummy one-sentence recognition and translation (up to 1 minute); 21 languages",
       kGummySources,
       none,
       kGummyDisputed,
       false},
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
       "Qwen3-ASR-Flash realtime (stable); 27 languages, emotion",
       kQwenSources,
       none,
       0,
       false},
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
       "Qwen3-ASR-Flash realtime snapshot 2026-02-10",
       kQwenSources,
       none,
       0,
       false},
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
       "Qwen3-ASR-Flash realtime snapshot 2025-10-27",
       kQwenSources,
       none,
       0,
       false},
      // Seed 003's alternative: an audio LLM prompted to transcribe. 16 kHz pcm16 input only;
      // no language parameter (the prompt can name the language).
      {"qwen3-omni-flash-realtime",
       F::kRealtime,
       "",
       {16000},
       none,
       L::kNone,
       kOmniFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Qwen3-Omni-Flash realtime (stable): an audio LLM prompted to transcribe; clean speech",
       kOmniSources,
       none,
       0,
       false},
      {"qwen3-omni-flash-realtime-2025-12-01",
       F::kRealtime,
       "",
       {16000},
       none,
       L::kNone,
       kOmniFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Qwen3-Omni-Flash realtime snapshot 2025-12-01",
       kOmniSources,
       none,
       0,
       false},
      {"qwen3-omni-flash-realtime-2025-09-15",
       F::kRealtime,
       "",
       {16000},
       none,
       L::kNone,
       kOmniFeatures,
       20,
       std::nullopt,
       true,
       true,
       "Qwen3-Omni-Flash realtime snapshot 2025-09-15",
       kOmniSources,
       none,
       0,
       false},
  };
}

}  // namespace

int Model::send_rate_for(int source_rate_hz) const {
  constexpr int kTelephoneRateHz = 8000;
  if (source_rate_hz > 0 && source_rate_hz <= kTelephoneRateHz &&
      std::find(sample_rates.begin(), sample_rates.end(), kTelephoneRateHz) != sample_rates.end()) {
    return kTelephoneRateHz;
  }
  return default_sample_rate();
}

const std::vector<Model>& all_models() {
  static const std::vector<Model> models = make_models();
  return models;
}

bool is_disputed_language(const Model& m, std::string_view code) {
  return std::find(m.disputed_languages.begin(), m.disputed_languages.end(), code) !=
         m.disputed_languages.end();
}

bool accepts_language(const Model& m, std::string_view code) {
  return std::find(m.languages.begin(), m.languages.end(), code) != m.languages.end() ||
         is_disputed_language(m, code);
}

const Model* find_model(std::string_view name) {
  for (const Model& m : all_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<Feature> all_features() {
  std::vector<Feature> out;
  for (uint32_t bit = 1; bit <= kPrompt; bit <<= 1) out.push_back(static_cast<Feature>(bit));
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
    case kEmotionToggle:
      return "emotion-toggle";
    case kPrompt:
      return "prompt";
  }
  return "?";
}

}  // namespace dsasr::protocol
