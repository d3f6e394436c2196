#include "output/vtt_writer.h"

#include <catch2/catch.hpp>

#include "caption_checker.h"
#include "output/sink.h"
#include "sentences.h"

using dsasr::output::MemorySink;
using dsasr::output::Stats;
using dsasr::output::VttWriter;
using dsasr::output::WriterOptions;
using namespace dsasr::output::testing;

TEST_CASE("vtt writes its header at once, so no speech is still a valid file", "[vtt_writer]") {
  MemorySink sink;
  VttWriter w({}, sink);
  w.error("X", "y", 5);
  w.stats(Stats{});
  w.finish();
  CHECK(sink.data() == "WEBVTT\n\n");
  CHECK(check_captions(sink.data(), CaptionFormat::kVtt) == "");
}

TEST_CASE("vtt writes numbered cues with dotted timecodes", "[vtt_writer]") {
  MemorySink sink;
  VttWriter w({}, sink);
  w.final(english(1, 61'000, "Hello world.", 500), "t");
  CHECK(sink.data() == "WEBVTT\n\n1\n00:01:01.000 --> 00:01:01.950\nHello world.\n\n");
}

TEST_CASE("vtt escapes markup characters in cue text", "[vtt_writer]") {
  MemorySink sink;
  VttWriter w({}, sink);
  w.final(english(1, 0, "a<b && c-->d", 500), "t");
  CHECK(sink.records().back() ==
        "1\n00:00:00.000 --> 00:00:01.450\na&lt;b &amp;&amp; c--&gt;d\n\n");
  CHECK(check_captions(sink.data(), CaptionFormat::kVtt) == "");
}

TEST_CASE("vtt output is valid after every record", "[vtt_writer]") {
  MemorySink sink;
  WriterOptions o;
  o.captions.max_line_width = 12;
  o.captions.max_lines = 1;
  VttWriter w(o, sink);
  auto s = chinese(1, 0, {"大家", "好|，", "欢迎", "参加", "今天", "的", "会议|。"}, 300);
  s.translations["en"] = "Hello everyone, welcome to today's meeting.";
  w.final(s, "t");
  w.final(english(2, 100, "Backwards in time.", 300), "t");
  std::string prefix;
  for (const std::string& record : sink.records()) {
    prefix += record;
    CHECK(check_captions(prefix, CaptionFormat::kVtt) == "");
  }
  CHECK(sink.records().size() >= 4);
}

TEST_CASE("vtt ignores partials", "[vtt_writer]") {
  MemorySink sink;
  VttWriter w({}, sink);
  auto s = english(1, 0, "Partial", 100);
  s.end_ms.reset();
  w.partial(s, "t");
  CHECK(sink.data() == "WEBVTT\n\n");
}
