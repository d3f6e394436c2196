#include "http/word_file.h"

#include <catch2/catch.hpp>

using namespace dsasr;
using namespace dsasr::http;

namespace {

std::string error_of(std::string_view name, std::string_view content) {
  auto r = parse_word_file(name, content);
  if (r) return "(parsed)";
  CHECK(r.error().kind == util::ErrorKind::kUsage);
  return r.error().message;
}

}  // namespace

TEST_CASE("text lines: text, optional weight and language, comments, blanks", "[word_file]") {
  auto words = parse_word_file("w.txt",
                               "\xEF\xBB\xBF# names\n"
                               "Seediq Bale\n"
                               "\n"
                               "  # indented comment\r\n"
                               "阙里人家\t5\r\n"
                               "DashScope\t3\ten\n"
                               "  padded  \t 2 \n");
  REQUIRE(words);
  CHECK(*words == std::vector<HotWord>{{"Seediq Bale", 4, ""},
                                       {"阙里人家", 5, ""},
                                       {"DashScope", 3, "en"},
                                       {"padded", 2, ""}});
}

TEST_CASE("every text-file error names the file and the line", "[word_file]") {
  CHECK(error_of("w.txt", "ok\n\t4\n") == "w.txt:2: the word is empty");
  CHECK(error_of("w.txt", "a\t0\n") == "w.txt:1: weight 0 is not from 1 to 5");
  CHECK(error_of("w.txt", "a\t6\n") == "w.txt:1: weight 6 is not from 1 to 5");
  CHECK(error_of("w.txt", "a\tfour\n") == "w.txt:1: weight 'four' is not an integer from 1 to 5");
  CHECK(error_of("w.txt", "a\t\n") == "w.txt:1: weight '' is not an integer from 1 to 5");
  CHECK(error_of("w.txt", "a\t4\t\n") == "w.txt:1: the language field is empty");
  CHECK(error_of("w.txt", "a\t4\ten\tx\n") ==
        "w.txt:1: more than three tab-separated fields (text, weight, lang)");
  CHECK(error_of("w.txt", "a\t4\te n\n") == "w.txt:1: language 'e n' is not a language code");
  CHECK(
      error_of("w.txt", "one two three four five six seven eight\n") ==
      "w.txt:1: 'one two three four five six seven eight' has 8 space-separated parts; at most 7");
  CHECK(error_of("w.txt", "一二三四五六七八九十一二三四五六\n") ==
        "w.txt:1: '一二三四五六七八九十一二三四五六' has 16 characters; a word with non-ASCII "
        "characters may have at most 15");
  CHECK(error_of("w.txt", "ok\n\xff\xfe\n") == "w.txt:2: not valid UTF-8");
  CHECK(error_of("w.txt",
                 "a\x01"
                 "b\n") == "w.txt:1: control character in the word");
  CHECK(error_of("w.txt", "# only comments\n\n") == "w.txt: no hot words in the file");
  CHECK(error_of("w.txt", "") == "w.txt: no hot words in the file");
}

TEST_CASE("limits: 15 non-ASCII characters, 7 ASCII parts and 500 words pass", "[word_file]") {
  CHECK(parse_word_file("w.txt", "一二三四五六七八九十一二三四五\n"));
  CHECK(parse_word_file("w.txt", "EGFR抑制剂\n"));
  CHECK(parse_word_file("w.txt", "one two three four five six seven\n"));
  std::string many;
  for (int i = 0; i < 500; ++i) many += "w" + std::to_string(i) + "\n";
  auto ok = parse_word_file("w.txt", many);
  REQUIRE(ok);
  CHECK(ok->size() == 500);
  CHECK(error_of("w.txt", many + "w500\n") ==
        "w.txt:501: more than 500 hot words; a vocabulary holds at most 500");
}

TEST_CASE("a .json file is the SDK's list", "[word_file]") {
  auto words = parse_word_file(
      "w.json",
      R"([{"text":"赛德克巴莱","weight":4,"lang":"zh"},{"text":"Seediq Bale","weight":5}])");
  REQUIRE(words);
  CHECK(*words == std::vector<HotWord>{{"赛德克巴莱", 4, "zh"}, {"Seediq Bale", 5, ""}});
  CHECK(error_of("w.json", "[").rfind("w.json: not valid JSON", 0) == 0);
  CHECK(error_of("w.json", R"({"text":"a"})") ==
        R"(w.json: expected a JSON list of {"text", "weight", "lang"})");
  CHECK(error_of("w.json", R"([1])") == "w.json: entry 1: not an object");
  CHECK(error_of("w.json", R"([{"text":"a"},{"weight":4}])") ==
        R"(w.json: entry 2: no "text" string)");
  CHECK(error_of("w.json", R"([{"text":"a","weight":9}])") ==
        R"(w.json: entry 1: "weight" must be an integer from 1 to 5)");
  CHECK(error_of("w.json", R"([{"text":"a","weight":2.5}])") ==
        R"(w.json: entry 1: "weight" must be an integer from 1 to 5)");
  CHECK(error_of("w.json", R"([{"text":"a","lang":1}])") ==
        R"(w.json: entry 1: "lang" must be a string)");
  CHECK(error_of("w.json", R"([{"text":""}])") == "w.json: entry 1: the word is empty");
  CHECK(error_of("w.json", "[]") == "w.json: no hot words in the file");
}
