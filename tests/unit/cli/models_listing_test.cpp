#include "cli/models_listing.h"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "protocol/models.h"
#include "util/json.h"

namespace dsasr::cli {
namespace {

TEST_CASE("the text listing has a block per model", "[models_listing]") {
  std::string text = models_text();
  for (const protocol::Model& m : protocol::all_models()) {
    INFO(m.name);
    CHECK(text.find(std::string(m.name) + "  (" + std::string(protocol::to_string(m.family)) +
                    ")") != std::string::npos);
  }
  CHECK(text.find("fun-asr-realtime  (duplex)  = fun-asr-realtime-2025-11-07\n") !=
        std::string::npos);
  // Long language lists are abbreviated, short ones are not.
  CHECK(text.find("  languages:    auto zh en ja ko fr de es it ru ... (22 in all)\n") !=
        std::string::npos);
  // Codes only another source lists, and where every entry comes from.
  CHECK(text.find("  also passed:  ko vi th id ms tl hi ar fr de es pt ru it nl sv da fi no el "
                  "pl cs hu ro bg hr sk\n                (other sources; with a warning)\n") !=
        std::string::npos);
  CHECK(text.find("  sources:      seed 000 (model comparison table, Java example sourceLanguage "
                  "auto); protocol.md\n") != std::string::npos);
  CHECK(text.find("  unconfirmed:  semantic-punctuation, disfluency-removal (the SDK sends "
                  "them") != std::string::npos);
  CHECK(text.find("  languages:    zh en\n") != std::string::npos);
  CHECK(text.find("  sample rates: 8000 Hz (dsasr sends 8000)\n") != std::string::npos);
  CHECK(text.find("  limit:        10 requests/s, at most 60 s of audio per task\n") !=
        std::string::npos);
  CHECK(text.find("  regions:      beijing, singapore\n") != std::string::npos);
  CHECK(text.find("  features:     vocabulary, phrase, semantic-punctuation, disfluency-removal, "
                  "translation,\n                end-silence, transcription-toggle\n") !=
        std::string::npos);
  // What each model accepts, as options.
  CHECK(text.find("  options:      --language --vocabulary-id --hotwords --phrase-id "
                  "--semantic-punctuation\n                --max-sentence-silence "
                  "--disfluency-removal --translate-to --no-transcription\n") != std::string::npos);
  CHECK(text.find("  options:      --language --context --vad-threshold --vad-silence "
                  "--vad-prefix-padding\n                --manual-commit\n") != std::string::npos);
  CHECK(text.find("  options:      -\n") == std::string::npos);
  CHECK(text.find("  features:     vocabulary, semantic-punctuation, sentence-silence, "
                  "multi-threshold,\n                disfluency-removal, heartbeat, "
                  "noise-threshold\n") != std::string::npos);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    CHECK(end - pos <= 100);
    pos = end + 1;
  }
}

TEST_CASE("the JSON listing is an array with every model and every language", "[models_listing]") {
  std::string json = models_json();
  REQUIRE(json.back() == '\n');
  rapidjson::Document doc;
  REQUIRE(util::json::parse(std::string_view(json).substr(0, json.size() - 1), doc));
  REQUIRE(doc.IsArray());
  REQUIRE(doc.Size() == protocol::all_models().size());
  const rapidjson::Value& first = doc[0];
  CHECK(*util::json::get_string(first, "name") == "fun-asr-realtime");
  CHECK(*util::json::get_string(first, "family") == "duplex");
  CHECK(*util::json::get_string(first, "alias_of") == "fun-asr-realtime-2025-11-07");
  CHECK(*util::json::get_string(first, "language_parameter") == "language_hints");
  CHECK(first["languages"].Size() == 3);
  CHECK(first["disputed_languages"].Size() == 27);
  CHECK(first["language_list"].IsFalse());
  CHECK(util::json::get_string(first, "sources")->find("seed 000") == 0);
  CHECK(first["sample_rates_hz"][0].GetInt() == 16000);
  CHECK(*util::json::get_int(first, "requests_per_second") == 20);
  CHECK(first["max_audio_seconds"].IsNull());
  CHECK(first["regions"].Size() == 2);
  CHECK(std::string(first["features"][0].GetString()) == "vocabulary");
  std::vector<std::string> options;
  for (const auto& o : first["options"].GetArray()) options.emplace_back(o.GetString());
  CHECK(std::find(options.begin(), options.end(), "--context") != options.end());
  CHECK(std::find(options.begin(), options.end(), "--translate-to") == options.end());
  CHECK(std::find(options.begin(), options.end(), "--format") == options.end());
}

}  // namespace
}  // namespace dsasr::cli
