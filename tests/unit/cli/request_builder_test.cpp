#include "cli/request_builder.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using protocol::Family;
using protocol::JsonMember;
using Members = std::vector<JsonMember>;

ParsedArgs args_of(std::initializer_list<std::pair<OptionId, std::string>> given) {
  ParsedArgs a;
  a.command = Command::kFile;
  for (const auto& [id, value] : given) a.add(id, value);
  return a;
}

util::Result<protocol::Request> request_for(
    const ParsedArgs& a, const testing::FakeEnvironment& env = testing::FakeEnvironment()) {
  auto choice = choose_model(a);
  if (!choice) return choice.error();
  return build_request(a, *choice, env);
}

std::string error_of(const ParsedArgs& a,
                     const testing::FakeEnvironment& env = testing::FakeEnvironment()) {
  auto r = request_for(a, env);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == util::ErrorKind::kUsage);
  return r.error().message;
}

TEST_CASE("the default model is fun-asr-realtime with no extra parameters", "[request]") {
  auto r = request_for(args_of({}));
  REQUIRE(r.ok());
  CHECK(r->model == "fun-asr-realtime");
  CHECK(r->family == Family::kDuplex);
  CHECK(r->sample_rate_hz == 16000);
  CHECK(r->parameters.empty());
  CHECK_FALSE(r->phrase_id);
}

