#include "output/text_writer.h"

#include <catch2/catch.hpp>

#include "output/sink.h"

using dsasr::output::MemorySink;
using dsasr::output::Stats;
using dsasr::output::TextWriter;
using dsasr::output::WriterOptions;
using dsasr::protocol::Sentence;

namespace {

Sentence sentence(const std::string& text, bool final = true) {
  Sentence s;
  s.sentence_id = 1;
  s.begin_ms = 0;
  if (final) s.end_ms = 1000;
  s.text = text;
  return s;
}

WriterOptions live(int columns) {
  WriterOptions o;
  o.live_partials = true;
  o.terminal_columns = columns;
  return o;
}

}  // namespace

TEST_CASE("text writes one line per final sentence", "[text_writer]") {
  MemorySink sink;
  TextWriter w({}, sink);
  w.final(sentence("Hello world."), "t1");
  w.final(sentence("你好。"), "t1");
  w.finish();
  CHECK(sink.data() == "Hello world.\n你好。\n");
  CHECK(sink.records().size() == 2);
}

TEST_CASE("text puts each translation on its own line in the same record", "[text_writer]") {
  MemorySink sink;
  WriterOptions o;
  o.text_prefix = "a.wav: ";
  TextWriter w(o, sink);
  Sentence s = sentence("这是一句测试。");
  s.translations["en"] = "This is a test.";
  s.translations["ja"] = "これはテストです。";
  w.final(s, "t");
  CHECK(sink.records() == std::vector<std::string>{"a.wav: 这是一句测试。\na.wav: This is a test.\n"
                                                   "a.wav: これはテストです。\n"});
}

TEST_CASE("text without live partials ignores partials and never writes escapes", "[text_writer]") {
  MemorySink sink;
  WriterOptions o;
  o.partials = true;  // jsonl's flag does not turn on terminal redraws
  TextWriter w(o, sink);
  w.partial(sentence("Hel", false), "t");
  w.final(sentence("Hello \x1b[31mred\x1b[0m"), "t");
  w.error("NetworkError", "dropped", 5);
  w.finish();
  CHECK(sink.data() == "Hello [31mred[0m\n");
  CHECK(sink.data().find('\x1b') == std::string::npos);
  CHECK(sink.data().find('\r') == std::string::npos);
}

TEST_CASE("live partials redraw in place and the final replaces them", "[text_writer]") {
  MemorySink sink;
  TextWriter w(live(80), sink);
  w.partial(sentence("Hel", false), "t");
  w.partial(sentence("Hello wor", false), "t");
  w.final(sentence("Hello world."), "t");
  CHECK(sink.records() ==
        std::vector<std::string>{"\r\033[KHel", "\r\033[KHello wor", "\r\033[KHello world.\n"});
}

TEST_CASE("live partials keep the newest text that fits the terminal", "[text_writer]") {
  MemorySink sink;
  TextWriter w(live(11), sink);  // 10 usable columns
  w.partial(sentence("one two three four", false), "t");
  w.partial(sentence("一二三四五六七八", false), "t");
  CHECK(sink.records() == std::vector<std::string>{"\r\033[Kthree four", "\r\033[K四五六七八"});
}

TEST_CASE("live partials keep the prefix and truncate the text", "[text_writer]") {
  MemorySink sink;
  WriterOptions o = live(13);  // 12 usable columns
  o.text_prefix = "b.wav: ";   // 7 columns
  TextWriter w(o, sink);
  w.partial(sentence("abcdefghij", false), "t");
  CHECK(sink.records() == std::vector<std::string>{"\r\033[Kb.wav: fghij"});
}

TEST_CASE("an unknown terminal width acts as 80 columns", "[text_writer]") {
  MemorySink sink;
  TextWriter w(live(0), sink);
  w.partial(sentence(std::string(100, 'x'), false), "t");
  CHECK(sink.data() == "\r\033[K" + std::string(79, 'x'));
}

TEST_CASE("finish and error clear a live partial line and nothing else", "[text_writer]") {
  MemorySink sink;
  TextWriter w(live(80), sink);
  w.finish();
  CHECK(sink.data().empty());
  w.partial(sentence("abc", false), "t");
  w.error("X", "y", 5);
  CHECK(sink.records() == std::vector<std::string>{"\r\033[Kabc", "\r\033[K"});
  w.partial(sentence("def", false), "t");
  w.finish();
  w.finish();
  CHECK(sink.records().back() == "\r\033[K");
  CHECK(sink.records().size() == 4);
}

TEST_CASE("an empty final writes no line but clears a live partial", "[text_writer]") {
  MemorySink sink;
  TextWriter w(live(80), sink);
  w.final(sentence(""), "t");
  CHECK(sink.data().empty());
  w.partial(sentence("um", false), "t");
  w.final(sentence(""), "t");
  CHECK(sink.records() == std::vector<std::string>{"\r\033[Kum", "\r\033[K"});
}

TEST_CASE("text writes no stats", "[text_writer]") {
  MemorySink sink;
  TextWriter w({}, sink);
  Stats stats;
  stats.task_ids = {"t"};
  w.stats(stats);
  CHECK(sink.data().empty());
}

TEST_CASE("timestamps put the sentence's times before each line", "[text_writer]") {
  MemorySink sink;
  WriterOptions o;
  o.timestamps = true;
  o.text_prefix = "a.wav: ";
  TextWriter w(o, sink);
  Sentence s = sentence("Hello world.");
  s.begin_ms = 3'723'004;  // 01:02:03.004
  s.end_ms = 3'725'500;
  s.translations["zh"] = "你好，世界。";
  w.final(s, "t1");
  Sentence no_end = sentence("Words only.", false);
  no_end.begin_ms = 500;
  no_end.words.push_back({500, 900, "Words", ""});
  no_end.words.push_back({900, 1250, "only", "."});
  w.final(no_end, "t1");
  Sentence bare = sentence("Nothing else.", false);
  bare.begin_ms = 7000;
  w.final(bare, "t1");
  w.finish();
  CHECK(sink.data() ==
        "a.wav: [01:02:03.004 --> 01:02:05.500] Hello world.\n"
        "a.wav: [01:02:03.004 --> 01:02:05.500] 你好，世界。\n"
        "a.wav: [00:00:00.500 --> 00:00:01.250] Words only.\n"
        "a.wav: [00:00:07.000 --> 00:00:07.000] Nothing else.\n");
}
