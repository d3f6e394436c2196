#include "protocol/models.h"

#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace dsasr::protocol;

TEST_CASE("model table: names are unique and lookups are exact", "[models]") {
  std::set<std::string_view> names;
  for (const Model& m : all_models()) CHECK(names.insert(m.name).second);
  REQUIRE(find_model("fun-asr-realtime"));
  CHECK(find_model("fun-asr-realtime")->family == Family::kDuplex);
  CHECK(find_model("qwen3-asr-flash-realtime")->family == Family::kRealtime);
  CHECK(find_model("fun-asr") == nullptr);
  CHECK(find_model("FUN-ASR-REALTIME") == nullptr);
}

TEST_CASE("model table: aliases point at listed snapshots", "[models]") {
  for (const Model& m : all_models()) {
    if (m.alias_of.empty()) continue;
    const Model* target = find_model(m.alias_of);
    INFO(m.name);
    REQUIRE(target);
    CHECK(target->family == m.family);
    CHECK(target->sample_rates == m.sample_rates);
  }
}

TEST_CASE("model table: telephone-band audio goes out at 8 kHz where the model takes it",
          "[models]") {
  const Model& qwen = *find_model("qwen3-asr-flash-realtime");
  CHECK(qwen.send_rate_for(8000) == 8000);
  CHECK(qwen.send_rate_for(6000) == 8000);
  CHECK(qwen.send_rate_for(11025) == 16000);
  CHECK(qwen.send_rate_for(48000) == 16000);
  CHECK(qwen.send_rate_for(0) == 16000);  // unknown: the default
  // paraformer-realtime-v2 lists 8 kHz among others.
  CHECK(find_model("paraformer-realtime-v2")->send_rate_for(8000) == 8000);
  // A model without 8 kHz upsamples; an 8 kHz-only model always gets 8 kHz.
  CHECK(find_model("fun-asr-realtime")->send_rate_for(8000) == 16000);
  CHECK(find_model("paraformer-realtime-8k-v2")->send_rate_for(48000) == 8000);
}

TEST_CASE("model table: sample rates and limits follow the vendor tables", "[models]") {
  CHECK(find_model("fun-asr-realtime")->default_sample_rate() == 16000);
  CHECK(find_model("fun-asr-flash-8k-realtime")->default_sample_rate() == 8000);
  CHECK(find_model("paraformer-realtime-8k-v2")->default_sample_rate() == 8000);
  CHECK(find_model("paraformer-realtime-8k-v2")->has(kEmotion));
  CHECK_FALSE(find_model("paraformer-realtime-v2")->has(kEmotion));
  CHECK(find_model("gummy-realtime-v1")->requests_per_second == 10);
  CHECK(find_model("gummy-chat-v1")->max_audio_seconds == 60);
  CHECK(find_model("gummy-chat-v1")->has(kOneSentence));
  CHECK(find_model("qwen3-asr-flash-realtime")->has(kServerVad));
  CHECK_FALSE(find_model("paraformer-realtime-v1")->has(kHeartbeat));
  CHECK(find_model("paraformer-realtime-v1")->language_param == LanguageParam::kNone);
  // Only Fun-ASR and Qwen are offered in Singapore.
  for (const Model& m : all_models()) {
    if (m.singapore) {
      INFO(m.name);
      CHECK((m.name.substr(0, 7) == "fun-asr" || m.name.substr(0, 4) == "qwen"));
    }
  }
}

TEST_CASE("model table: every feature has a name", "[models]") {
  for (Feature f : all_features()) CHECK(feature_name(f) != "?");
  CHECK(all_features().size() == 20);
}

TEST_CASE("model table: run-task context only on the Fun-ASR models that take it", "[models]") {
  // protocol.md §2.6: fun-asr-realtime and fun-asr-realtime-2025-11-07 only.
  std::vector<std::string_view> with;
  for (const Model& m : all_models()) {
    if (m.has(kInputContext)) with.push_back(m.name);
  }
  CHECK(with == std::vector<std::string_view>{"fun-asr-realtime", "fun-asr-realtime-2025-11-07"});
  // Qwen's corpus text is a different feature.
  CHECK(find_model("qwen3-asr-flash-realtime")->has(kContext));
  CHECK_FALSE(find_model("qwen3-asr-flash-realtime")->has(kInputContext));
  CHECK_FALSE(find_model("fun-asr-realtime")->has(kContext));
}

TEST_CASE("model table: only Gummy can turn transcription off", "[models]") {
  for (const Model& m : all_models()) {
    INFO(m.name);
    CHECK(m.has(kTranscriptionToggle) == (m.name.substr(0, 5) == "gummy"));
    CHECK(m.has(kTranscriptionToggle) == m.has(kTranslation));
  }
}

TEST_CASE("model table: languages as the seeds list them, other sources' codes disputed",
          "[models]") {
  // Seed 000: Gummy recognises 21 languages, and its Java example uses source_language auto.
  for (std::string_view name : {"gummy-realtime-v1", "gummy-chat-v1"}) {
    INFO(name);
    const Model& g = *find_model(name);
    CHECK(g.languages.size() == 22);
    for (std::string_view code :
         {"auto", "zh", "en", "ja", "ko", "fr", "de", "es", "it", "ru", "yue",
          "pt",   "id", "ar", "th", "hi", "da", "ur", "tr", "nl", "ms", "vi"}) {
      CHECK(accepts_language(g, code));
      CHECK_FALSE(is_disputed_language(g, code));
    }
    CHECK_FALSE(accepts_language(g, "xx"));
    // Its SDK sends these; the seed's table does not confirm two of them.
    CHECK(g.has(kPhrase));
    CHECK_FALSE(g.disputed(kPhrase));
    CHECK(g.disputed(kSemanticPunctuation));
    CHECK(g.disputed(kDisfluencyRemoval));
  }
  // Seed 000/003: Fun-ASR is Chinese, English and Japanese; [DOC-FUN-C]'s longer hint list is
  // accepted with a warning.
  const Model& fun = *find_model("fun-asr-realtime");
  CHECK(fun.languages == std::vector<std::string_view>{"zh", "en", "ja"});
  CHECK(is_disputed_language(fun, "ko"));
  CHECK(accepts_language(fun, "ko"));
  // Only paraformer-realtime-v2 uses a whole language_hints list.
  for (const Model& m : all_models()) {
    INFO(m.name);
    CHECK(m.language_list == (m.name == "paraformer-realtime-v2"));
    CHECK_FALSE(m.sources.empty());
  }
  // Seed 000: emotion recognition, on by default, can be turned off.
  CHECK(find_model("paraformer-realtime-8k-v2")->has(kEmotionToggle));
  CHECK_FALSE(find_model("paraformer-realtime-8k-v1")->has(kEmotionToggle));
}

TEST_CASE("model table: Qwen-Omni is a realtime model prompted to transcribe", "[models]") {
  for (std::string_view name : {"qwen3-omni-flash-realtime", "qwen3-omni-flash-realtime-2025-12-01",
                                "qwen3-omni-flash-realtime-2025-09-15"}) {
    INFO(name);
    const Model* m = find_model(name);
    REQUIRE(m);
    CHECK(m->family == Family::kRealtime);
    CHECK(m->has(kPrompt));
    CHECK(m->has(kServerVad));
    CHECK(m->sample_rates == std::vector<int>{16000});
    CHECK(m->language_param == LanguageParam::kNone);
  }
  // Only Omni takes a prompt.
  for (const Model& m : all_models()) {
    INFO(m.name);
    CHECK(m.has(kPrompt) == (m.name.find("omni") != std::string_view::npos));
  }
}