TEST_CASE("every Fun-ASR option maps to its parameter, in option order", "[request]") {
  // Given in an order unlike the table's: the result follows the table.
  auto r = request_for(args_of({{OptionId::kNoiseThreshold, "0.25"},
                                {OptionId::kHeartbeat, ""},
                                {OptionId::kMaxSentenceSilence, "800"},
                                {OptionId::kDisfluencyRemoval, ""},
                                {OptionId::kVocabularyId, "vocab-1"},
                                {OptionId::kLanguage, "ja"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"language_hints", "[\"ja\"]"},
                                 {"vocabulary_id", "\"vocab-1\""},
                                 {"max_sentence_silence", "800"},
                                 {"disfluency_removal_enabled", "true"},
                                 {"heartbeat", "true"},
                                 {"speech_noise_threshold", "0.25"}});
}

TEST_CASE("Paraformer v2 toggles, phrase id and semantic punctuation", "[request]") {
  auto r = request_for(args_of({{OptionId::kModel, "paraformer-realtime-v2"},
                                {OptionId::kNoItn, ""},
                                {OptionId::kNoPunctuation, ""},
                                {OptionId::kSemanticPunctuation, ""},
                                {OptionId::kPhraseId, "phrase-9"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"semantic_punctuation_enabled", "true"},
                                 {"punctuation_prediction_enabled", "false"},
                                 {"inverse_text_normalization_enabled", "false"}});
  CHECK(r->phrase_id == std::optional<std::string>("phrase-9"));
  CHECK(r->sample_rate_hz == 16000);

  r = request_for(
      args_of({{OptionId::kModel, "paraformer-realtime-v2"}, {OptionId::kMultiThreshold, ""}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"multi_threshold_mode_enabled", "true"}});
}

TEST_CASE("Gummy: source_language, max_end_silence and translation", "[request]") {
  auto r = request_for(args_of({{OptionId::kModel, "gummy-realtime-v1"},
                                {OptionId::kTranslateTo, "en"},
                                {OptionId::kMaxSentenceSilence, "700"},
                                {OptionId::kLanguage, "zh"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"source_language", "\"zh\""},
                                 {"max_end_silence", "700"},
                                 {"translation_enabled", "true"},
                                 {"translation_target_languages", "[\"en\"]"}});
  CHECK(r->translate_to == std::optional<std::string>("en"));
}

TEST_CASE("Qwen realtime: --language goes to the session", "[request]") {
  auto r = request_for(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"},
                                {OptionId::kLanguage, "yue"},
                                {OptionId::kParam, "modalities=[\"text\"]"}}));
  REQUIRE(r.ok());
  CHECK(r->family == Family::kRealtime);
  CHECK(r->parameters.empty());
  CHECK(r->language == std::optional<std::string>("yue"));
  CHECK(r->session_extra == Members{{"modalities", "[\"text\"]"}});
}

TEST_CASE("the sample rate is the model's default", "[request]") {
  auto r = request_for(args_of({{OptionId::kModel, "fun-asr-flash-8k-realtime"}}));
  REQUIRE(r.ok());
  CHECK(r->sample_rate_hz == 8000);
}

TEST_CASE("a --param option appends and replaces a same-named member in place and is compacted",
          "[request]") {
  auto r = request_for(args_of({{OptionId::kHeartbeat, ""},
                                {OptionId::kLanguage, "zh"},
                                {OptionId::kParam, "special_word_filter={ \"a\" : [1, 2] }"},
                                {OptionId::kParam, "language_hints=[\"zh\",\"en\"]"},
                                {OptionId::kParam, "x=1"},
                                {OptionId::kParam, "x=\"two\""}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"language_hints", "[\"zh\",\"en\"]"},
                                 {"heartbeat", "true"},
                                 {"special_word_filter", "{\"a\":[1,2]}"},
                                 {"x", "\"two\""}});
}

TEST_CASE("malformed --param values", "[request]") {
  CHECK(error_of(args_of({{OptionId::kParam, "novalue"}})) ==
        "--param: expected KEY=JSON, got 'novalue'");
  CHECK(error_of(args_of({{OptionId::kParam, "=1"}})) == "--param: expected KEY=JSON, got '=1'");
  CHECK_THAT(error_of(args_of({{OptionId::kParam, "k=abc"}})),
             Catch::StartsWith("--param k: 'abc' is not valid JSON ("));
  CHECK(error_of(args_of({{OptionId::kParam, "sample_rate=8000"}})) ==
        "--param sample_rate: dsasr sets sample_rate itself from the audio it sends");
  CHECK(error_of(args_of({{OptionId::kParam, "format=\"wav\""}})) ==
        "--param format: dsasr sets format itself from the audio it sends");
}

TEST_CASE("an option the model lacks is refused, naming the models that have it", "[request]") {
  CHECK(error_of(args_of({{OptionId::kNoItn, ""}})) ==
        "--no-itn is not supported by fun-asr-realtime (supported by: paraformer-realtime-v2, "
        "paraformer-realtime-8k-v2)");
  CHECK(error_of(
            args_of({{OptionId::kModel, "paraformer-realtime-v1"}, {OptionId::kLanguage, "zh"}})) ==
        "--language is not supported by paraformer-realtime-v1 (supported by: fun-asr-realtime, "
        "fun-asr-realtime-2025-11-07, fun-asr-realtime-2026-02-28, fun-asr-realtime-2025-09-15, "
        "fun-asr-flash-8k-realtime, fun-asr-flash-8k-realtime-2026-01-28, paraformer-realtime-v2, "
        "gummy-realtime-v1, gummy-chat-v1, qwen3-asr-flash-realtime, "
        "qwen3-asr-flash-realtime-2026-02-10, qwen3-asr-flash-realtime-2025-10-27)");
  CHECK(error_of(args_of({{OptionId::kTranslateTo, "en"}})) ==
        "--translate-to is not supported by fun-asr-realtime (supported by: gummy-realtime-v1, "
        "gummy-chat-v1)");
  CHECK_THAT(error_of(args_of(
                 {{OptionId::kModel, "qwen3-asr-flash-realtime"}, {OptionId::kHeartbeat, ""}})),
             Catch::StartsWith("--heartbeat is not supported by qwen3-asr-flash-realtime "
                               "(supported by: fun-asr-realtime,"));
  CHECK_THAT(
      error_of(args_of({{OptionId::kModel, "gummy-chat-v1"}, {OptionId::kNoiseThreshold, "0"}})),
      Catch::StartsWith("--noise-threshold is not supported by gummy-chat-v1"));
}

TEST_CASE("the --language value must be one of the model's languages", "[request]") {
  CHECK(error_of(args_of(
            {{OptionId::kModel, "fun-asr-realtime-2025-09-15"}, {OptionId::kLanguage, "fr"}})) ==
        "--language fr is not supported by fun-asr-realtime-2025-09-15 (languages: zh, en)");
}

TEST_CASE("value ranges", "[request]") {
  CHECK(error_of(args_of({{OptionId::kMaxSentenceSilence, "100"}})) ==
        "--max-sentence-silence: expected a whole number from 200 to 6000, got '100'");
  CHECK(error_of(args_of({{OptionId::kNoiseThreshold, "1.5"}})) ==
        "--noise-threshold: expected a number from -1 to 1, got '1.5'");
  auto r = request_for(args_of({{OptionId::kNoiseThreshold, "-1"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"speech_noise_threshold", "-1.0"}});
}

TEST_CASE("the options --multi-threshold and --semantic-punctuation exclude each other",
          "[request]") {
  CHECK_THAT(
      error_of(args_of({{OptionId::kMultiThreshold, ""}, {OptionId::kSemanticPunctuation, ""}})),
      Catch::StartsWith("--multi-threshold only works with silence-based sentence ends"));
}

TEST_CASE("model and protocol choice", "[request]") {
  CHECK(error_of(args_of({{OptionId::kModel, "fun-asr-realtim"}})) ==
        "unknown model 'fun-asr-realtim': give --protocol duplex or --protocol realtime to use it "
        "anyway (did you mean fun-asr-realtime?)");
  CHECK(error_of(
            args_of({{OptionId::kModel, "fun-asr-realtime"}, {OptionId::kProtocol, "realtime"}})) ==
        "--protocol realtime does not match fun-asr-realtime, which uses the duplex protocol");
  CHECK(error_of(args_of({{OptionId::kProtocol, "http"}})) ==
        "--protocol: expected duplex or realtime, got 'http'");

  auto a = args_of({{OptionId::kModel, "fun-asr-realtime"}, {OptionId::kProtocol, "duplex"}});
  CHECK(request_for(a).ok());

  // An unlisted model: its family's options are allowed, unchecked.
  auto r = request_for(args_of({{OptionId::kModel, "fun-asr-realtime-2027-01-01"},
                                {OptionId::kProtocol, "duplex"},
                                {OptionId::kLanguage, "xx"},
                                {OptionId::kNoItn, ""}}));
  REQUIRE(r.ok());
  CHECK(r->family == Family::kDuplex);
  CHECK(r->sample_rate_hz == 16000);
  CHECK(r->parameters ==
        Members{{"language_hints", "[\"xx\"]"}, {"inverse_text_normalization_enabled", "false"}});

  r = request_for(args_of({{OptionId::kModel, "qwen4-asr"},
                           {OptionId::kProtocol, "realtime"},
                           {OptionId::kLanguage, "en"}}));
  REQUIRE(r.ok());
  CHECK(r->language == std::optional<std::string>("en"));
  CHECK(error_of(args_of({{OptionId::kModel, "qwen4-asr"},
                          {OptionId::kProtocol, "realtime"},
                          {OptionId::kNoItn, ""}})) ==
        "--no-itn is not available with the realtime protocol");
}

TEST_CASE("Qwen realtime: context, VAD settings and manual commit fill the session", "[request]") {
  auto r = request_for(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"},
                                {OptionId::kContext, "Qwen, DashScope"},
                                {OptionId::kVadThreshold, "-0.25"},
                                {OptionId::kVadPrefixPadding, "0"},
                                {OptionId::kVadSilence, "400"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters.empty());
  CHECK(r->corpus_text == std::optional<std::string>("Qwen, DashScope"));
  CHECK(r->vad_threshold == -0.25);
  CHECK(r->vad_prefix_padding_ms == 0);
  CHECK(r->vad_silence_ms == 400);
  CHECK_FALSE(r->manual_commit);
  CHECK_FALSE(r->language);

  r = request_for(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime-2026-02-10"},
                           {OptionId::kManualCommit, ""},
                           {OptionId::kParam, "turn_detection=null"}}));
  REQUIRE(r.ok());
  CHECK(r->manual_commit);
  // Unset: the values both official SDKs send.
  CHECK(r->vad_threshold == 0.2);
  CHECK(r->vad_prefix_padding_ms == 300);
  CHECK(r->vad_silence_ms == 800);
  CHECK(r->session_extra == Members{{"turn_detection", "null"}});
}

TEST_CASE("Qwen options are refused on other models and checked for range", "[request]") {
  CHECK(error_of(
            args_of({{OptionId::kModel, "paraformer-realtime-v2"}, {OptionId::kContext, "x"}})) ==
        "--context is not supported by paraformer-realtime-v2 (supported by: fun-asr-realtime, "
        "fun-asr-realtime-2025-11-07, qwen3-asr-flash-realtime, "
        "qwen3-asr-flash-realtime-2026-02-10, qwen3-asr-flash-realtime-2025-10-27, "
        "qwen3-omni-flash-realtime, qwen3-omni-flash-realtime-2025-12-01, "
        "qwen3-omni-flash-realtime-2025-09-15)");
  for (OptionId id : {OptionId::kVadThreshold, OptionId::kVadSilence, OptionId::kManualCommit}) {
    INFO(option(id).long_flag());
    CHECK_THAT(
        error_of(args_of({{OptionId::kModel, "gummy-realtime-v1"}, {id, "1"}})),
        Catch::StartsWith(option(id).long_flag() + " is not supported by gummy-realtime-v1"));
  }
  const std::pair<OptionId, std::string> qwen{OptionId::kModel, "qwen3-asr-flash-realtime"};
  CHECK(error_of(args_of({qwen, {OptionId::kVadThreshold, "1.5"}})) ==
        "--vad-threshold: expected a number from -1 to 1, got '1.5'");
  CHECK(error_of(args_of({qwen, {OptionId::kVadThreshold, "nan"}})) ==
        "--vad-threshold: expected a number from -1 to 1, got 'nan'");
  CHECK(error_of(args_of({qwen, {OptionId::kVadSilence, "199"}})) ==
        "--vad-silence: expected a whole number from 200 to 6000, got '199'");
  CHECK(error_of(args_of({qwen, {OptionId::kVadSilence, "6001"}})) ==
        "--vad-silence: expected a whole number from 200 to 6000, got '6001'");
  CHECK(error_of(args_of({qwen, {OptionId::kManualCommit, ""}, {OptionId::kVadSilence, "800"}})) ==
        "--vad-silence sets the service's voice detection, which --manual-commit turns off; "
        "leave out one of them");
  CHECK_THAT(
      error_of(args_of({qwen, {OptionId::kManualCommit, ""}, {OptionId::kVadThreshold, "0"}})),
      Catch::StartsWith("--vad-threshold sets the service's voice detection"));
  CHECK(error_of(args_of({qwen, {OptionId::kLanguage, "xx"}})) ==
        "--language xx is not supported by qwen3-asr-flash-realtime (languages: zh, yue, en, ja, "
        "de, ko, ru, fr, pt, ar, it, es, hi, id, th, tr, uk, vi, cs, da, fil, fi, is, ms, no, pl, "
        "sv)");
  CHECK(error_of(args_of({qwen, {OptionId::kParam, "input_audio_format=\"opus\""}})) ==
        "--param input_audio_format: dsasr sets input_audio_format itself from the audio it sends");
  // An unlisted realtime model takes the Qwen options.
  auto r = request_for(args_of({{OptionId::kModel, "qwen9-asr"},
                                {OptionId::kProtocol, "realtime"},
                                {OptionId::kManualCommit, ""},
                                {OptionId::kContext, "c"}}));
  REQUIRE(r.ok());
  CHECK(r->manual_commit);
}

TEST_CASE("the context option reads @FILE and its errors name the file", "[request]") {
  testing::FakeEnvironment env;
  env.files["notes.txt"] = "术语: 通义千问\nQwen\n\n";
  env.files["empty.txt"] = " \n";
  env.files["latin1.txt"] = "caf\xe9";
  env.unreadable["secret.txt"] = "Permission denied";
  env.directories.insert("dir");
  const std::pair<OptionId, std::string> qwen{OptionId::kModel, "qwen3-asr-flash-realtime"};

  auto r = request_for(args_of({qwen, {OptionId::kContext, "@notes.txt"}}), env);
  REQUIRE(r.ok());
  CHECK(r->corpus_text == std::optional<std::string>("术语: 通义千问\nQwen"));
  CHECK(env.reads == std::vector<std::string>{"notes.txt"});

  CHECK(error_of(args_of({qwen, {OptionId::kContext, "@missing.txt"}}), env) ==
        "--context @missing.txt: No such file or directory");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, "@secret.txt"}}), env) ==
        "--context @secret.txt: Permission denied");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, "@dir"}}), env) ==
        "--context @dir: dir is a directory");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, "@empty.txt"}}), env) ==
        "--context @empty.txt: the file is empty");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, "@latin1.txt"}}), env) ==
        "--context @latin1.txt: the file is not valid UTF-8 text");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, "@"}}), env) ==
        "--context @: no file name after '@'");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, ""}}), env) ==
        "--context: the value is empty");
  CHECK(error_of(args_of({qwen, {OptionId::kContext, "\xff"}}), env) ==
        "--context: the text is not valid UTF-8");
  // Text is taken as it is, white space included.
  r = request_for(args_of({qwen, {OptionId::kContext, " a b \n"}}), env);
  REQUIRE(r.ok());
  CHECK(r->corpus_text == std::optional<std::string>(" a b \n"));
}

