#include "output/captions.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "caption_checker.h"
#include "output/display_width.h"
#include "output/sink.h"
#include "output/srt_writer.h"
#include "sentences.h"

using dsasr::output::CaptionOptions;
using dsasr::output::Cue;
using dsasr::output::CueTimeline;
using dsasr::output::display_width;
using dsasr::output::MemorySink;
using dsasr::output::segment_sentence;
using dsasr::output::SrtWriter;
using dsasr::output::wrap_text;
using dsasr::output::WriterOptions;
using dsasr::protocol::Sentence;
using namespace dsasr::output::testing;

namespace {

using Lines = std::vector<std::string>;

std::string srt_of(const std::vector<Sentence>& sentences, const CaptionOptions& captions = {}) {
  MemorySink sink;
  WriterOptions options;
  options.captions = captions;
  SrtWriter writer(options, sink);
  for (const Sentence& s : sentences) writer.final(s, "task");
  writer.finish();
  return sink.data();
}

// Compares with tests/unit/output/golden/<name>.srt. With DSASR_UPDATE_GOLDEN=1 in the
// environment the file is rewritten first (review the diff before committing it).
void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(DSASR_SOURCE_DIR) + "/tests/unit/output/golden/" + name;
  if (std::getenv("DSASR_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << actual;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
  CHECK(check_captions(actual, CaptionFormat::kSrt) == "");
}

Sentence with_text(int64_t id, int64_t begin_ms, int64_t end_ms, std::string text,
                   const std::vector<TimedWord>& words) {
  Sentence s = sentence_of(id, begin_ms, end_ms, words, false);
  s.text = std::move(text);
  return s;
}

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

}  // namespace

// --- line wrapping -------------------------------------------------------------------------

TEST_CASE("short text stays on one line", "[captions]") {
  CHECK(wrap_text("Hello world.", 42) == Lines{"Hello world."});
  CHECK(wrap_text("", 42).empty());
  CHECK(wrap_text("   ", 42).empty());
}

TEST_CASE("lines break at spaces, never inside a Latin word", "[captions]") {
  CHECK(wrap_text("the quick brown fox jumps over the lazy dog", 15) ==
        Lines{"the quick brown", "fox jumps over", "the lazy dog"});
}

TEST_CASE("a word longer than the line width gets its own unbroken line", "[captions]") {
  CHECK(wrap_text("see Pneumonoultramicroscopicsilicovolcanoconiosis now", 20) ==
        Lines{"see", "Pneumonoultramicroscopicsilicovolcanoconiosis", "now"});
}

TEST_CASE("lines break after punctuation unless that makes them very uneven", "[captions]") {
  // Filling greedily would give "one two three, four" / "five six".
  CHECK(wrap_text("one two three, four five six", 20) == Lines{"one two three,", "four five six"});
  // A comma this early is not worth a 3-column line next to a 23-column one.
  CHECK(wrap_text("so, one two three four five", 20) == Lines{"so, one two", "three four five"});
}

TEST_CASE("text takes the fewest lines, filled evenly", "[captions]") {
  // Greedy filling would leave "live with." alone on the second line.
  CHECK(wrap_text("and agree on a budget that everybody can live with.", 42) ==
        Lines{"and agree on a budget that", "everybody can live with."});
}

TEST_CASE("Chinese text holds 21 characters in 42 columns and breaks anywhere", "[captions]") {
  const std::string twenty_one = "一二三四五六七八九十一二三四五六七八九十一";
  CHECK(wrap_text(twenty_one, 42) == Lines{twenty_one});
  // One more makes two lines, evenly filled.
  CHECK(wrap_text(twenty_one + "二", 42) ==
        Lines{"一二三四五六七八九十一", "二三四五六七八九十一二"});
}

TEST_CASE("Chinese lines break after punctuation first", "[captions]") {
  // 15 characters per line; the comma comes after 11 of them.
  CHECK(wrap_text("今天的天气真的非常好，我们去公园散步吧然后吃饭", 30) ==
        Lines{"今天的天气真的非常好，", "我们去公园散步吧然后吃饭"});
}

TEST_CASE("closing punctuation never starts a line and opening brackets never end one",
          "[captions]") {
  // The comma and the closing quote stay with the character before them, the opening quote
  // and bracket with the character after them, even when that pushes them to the next line.
  CHECK(wrap_text("一二三四，五六七八", 10) == Lines{"一二三四，", "五六七八"});
  CHECK(wrap_text("一二三四，五六七八", 8) == Lines{"一二三", "四，", "五六七八"});
  CHECK(wrap_text("他说“你好”。", 8) == Lines{"他说“你", "好”。"});
  CHECK(wrap_text("值(测试)", 4) == Lines{"值", "(测", "试)"});
}

TEST_CASE("mixed Chinese and English breaks between scripts, not inside words", "[captions]") {
  CHECK(wrap_text("我们用Python写demo", 10) == Lines{"我们用", "Python", "写demo"});
  CHECK(wrap_text("我们用Python写demo", 14) == Lines{"我们用Python", "写demo"});
}

TEST_CASE("decimals, abbreviations and symbols inside a word stay whole", "[captions]") {
  CHECK(wrap_text("about 3.5% of e.g. C++ users", 6) ==
        Lines{"about", "3.5%", "of", "e.g.", "C++", "users"});
}

TEST_CASE("control characters never reach caption lines", "[captions]") {
  CHECK(wrap_text("a\x1b[2Jb\nc", 42) == Lines{"a[2Jb c"});
}

TEST_CASE("a line width below one acts as one", "[captions]") {
  CHECK(wrap_text("ab 你", 0) == Lines{"ab", "你"});
}

TEST_CASE("wrapping keeps every character and respects the width", "[captions]") {
  const std::vector<std::string> pieces = {
      "hello", "world", "，", "。", "你",   "好", "Python", "3.5", "“",
      "”",     ",",     " ",  " ",  "测试", "!",  "(",      ")",   "supercalifragilistic"};
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const int width = 1 + static_cast<int>(rng() % 30);
    std::string joined;
    for (const std::string& line : wrap_text(text, width)) {
      INFO(text << " @" << width << " -> " << line);
      CHECK_FALSE(line.empty());
      CHECK(line.front() != ' ');
      CHECK(line.back() != ' ');
      if (display_width(line) > width) CHECK(line.find(' ') == std::string::npos);
      joined += line;
    }
    CHECK(without_spaces(joined) == without_spaces(text));
  }
}

