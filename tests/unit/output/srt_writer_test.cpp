#include "output/srt_writer.h"

#include <catch2/catch.hpp>

#include "caption_checker.h"
#include "output/sink.h"
#include "sentences.h"

using dsasr::output::MemorySink;
using dsasr::output::SrtWriter;
using dsasr::output::Stats;
using dsasr::output::WriterOptions;
using namespace dsasr::output::testing;

TEST_CASE("srt writes numbered cues as each final arrives", "[srt_writer]") {
  MemorySink sink;
  SrtWriter w({}, sink);
  w.final(english(1, 0, "Hello world.", 500), "t");
  CHECK(sink.data() == "1\n00:00:00,000 --> 00:00:00,950\nHello world.\n\n");
  w.final(english(2, 3'600'000, "Second one.", 1000), "t");
  CHECK(sink.data() ==
        "1\n00:00:00,000 --> 00:00:00,950\nHello world.\n\n"
        "2\n01:00:00,000 --> 01:00:01,950\nSecond one.\n\n");
  CHECK(sink.records().size() == 2);
}

TEST_CASE("srt writes one record per cue, each a valid file prefix", "[srt_writer]") {
  MemorySink sink;
  WriterOptions o;
  o.captions.max_line_width = 10;
  o.captions.max_lines = 1;
  SrtWriter w(o, sink);
  w.final(english(1, 0, "one two three four five six", 300), "t");
  w.final(english(2, 2000, "<i>tags</i> & more", 300), "t");
  REQUIRE(sink.records().size() >= 4);
  std::string prefix;
  for (const std::string& record : sink.records()) {
    prefix += record;
    CHECK(check_captions(prefix, CaptionFormat::kSrt) == "");
  }
  std::vector<ParsedCue> cues;
  REQUIRE(check_captions(sink.data(), CaptionFormat::kSrt, &cues) == "");
  CHECK(cues.front().lines == std::vector<std::string>{"one two"});
  CHECK(cues.back().lines == std::vector<std::string>{"& more"});
}

TEST_CASE("srt with no speech is an empty file", "[srt_writer]") {
  MemorySink sink;
  SrtWriter w({}, sink);
  w.error("X", "y", 5);
  w.stats(Stats{});
  w.finish();
  CHECK(sink.data().empty());
  CHECK(check_captions(sink.data(), CaptionFormat::kSrt) == "");
}

TEST_CASE("srt ignores partials", "[srt_writer]") {
  MemorySink sink;
  SrtWriter w({}, sink);
  auto s = english(1, 0, "Partial text", 100);
  s.end_ms.reset();
  w.partial(s, "t");
  CHECK(sink.data().empty());
}

TEST_CASE("srt cues stay ordered across sentences", "[srt_writer]") {
  MemorySink sink;
  SrtWriter w({}, sink);
  w.final(english(1, 1000, "First.", 2000), "t");
  w.final(english(2, 500, "Earlier.", 200), "t");
  CHECK(check_captions(sink.data(), CaptionFormat::kSrt) == "");
  CHECK(sink.records()[1] == "2\n00:00:02,950 --> 00:00:02,951\nEarlier.\n\n");
}