TEST_CASE("Fun-ASR context goes to run-task input, not to the corpus", "[request]") {
  testing::FakeEnvironment env;
  env.files["terms.txt"] = "通义千问, DashScope\n";
  for (const char* model : {"fun-asr-realtime", "fun-asr-realtime-2025-11-07"}) {
    INFO(model);
    auto r =
        request_for(args_of({{OptionId::kModel, model}, {OptionId::kContext, "@terms.txt"}}), env);
    REQUIRE(r.ok());
    CHECK(r->input_context == std::optional<std::string>("通义千问, DashScope"));
    CHECK_FALSE(r->corpus_text);
    CHECK(r->parameters.empty());
  }
  // The other Fun-ASR snapshots do not take it.
  CHECK_THAT(error_of(args_of(
                 {{OptionId::kModel, "fun-asr-realtime-2025-09-15"}, {OptionId::kContext, "x"}})),
             Catch::StartsWith("--context is not supported by fun-asr-realtime-2025-09-15"));
  // An unlisted duplex model may take it (a listed duplex model does).
  auto r = request_for(args_of({{OptionId::kModel, "fun-asr-realtime-2099-01-01"},
                                {OptionId::kProtocol, "duplex"},
                                {OptionId::kContext, "c"}}));
  REQUIRE(r.ok());
  CHECK(r->input_context == std::optional<std::string>("c"));
}

