#include "emulator/text_units.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("Latin text splits into words with punctuation split off", "[text_units]") {
  const std::string s = "Speech recognition turns audio into text, one word at a time.";
  auto u = split_units(s);
  REQUIRE(u.size() == 11);
  CHECK(u[0].text == "Speech");
  CHECK(u[0].punctuation.empty());
  CHECK(u[5].text == "text");
  CHECK(u[5].punctuation == ",");
  CHECK(u[10].text == "time");
  CHECK(u[10].punctuation == ".");
  CHECK(prefix_text(s, u, 6) == "Speech recognition turns audio into text,");
  CHECK(prefix_text(s, u, 11) == s);
  CHECK(prefix_text(s, u, 0).empty());
}

TEST_CASE("CJK text splits into characters with punctuation attached", "[text_units]") {
  const std::string s = "今天天气很好，我们去公园散步吧。";
  auto u = split_units(s);
  REQUIRE(u.size() == 14);
  CHECK(u[0].text == "今");
  CHECK(u[5].text == "好");
  CHECK(u[5].punctuation == "，");
  CHECK(u[13].punctuation == "。");
  CHECK(prefix_text(s, u, 2) == "今天");
  CHECK(has_cjk(s));
  CHECK_FALSE(has_cjk("plain text"));
}

TEST_CASE("Mixed text keeps Latin words whole between CJK characters", "[text_units]") {
  auto u = split_units("我用dsasr识别");
  REQUIRE(u.size() == 5);
  CHECK(u[2].text == "dsasr");
}

TEST_CASE("Units spread evenly over the sentence", "[text_units]") {
  auto u = split_units("one two three four");
  auto t = spread_units(u, u.size(), 1000, 2000);
  REQUIRE(t.size() == 4);
  CHECK(t[0].begin_ms == 1000);
  CHECK(t[0].end_ms == 1250);
  CHECK(t[3].begin_ms == 1750);
  CHECK(t[3].end_ms == 2000);
  CHECK(spread_units(u, 2, 0, 100).size() == 2);
}

}  // namespace
}  // namespace dsasr::emulator
