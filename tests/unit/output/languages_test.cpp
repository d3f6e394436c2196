#include "output/languages.h"

#include <catch2/catch.hpp>

#include "output/jsonl_writer.h"
#include "output/sink.h"
#include "output/srt_writer.h"
#include "output/text_writer.h"
#include "output/vtt_writer.h"
#include "sentences.h"

using namespace dsasr::output;
using dsasr::protocol::Sentence;
using dsasr::protocol::Word;

namespace {

// A Gummy sentence with transcription and an English translation.
Sentence bilingual() {
  Sentence s = testing::chinese(0, 1000, {"今天", "天气|，", "很好|。"}, 400);
  s.translations["en"] = "The weather is nice today.";
  return s;
}

// A Gummy sentence of a translation-only task: no text, the translation's own words.
Sentence translation_only() {
  Sentence s;
  s.sentence_id = 0;
  s.begin_ms = 500;
  s.end_ms = 2500;
  s.translations["en"] = "Hello there.";
  s.words = {{500, 1400, "Hello", ""}, {1500, 2500, "there", "."}};
  return s;
}

WriterOptions with_languages(Format f, CaptionLanguages which) {
  WriterOptions o;
  o.format = f;
  o.languages = which;
  return o;
}

}  // namespace

TEST_CASE("shown_sentence: both keeps the sentence as it is", "[languages]") {
  const Sentence s = bilingual();
  const Sentence shown = shown_sentence(s, CaptionLanguages::kBoth);
  CHECK(shown.text == s.text);
  CHECK(shown.translations == s.translations);
  CHECK(shown.words.size() == s.words.size());
}

TEST_CASE("shown_sentence: source drops the translations", "[languages]") {
  const Sentence shown = shown_sentence(bilingual(), CaptionLanguages::kSource);
  CHECK(shown.text == "今天天气，很好。");
  CHECK(shown.translations.empty());
  CHECK(shown.words.size() == 3);
}

TEST_CASE("shown_sentence: target shows the translation without the source's words",
          "[languages]") {
  const Sentence shown = shown_sentence(bilingual(), CaptionLanguages::kTarget);
  CHECK(shown.text == "The weather is nice today.");
  CHECK(shown.translations.empty());
  CHECK(shown.words.empty());
  CHECK(shown.begin_ms == 1000);
  CHECK(shown.end_ms == bilingual().end_ms);
}

TEST_CASE("shown_sentence: target without a translation falls back to the source", "[languages]") {
  Sentence s = bilingual();
  s.translations.clear();
  const Sentence shown = shown_sentence(s, CaptionLanguages::kTarget);
  CHECK(shown.text == s.text);
  CHECK(shown.words.size() == 3);
}

TEST_CASE("shown_sentence: a translation-only sentence shows its translation in every mode",
          "[languages]") {
  for (CaptionLanguages which :
       {CaptionLanguages::kBoth, CaptionLanguages::kSource, CaptionLanguages::kTarget}) {
    const Sentence shown = shown_sentence(translation_only(), which);
    CHECK(shown.text == "Hello there.");
    CHECK(shown.translations.empty());  // not shown twice
    CHECK(shown.words.size() == 2);     // the translation's own words
  }
}

TEST_CASE("with_text: jsonl keeps translations and fills a missing text", "[languages]") {
  const Sentence filled = with_text(translation_only());
  CHECK(filled.text == "Hello there.");
  CHECK(filled.translations.at("en") == "Hello there.");
  const Sentence untouched = with_text(bilingual());
  CHECK(untouched.text == bilingual().text);
  Sentence nothing;
  CHECK(with_text(nothing).text.empty());
}

TEST_CASE("text writer: caption languages choose the lines", "[languages][text_writer]") {
  const std::pair<CaptionLanguages, std::string> cases[] = {
      {CaptionLanguages::kBoth, "今天天气，很好。\nThe weather is nice today.\n"},
      {CaptionLanguages::kSource, "今天天气，很好。\n"},
      {CaptionLanguages::kTarget, "The weather is nice today.\n"},
  };
  for (const auto& [which, expected] : cases) {
    MemorySink sink;
    TextWriter w(with_languages(Format::kText, which), sink);
    w.final(bilingual(), "t");
    CHECK(sink.data() == expected);
  }
}