TEST_CASE("Fun-ASR context is limited to 400 characters, counted as code points", "[request]") {
  std::string chinese;
  for (int i = 0; i < 400; ++i) chinese += "字";  // 1200 bytes, 400 characters
  auto r = request_for(args_of({{OptionId::kContext, chinese}}));
  REQUIRE(r.ok());
  CHECK(r->input_context == std::optional<std::string>(chinese));
  CHECK(error_of(args_of({{OptionId::kContext, chinese + "a"}})) ==
        "--context: 401 characters; fun-asr-realtime uses at most 400 characters of context");
  // Qwen's corpus text has no such limit here.
  r = request_for(args_of(
      {{OptionId::kModel, "qwen3-asr-flash-realtime"}, {OptionId::kContext, chinese + chinese}}));
  REQUIRE(r.ok());
  CHECK(r->corpus_text->size() == 2400);
  CHECK_FALSE(r->input_context);
}

TEST_CASE("Gummy --no-transcription needs --translate-to and turns transcription off",
          "[request]") {
  for (const char* model : {"gummy-realtime-v1", "gummy-chat-v1"}) {
    INFO(model);
    auto r = request_for(args_of({{OptionId::kNoTranscription, ""},
                                  {OptionId::kModel, model},
                                  {OptionId::kTranslateTo, "en"}}));
    REQUIRE(r.ok());
    CHECK(r->parameters == Members{{"translation_enabled", "true"},
                                   {"translation_target_languages", "[\"en\"]"},
                                   {"transcription_enabled", "false"}});
    CHECK(r->translate_to == std::optional<std::string>("en"));
    CHECK(error_of(args_of({{OptionId::kModel, model}, {OptionId::kNoTranscription, ""}})) ==
          "--no-transcription needs --translate-to");
  }
  CHECK(error_of(args_of({{OptionId::kNoTranscription, ""}})) ==
        "--no-transcription is not supported by fun-asr-realtime (supported by: "
        "gummy-realtime-v1, gummy-chat-v1)");
  CHECK_THAT(error_of(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"},
                               {OptionId::kNoTranscription, ""}})),
             Catch::StartsWith("--no-transcription is not supported by qwen3-asr-flash-realtime"));
}