// --- cues ------------------------------------------------------------------------------------

TEST_CASE("a sentence that fits makes one cue spanning the sentence", "[captions]") {
  Sentence s = english(1, 1000, "Hello there.", 300);
  s.begin_ms = 900;
  s.end_ms = 1700;
  const std::vector<Cue> cues = segment_sentence(s, {});
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].begin_ms == 900);
  CHECK(cues[0].end_ms == 1700);
  CHECK(cues[0].lines == Lines{"Hello there."});
}

TEST_CASE("a sentence beyond max_lines splits at word times", "[captions]") {
  const Sentence s = english(1, 0, "one two three four five six seven eight", 100);
  CaptionOptions options;
  options.max_line_width = 10;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 5);
  CHECK(cues[0].lines == Lines{"one two"});
  CHECK(cues[0].begin_ms == 0);
  CHECK(cues[0].end_ms == 150);  // "two" ends at 100 + 50
  CHECK(cues[1].lines == Lines{"three four"});
  CHECK(cues[1].begin_ms == 200);
  CHECK(cues[1].end_ms == 350);
  CHECK(cues[2].lines == Lines{"five six"});
  CHECK(cues[3].lines == Lines{"seven"});
  CHECK(cues[4].lines == Lines{"eight"});
  CHECK(cues[4].begin_ms == 700);
  CHECK(cues[4].end_ms == 750);
}

TEST_CASE("a sentence longer than max_cue_duration splits at word times", "[captions]") {
  const Sentence s = english(1, 0, "alpha beta gamma delta", 1000);
  CaptionOptions options;
  options.max_cue_duration_ms = 2000;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].lines == Lines{"alpha beta"});
  CHECK(cues[0].begin_ms == 0);
  CHECK(cues[0].end_ms == 1950);
  CHECK(cues[1].lines == Lines{"gamma delta"});
  CHECK(cues[1].begin_ms == 2000);
  CHECK(cues[1].end_ms == 3950);
}