TEST_CASE("text writer: a translation-only sentence is one line", "[languages][text_writer]") {
  MemorySink sink;
  TextWriter w({}, sink);
  w.final(translation_only(), "t");
  CHECK(sink.data() == "Hello there.\n");
}

TEST_CASE("text writer: a live partial of a translation-only task shows the translation",
          "[languages][text_writer]") {
  MemorySink sink;
  WriterOptions o;
  o.live_partials = true;
  o.terminal_columns = 80;
  TextWriter w(o, sink);
  Sentence p = translation_only();
  p.end_ms.reset();
  p.translations["en"] = "Hello";
  w.partial(p, "t");
  CHECK(sink.data() == "\r\033[KHello");
}

TEST_CASE("srt writer: target captions hold only the translation, timed by the sentence",
          "[languages][srt_writer]") {
  MemorySink sink;
  SrtWriter w(with_languages(Format::kSrt, CaptionLanguages::kTarget), sink);
  w.final(bilingual(), "t");
  CHECK(sink.data() == "1\n00:00:01,000 --> 00:00:02,200\nThe weather is nice today.\n\n");
}

TEST_CASE("srt writer: source captions hold only the transcription", "[languages][srt_writer]") {
  MemorySink sink;
  SrtWriter w(with_languages(Format::kSrt, CaptionLanguages::kSource), sink);
  w.final(bilingual(), "t");
  CHECK(sink.data() == "1\n00:00:01,000 --> 00:00:02,200\n今天天气，很好。\n\n");
}

TEST_CASE("srt writer: both languages stack the translation under the original",
          "[languages][srt_writer]") {
  MemorySink sink;
  SrtWriter w(with_languages(Format::kSrt, CaptionLanguages::kBoth), sink);
  w.final(bilingual(), "t");
  CHECK(sink.data() ==
        "1\n00:00:01,000 --> 00:00:02,200\n今天天气，很好。\nThe weather is nice today.\n\n");
}

TEST_CASE("vtt writer: a translation-only sentence is timed by the translation's words",
          "[languages][vtt_writer]") {
  MemorySink sink;
  WriterOptions o = with_languages(Format::kVtt, CaptionLanguages::kBoth);
  o.captions.max_line_width = 10;
  o.captions.max_lines = 1;
  VttWriter w(o, sink);
  w.final(translation_only(), "t");
  CHECK(sink.data() ==
        "WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.400\nHello\n\n"
        "2\n00:00:01.500 --> 00:00:02.500\nthere.\n\n");
}

TEST_CASE(
    "jsonl writer: a translation-only final has the translation as text and in "
    "translations",
    "[languages][jsonl_writer]") {
  MemorySink sink;
  WriterOptions o = with_languages(Format::kJsonl, CaptionLanguages::kTarget);
  o.input = "a.wav";
  JsonlWriter w(o, sink);
  w.final(translation_only(), "t");
  CHECK(sink.data() ==
        R"({"type":"final","input":"a.wav","sentence_id":0,"begin_ms":500,"end_ms":2500,)"
        R"("text":"Hello there.","translations":{"en":"Hello there."},"task_id":"t"})"
        "\n");
}

TEST_CASE("jsonl writer: caption languages do not change jsonl", "[languages][jsonl_writer]") {
  MemorySink both_sink;
  MemorySink target_sink;
  JsonlWriter both(with_languages(Format::kJsonl, CaptionLanguages::kBoth), both_sink);
  JsonlWriter target(with_languages(Format::kJsonl, CaptionLanguages::kTarget), target_sink);
  both.final(bilingual(), "t");
  target.final(bilingual(), "t");
  CHECK(both_sink.data() == target_sink.data());
  CHECK_THAT(both_sink.data(), Catch::Contains(R"("text":"今天天气，很好。")") &&
                                   Catch::Contains(R"("en":"The weather is nice today.")"));
}