TEST_CASE("Gummy -l sets source_language: the seed's 21 languages and auto", "[request]") {
  for (const char* model : {"gummy-chat-v1", "gummy-realtime-v1"}) {
    INFO(model);
    for (const char* code : {"pt", "auto", "ur", "da"}) {
      auto r = request_for(args_of({{OptionId::kModel, model}, {OptionId::kLanguage, code}}));
      REQUIRE(r.ok());
      CHECK(r->parameters == Members{{"source_language", "\"" + std::string(code) + "\""}});
      CHECK(r->warnings.empty());
    }
  }
  CHECK_THAT(
      error_of(args_of({{OptionId::kModel, "gummy-realtime-v1"}, {OptionId::kLanguage, "sv"}})),
      Catch::StartsWith("--language sv is not supported by gummy-realtime-v1"));
  // One source language only.
  CHECK_THAT(error_of(args_of({{OptionId::kModel, "gummy-realtime-v1"},
                               {OptionId::kLanguage, "zh"},
                               {OptionId::kLanguage, "en"}})),
             Catch::StartsWith("--language is given 2 times, but gummy-realtime-v1 takes one"));
}

TEST_CASE("several -l become language_hints where the model takes a list", "[request]") {
  auto r = request_for(args_of({{OptionId::kModel, "paraformer-realtime-v2"},
                                {OptionId::kLanguage, "zh"},
                                {OptionId::kLanguage, "en"},
                                {OptionId::kLanguage, "zh"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"language_hints", R"(["zh","en"])"}});
  CHECK(r->warnings.empty());
  // Fun-ASR takes the list but uses its first entry: sent, with a warning.
  r = request_for(
      args_of({{OptionId::kLanguage, "zh"}, {OptionId::kLanguage, "en"}}));  // fun-asr-realtime
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"language_hints", R"(["zh","en"])"}});
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::Contains("uses only the first"));
  CHECK_THAT(error_of(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"},
                               {OptionId::kLanguage, "zh"},
                               {OptionId::kLanguage, "en"}})),
             Catch::StartsWith("--language is given 2 times"));
}

