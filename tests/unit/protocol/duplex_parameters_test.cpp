#include "protocol/duplex_parameters.h"

#include <catch2/catch.hpp>
#include <functional>

using namespace dsasr::protocol;

namespace {

Request with(const std::function<void(Recognition&)>& set) {
  Request r;
  set(r.recognition);
  return r;
}

}  // namespace

TEST_CASE("nothing asked, nothing sent", "[duplex_parameters]") {
  CHECK(duplex_parameters(Request{}, find_model("fun-asr-realtime")).empty());
}

TEST_CASE("languages: a list of hints, or Gummy's one source language", "[duplex_parameters]") {
  Request r = with([](Recognition& x) { x.languages = {"zh", "en"}; });
  CHECK(duplex_parameters(r, find_model("paraformer-realtime-v2")) ==
        std::vector<JsonMember>{{"language_hints", R"(["zh","en"])"}});
  CHECK(duplex_parameters(r, find_model("gummy-realtime-v1")) ==
        std::vector<JsonMember>{{"source_language", R"("zh")"}});
  // A model dsasr does not know gets the duplex default.
  CHECK(duplex_parameters(r, nullptr) ==
        std::vector<JsonMember>{{"language_hints", R"(["zh","en"])"}});
}

TEST_CASE("the sentence-end silence has Gummy's own name", "[duplex_parameters]") {
  Request r = with([](Recognition& x) { x.sentence_silence_ms = 900; });
  CHECK(duplex_parameters(r, find_model("fun-asr-realtime")) ==
        std::vector<JsonMember>{{"max_sentence_silence", "900"}});
  CHECK(duplex_parameters(r, find_model("gummy-realtime-v1")) ==
        std::vector<JsonMember>{{"max_end_silence", "900"}});
}

TEST_CASE("every setting, in the fixed order", "[duplex_parameters]") {
  Request r = with([](Recognition& x) {
    x.languages = {"en"};
    x.vocabulary_id = "vocab-1";
    x.semantic_punctuation = true;
    x.sentence_silence_ms = 400;
    x.multi_threshold = true;
    x.disfluency_removal = true;
    x.punctuation = false;
    x.inverse_text_normalization = false;
    x.heartbeat = true;
    x.noise_threshold = -0.5;
    x.transcription = false;
  });
  r.translate_to = "ja";
  CHECK(duplex_parameters(r, nullptr) == std::vector<JsonMember>{
                                             {"language_hints", R"(["en"])"},
                                             {"vocabulary_id", R"("vocab-1")"},
                                             {"semantic_punctuation_enabled", "true"},
                                             {"max_sentence_silence", "400"},
                                             {"multi_threshold_mode_enabled", "true"},
                                             {"disfluency_removal_enabled", "true"},
                                             {"punctuation_prediction_enabled", "false"},
                                             {"inverse_text_normalization_enabled", "false"},
                                             {"heartbeat", "true"},
                                             {"speech_noise_threshold", "-0.5"},
                                             {"translation_enabled", "true"},
                                             {"translation_target_languages", R"(["ja"])"},
                                             {"transcription_enabled", "false"},
                                         });
}