TEST_CASE("one word longer than max_cue_duration still makes one cue", "[captions]") {
  const Sentence s = english(1, 0, "Hmmmm", 9000);
  const std::vector<Cue> cues = segment_sentence(s, {});
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].end_ms == 8950);
}

TEST_CASE("without words, time is shared in proportion to display width", "[captions]") {
  Sentence s;
  s.begin_ms = 1000;
  s.end_ms = 3000;
  s.text = "一二三四五六七八九十";  // 20 columns
  CaptionOptions options;
  options.max_line_width = 10;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].lines == Lines{"一二三四五"});
  CHECK(cues[0].begin_ms == 1000);
  CHECK(cues[0].end_ms == 2000);
  CHECK(cues[1].begin_ms == 2000);
  CHECK(cues[1].end_ms == 3000);
}

TEST_CASE("words missing from the text are skipped and their units timed by neighbours",
          "[captions]") {
  const Sentence s =
      with_text(1, 0, 4000, "aaa bbb ccc",
                {{"aaa", "", 0, 1000}, {"zzz", "", 1000, 2000}, {"ccc", "", 3000, 4000}});
  CaptionOptions options;
  options.max_line_width = 3;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 3);
  CHECK(cues[1].lines == Lines{"bbb"});
  CHECK(cues[1].begin_ms == 1000);  // between "aaa" ending and "ccc" beginning
  CHECK(cues[1].end_ms == 3000);
}

TEST_CASE("cue splits prefer word boundaries in Chinese", "[captions]") {
  // Three two-character words; a cue of 5 characters would cut the third word.
  const Sentence s = chinese(1, 0, {"我们", "今天", "开会"}, 1000);
  CaptionOptions options;
  options.max_line_width = 10;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].lines == Lines{"我们今天"});
  CHECK(cues[0].end_ms == 2000);
  CHECK(cues[1].lines == Lines{"开会"});
  CHECK(cues[1].begin_ms == 2000);
}

TEST_CASE("a single-cue translation follows the original lines", "[captions]") {
  Sentence s = chinese(0, 100, {"这是一句测试。"}, 2620);
  s.translations["en"] = "This is a test.";
  const std::vector<Cue> cues = segment_sentence(s, {});
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].lines == Lines{"这是一句测试。", "This is a test."});
}

TEST_CASE("a translation is split across cues in proportion to the original", "[captions]") {
  Sentence s = english(1, 0, "aaaa bbbb cccc dddd", 1000);
  s.translations["zh"] = "一二三四五六七八";
  CaptionOptions options;
  options.max_line_width = 9;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].lines == Lines{"aaaa bbbb", "一二三四"});
  CHECK(cues[1].lines == Lines{"cccc dddd", "五六七八"});
}

TEST_CASE("translations do not count against max_lines", "[captions]") {
  Sentence s = english(1, 0, "short", 500);
  s.translations["de"] = "eine deutlich laengere Uebersetzung";
  CaptionOptions options;
  options.max_line_width = 10;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].lines == Lines{"short", "eine", "deutlich", "laengere", "Uebersetzung"});
}

TEST_CASE("an empty sentence makes no cue; a translation alone makes one", "[captions]") {
  Sentence s;
  s.begin_ms = 10;
  s.end_ms = 20;
  s.text = " \x1b ";
  CHECK(segment_sentence(s, {}).empty());
  s.translations["en"] = "Hi.";
  const std::vector<Cue> cues = segment_sentence(s, {});
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].lines == Lines{"Hi."});
  CHECK(cues[0].begin_ms == 10);
  CHECK(cues[0].end_ms == 20);
}

TEST_CASE("cue times never decrease within a sentence even with disordered words", "[captions]") {
  const Sentence s = with_text(1, 500, 400, "a b c d",
                               {{"a", "", 900, 1000}, {"b", "", 600, 700}, {"c", "", 800, 750}});
  CaptionOptions options;
  options.max_line_width = 1;
  options.max_lines = 1;
  const std::vector<Cue> cues = segment_sentence(s, options);
  REQUIRE(cues.size() == 4);
  for (std::size_t i = 0; i < cues.size(); ++i) {
    CHECK(cues[i].begin_ms <= cues[i].end_ms);
    if (i > 0) CHECK(cues[i].begin_ms >= cues[i - 1].begin_ms);
  }
}