TEST_CASE("where sources disagree, accept and pass through with a warning", "[request]") {
  // Seed 000 lists zh, en, ja for Fun-ASR; [DOC-FUN-C] lists 27 more hints.
  auto r = request_for(args_of({{OptionId::kLanguage, "ko"}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"language_hints", R"(["ko"])"}});
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::StartsWith("--language ko: passed to fun-asr-realtime"));
  r = request_for(args_of({{OptionId::kLanguage, "ja"}}));
  REQUIRE(r.ok());
  CHECK(r->warnings.empty());
  // Gummy: what its SDK sends; the phrase id is plain, the other two warned about.
  r = request_for(args_of({{OptionId::kModel, "gummy-realtime-v1"},
                           {OptionId::kPhraseId, "phrase-1"},
                           {OptionId::kSemanticPunctuation, ""},
                           {OptionId::kDisfluencyRemoval, ""}}));
  REQUIRE(r.ok());
  CHECK(r->phrase_id == std::optional<std::string>("phrase-1"));
  CHECK(r->parameters ==
        Members{{"semantic_punctuation_enabled", "true"}, {"disfluency_removal_enabled", "true"}});
  REQUIRE(r->warnings.size() == 2);
  CHECK_THAT(r->warnings[0], Catch::StartsWith("--semantic-punctuation is sent to gummy"));
  CHECK_THAT(r->warnings[1], Catch::StartsWith("--disfluency-removal is sent to gummy"));
}

