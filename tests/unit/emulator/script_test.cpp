#include "emulator/script.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("Script lines, translations and wrap-around", "[script]") {
  Script s = Script::parse(
      "\xEF\xBB\xBF"
      "first line\r\n\n  \nsecond\tzweite\nthird\n");
  REQUIRE(s.size() == 3);
  CHECK(s.line(0).text == "first line");
  CHECK(s.line(0).translation.empty());
  CHECK(s.line(1).text == "second");
  CHECK(s.line(1).translation == "zweite");
  CHECK(s.line(3).text == "first line");
  CHECK(s.line(5).text == "third");
}

TEST_CASE("Without a script sentences are numbered placeholders", "[script]") {
  Script s;
  CHECK(s.line(0).text == "sentence 1");
  CHECK(s.line(9).text == "sentence 10");
  CHECK(Script::parse("\n\n").size() == 0);
}

TEST_CASE("Loading a missing script file is a usage error", "[script]") {
  auto r = Script::load("/nonexistent/script.txt");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == util::ErrorKind::kUsage);
}

}  // namespace
}  // namespace dsasr::emulator