TEST_CASE("cues keep every character, their line limit and their order", "[captions]") {
  const std::vector<std::string> pieces = {
      "hello", "world", "，", "。", "你", "好",   "Python", "3.5",
      "“",     "”",     ",",  " ",  " ",  "测试", "!",      "supercalifragilistic"};
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    Sentence s;
    s.begin_ms = static_cast<int64_t>(rng() % 5000);
    int64_t t = s.begin_ms;
    const int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      const std::string& piece = pieces[rng() % pieces.size()];
      s.text += piece;
      if (rng() % 4 != 0) {  // some pieces have no word, some words are out of order
        const int64_t begin = t + static_cast<int64_t>(rng() % 400) - 100;
        s.words.push_back({begin, begin + static_cast<int64_t>(rng() % 900), piece, ""});
      }
      t += 300;
    }
    s.end_ms = t;
    CaptionOptions options;
    options.max_line_width = 1 + static_cast<int>(rng() % 45);
    options.max_lines = 1 + static_cast<int>(rng() % 3);
    options.max_cue_duration_ms = 500 + static_cast<int64_t>(rng() % 7000);
    INFO(s.text << " @" << options.max_line_width << "x" << options.max_lines);
    std::string joined;
    int64_t previous_begin = INT64_MIN;
    for (const Cue& cue : segment_sentence(s, options)) {
      CHECK(cue.begin_ms <= cue.end_ms);
      CHECK(cue.begin_ms >= previous_begin);
      previous_begin = cue.begin_ms;
      CHECK(cue.lines.size() <= static_cast<std::size_t>(options.max_lines));
      for (const std::string& line : cue.lines) joined += line;
    }
    CHECK(without_spaces(joined) == without_spaces(s.text));
  }
}

TEST_CASE("a very long sentence is segmented", "[captions]") {
  // 20,000 characters, a word per character, and a 30,000-character translation: finishes in
  // well under a second unless something went quadratic.
  Sentence s;
  s.begin_ms = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string c = i % 7 == 6 ? "，" : "字";
    s.text += c;
    s.words.push_back({i * 100LL, i * 100LL + 90, c, ""});
  }
  s.end_ms = 2'000'000;
  s.translations["en"] = std::string(30000, 'a') + " b";
  const std::vector<Cue> cues = segment_sentence(s, {});
  CHECK(cues.size() >= 20000 / 42);  // at most 21 characters per line, 2 lines per cue
}

// --- timeline --------------------------------------------------------------------------------

TEST_CASE("the timeline moves a cue that starts before the previous end", "[captions]") {
  CueTimeline timeline;
  CHECK(timeline.place({1000, 3000, {}}).begin_ms == 1000);
  const Cue moved = timeline.place({2500, 4000, {}});
  CHECK(moved.begin_ms == 3000);
  CHECK(moved.end_ms == 4000);
  CHECK(timeline.end_ms() == 4000);
}

TEST_CASE("the timeline gives a squeezed or inverted cue the minimum duration", "[captions]") {
  CueTimeline timeline;
  timeline.place({1000, 3000, {}});
  const Cue inside = timeline.place({1500, 2000, {}});
  CHECK(inside.begin_ms == 3000);
  CHECK(inside.end_ms == 3000 + CueTimeline::kMinCueDurationMs);
  const Cue inverted = timeline.place({5000, 4000, {}});
  CHECK(inverted.begin_ms == 5000);
  CHECK(inverted.end_ms == 5001);
}

TEST_CASE("the timeline clamps negative times to zero", "[captions]") {
  CueTimeline timeline;
  const Cue c = timeline.place({-500, -100, {}});
  CHECK(c.begin_ms == 0);
  CHECK(c.end_ms == 1);
}

// --- goldens ---------------------------------------------------------------------------------

TEST_CASE("golden: an English paragraph", "[captions][golden]") {
  check_golden(
      "english_paragraph.srt",
      srt_of({english(1, 500,
                      "Good morning everyone, and thank you for joining the quarterly planning "
                      "meeting.",
                      350),
              english(2, 5200,
                      "Today we will review last quarter's results, discuss the roadmap for the "
                      "next six months, and agree on a budget that everybody can live with.",
                      260),
              english(3, 12600, "Let's get started.", 400)}));
}