TEST_CASE("no emotion: --no-emotion on paraformer-realtime-8k-v2 turns on semantic sentence ends",
          "[request]") {
  auto r = request_for(
      args_of({{OptionId::kModel, "paraformer-realtime-8k-v2"}, {OptionId::kNoEmotion, ""}}));
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"semantic_punctuation_enabled", "true"}});
  CHECK_THAT(
      error_of(args_of({{OptionId::kModel, "paraformer-realtime-v2"}, {OptionId::kNoEmotion, ""}})),
      Catch::StartsWith("--no-emotion is not supported by paraformer-realtime-v2"));
  CHECK_THAT(error_of(args_of({{OptionId::kModel, "paraformer-realtime-8k-v2"},
                               {OptionId::kNoEmotion, ""},
                               {OptionId::kMultiThreshold, ""}})),
             Catch::StartsWith("--no-emotion turns on semantic sentence ends"));
}

TEST_CASE("VAD prefix padding: range, and not with --manual-commit", "[request]") {
  CHECK_THAT(error_of(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"},
                               {OptionId::kVadPrefixPadding, "7000"}})),
             Catch::StartsWith("--vad-prefix-padding"));
  CHECK_THAT(error_of(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"},
                               {OptionId::kManualCommit, ""},
                               {OptionId::kVadPrefixPadding, "100"}})),
             Catch::StartsWith("--vad-prefix-padding sets the service's voice detection"));
}

TEST_CASE("supports_option follows the model table", "[request]") {
  const protocol::Model& fun = *protocol::find_model("fun-asr-realtime");
  const protocol::Model& gummy = *protocol::find_model("gummy-chat-v1");
  const protocol::Model& p1 = *protocol::find_model("paraformer-realtime-v1");
  CHECK(supports_option(option(OptionId::kContext), fun));
  CHECK_FALSE(supports_option(option(OptionId::kContext), gummy));
  CHECK(supports_option(option(OptionId::kNoTranscription), gummy));
  CHECK(supports_option(option(OptionId::kLanguage), gummy));
  CHECK_FALSE(supports_option(option(OptionId::kLanguage), p1));
  CHECK(supports_option(option(OptionId::kFormat), p1));  // not model-specific
}

TEST_CASE("mic turns heartbeat on where the model has it, unless --no-heartbeat", "[request]") {
  ParsedArgs mic = args_of({});
  mic.command = Command::kMic;
  auto r = request_for(mic);
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"heartbeat", "true"}});

  mic.add(OptionId::kLanguage, "zh");
  r = request_for(mic);
  REQUIRE(r.ok());
  CHECK(r->parameters == Members{{"language_hints", "[\"zh\"]"}, {"heartbeat", "true"}});

  ParsedArgs off = args_of({{OptionId::kNoHeartbeat, ""}});
  off.command = Command::kMic;
  r = request_for(off);
  REQUIRE(r.ok());
  CHECK(r->parameters.empty());

  // Models without the feature, and models dsasr does not list, get no heartbeat.
  for (auto model :
       {std::vector<std::pair<OptionId, std::string>>{{OptionId::kModel, "gummy-realtime-v1"}},
        std::vector<std::pair<OptionId, std::string>>{
            {OptionId::kModel, "qwen3-asr-flash-realtime"}},
        std::vector<std::pair<OptionId, std::string>>{{OptionId::kModel, "fun-asr-x"},
                                                      {OptionId::kProtocol, "duplex"}}}) {
    ParsedArgs a;
    a.command = Command::kMic;
    for (const auto& [id, v] : model) a.add(id, v);
    r = request_for(a);
    REQUIRE(r.ok());
    CHECK(r->parameters.empty());
    // --no-heartbeat is accepted whatever the model.
    a.add(OptionId::kNoHeartbeat);
    CHECK(request_for(a).ok());
  }

  // file: off unless asked for.
  r = request_for(args_of({}));
  REQUIRE(r.ok());
  CHECK(r->parameters.empty());

  ParsedArgs both = args_of({{OptionId::kHeartbeat, ""}, {OptionId::kNoHeartbeat, ""}});
  both.command = Command::kMic;
  CHECK(error_of(both) == "--heartbeat and --no-heartbeat cannot be used together");
}

TEST_CASE("region availability", "[request]") {
  auto a = args_of({{OptionId::kModel, "gummy-realtime-v1"}});
  auto choice = choose_model(a);
  REQUIRE(choice.ok());
  CHECK(check_region(*choice, Region::kBeijing).ok());
  auto st = check_region(*choice, Region::kSingapore);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message ==
        "gummy-realtime-v1 is not available in the singapore region (available in: beijing)");
  choice = choose_model(args_of({}));
  REQUIRE(choice.ok());
  CHECK(check_region(*choice, Region::kSingapore).ok());
}

TEST_CASE("Qwen-Omni: the seed's transcription prompt, --prompt replaces it, --context appends",
          "[request]") {
  testing::FakeEnvironment env;
  env.files["prompt.txt"] = "Transcribe the call verbatim.\n";
  const std::pair<OptionId, std::string> omni{OptionId::kModel, "qwen3-omni-flash-realtime"};

  auto r = request_for(args_of({omni}), env);
  REQUIRE(r.ok());
  CHECK(r->family == Family::kRealtime);
  CHECK(r->instructions ==
        std::optional<std::string>("Transcribe the following audio exactly as spoken. Output "
                                   "only the transcription text. Ignore non-speech sounds."));
  CHECK_FALSE(r->corpus_text);

  r = request_for(args_of({omni, {OptionId::kPrompt, "@prompt.txt"}}), env);
  REQUIRE(r.ok());
  CHECK(r->instructions == std::optional<std::string>("Transcribe the call verbatim."));

  r = request_for(args_of({omni,
                           {OptionId::kPrompt, "Write what is said."},
                           {OptionId::kContext, "Bulge Bracket, Boutique"}}),
                  env);
  REQUIRE(r.ok());
  CHECK(r->instructions ==
        std::optional<std::string>("Write what is said.\n\nDomain terms and names that may "
                                   "occur in the audio:\nBulge Bracket, Boutique"));
  CHECK_FALSE(r->corpus_text);

  CHECK(error_of(args_of({omni, {OptionId::kPrompt, "@missing.txt"}}), env) ==
        "--prompt @missing.txt: No such file or directory");
  CHECK(error_of(args_of({omni, {OptionId::kManualCommit, ""}}), env)
            .find("--manual-commit is not supported by qwen3-omni-flash-realtime") == 0);
  // Only Omni takes a prompt; the ASR models keep no instructions.
  CHECK(
      error_of(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"}, {OptionId::kPrompt, "x"}}),
               env)
          .find("--prompt is not supported by qwen3-asr-flash-realtime") == 0);
  r = request_for(args_of({{OptionId::kModel, "qwen3-asr-flash-realtime"}}), env);
  REQUIRE(r.ok());
  CHECK_FALSE(r->instructions);
}

}  // namespace
}  // namespace dsasr::cli