TEST_CASE("golden: a Chinese paragraph", "[captions][golden]") {
  check_golden(
      "chinese_paragraph.srt",
      srt_of({chinese(1, 300, {"大家", "好|，", "欢迎", "参加", "今天", "的", "会议|。"}, 300),
              chinese(2, 2800,
                      {"我们",    "首先", "回顾", "一下",   "上个", "季度", "的",        "销售",
                       "情况|，", "然后", "讨论", "下半年", "的",   "产品", "路线图|，", "最后",
                       "确定",    "每个", "团队", "的",     "预算", "和",   "人员",      "安排|。"},
                      250)}));
}

TEST_CASE("golden: mixed Chinese and English", "[captions][golden]") {
  check_golden(
      "mixed_zh_en.srt",
      srt_of({with_text(1, 0, 5200,
                        "我们今天用Python和C++写了一个speech recognition的demo，效果还不错。",
                        {{"我们", "", 0, 300},
                         {"今天", "", 300, 600},
                         {"用", "", 600, 800},
                         {"Python", "", 800, 1300},
                         {"和", "", 1300, 1500},
                         {"C++", "", 1500, 2000},
                         {"写", "", 2000, 2200},
                         {"了", "", 2200, 2300},
                         {"一个", "", 2300, 2600},
                         {"speech", "", 2600, 3000},
                         {"recognition", "", 3000, 3600},
                         {"的", "", 3600, 3700},
                         {"demo", "，", 3700, 4100},
                         {"效果", "", 4300, 4600},
                         {"还", "", 4600, 4800},
                         {"不错", "。", 4800, 5200}}),
              with_text(2, 6000, 8000, "这个API的latency大概是300 ms左右。",
                        {{"这个", "", 6000, 6300},
                         {"API", "", 6300, 6700},
                         {"的", "", 6700, 6800},
                         {"latency", "", 6800, 7200},
                         {"大概", "", 7200, 7400},
                         {"是", "", 7400, 7500},
                         {"300", "", 7500, 7700},
                         {"ms", "", 7700, 7800},
                         {"左右", "。", 7800, 8000}})}));
}

TEST_CASE("golden: a sentence longer than max_cue_duration split at word times",
          "[captions][golden]") {
  check_golden("long_duration.srt",
               srt_of({english(1, 1000,
                               "So the thing is that we really need to think about this very "
                               "carefully.",
                               900)}));
}

TEST_CASE("golden: sentences without words", "[captions][golden]") {
  Sentence zh;
  zh.sentence_id = 1;
  zh.begin_ms = 0;
  zh.end_ms = 12000;
  zh.text =
      "没有词级时间戳的时候我们按照显示宽度把句子的时间按比例分配给每一条字幕，"
      "这样长句子也能被切成几条合适的字幕并且时间大致正确。";
  Sentence en;
  en.sentence_id = 2;
  en.begin_ms = 12500;
  en.end_ms = 14000;
  en.text = "No words here, just text.";
  check_golden("no_words.srt", srt_of({zh, en}));
}

TEST_CASE("golden: translation cues", "[captions][golden]") {
  Sentence short_one = chinese(0, 100, {"这是一句测试|。"}, 2620);
  short_one.translations["en"] = "This is a test.";
  // Gummy-style: the whole sentence is one word, so the cue split falls inside it.
  Sentence long_one =
      chinese(1, 3000,
              {"今天我们要讨论的是如何在不增加成本的前提下提高系统的稳定性和响应速度，"
               "这需要大家一起努力|。"},
              9000);
  long_one.translations["en"] =
      "Today we are going to discuss how to improve the stability and response speed of the "
      "system without increasing costs, which requires everyone to work together.";
  check_golden("translation.srt", srt_of({short_one, long_one}));
}

TEST_CASE("golden: overlapping and backwards sentences fixed by the timeline",
          "[captions][golden]") {
  Sentence negative = english(1, -200, "Before zero.", 500);
  Sentence first = english(2, 1000, "First sentence here.", 600);
  Sentence overlapping = english(3, 2000, "Overlaps the first.", 600);
  Sentence backwards = english(4, 1500, "Goes backwards.", 100);
  Sentence inverted = english(5, 6000, "Ends before it begins.", 200);
  inverted.end_ms = 5500;
  inverted.words.clear();
  check_golden("timeline.srt", srt_of({negative, first, overlapping, backwards, inverted}));
}
