#include "cli/values.h"

#include <catch2/catch.hpp>

namespace dsasr::cli {
namespace {

TEST_CASE("parse_integer accepts whole numbers in range only", "[values]") {
  CHECK(*parse_integer("--n", "5", 1, 10) == 5);
  CHECK(*parse_integer("--n", "-3", -5, 10) == -3);
  for (const char* bad : {"", " 5", "5 ", "5.0", "0x5", "abc", "11", "0", "99999999999999999999"}) {
    INFO(bad);
    auto r = parse_integer("--n", bad, 1, 10);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == util::ErrorKind::kUsage);
    CHECK(r.error().message ==
          std::string("--n: expected a whole number from 1 to 10, got '") + bad + "'");
  }
}

TEST_CASE("parse_number accepts finite decimals in range only", "[values]") {
  CHECK(*parse_number("--x", "-0.5", -1, 1) == -0.5);
  CHECK(*parse_number("--x", "1e-1", -1, 1) == 0.1);
  for (const char* bad : {"", "nan", "inf", "0x1p-2", "1.5", "-2", "1,5"}) {
    INFO(bad);
    auto r = parse_number("--x", bad, -1, 1);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          std::string("--x: expected a number from -1 to 1, got '") + bad + "'");
  }
}

TEST_CASE("parse_positive excludes zero", "[values]") {
  CHECK(*parse_positive("--w", "0.1", 10) == 0.1);
  auto r = parse_positive("--w", "0", 10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "--w: expected a number greater than 0 and at most 10, got '0'");
}

TEST_CASE("parse_choice returns the index or lists the choices", "[values]") {
  CHECK(*parse_choice("--c", "b", {"a", "b", "c"}) == 1);
  auto r = parse_choice("--c", "B", {"a", "b", "c"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "--c: expected a, b or c, got 'B'");
}

TEST_CASE("closest_match suggests near names only", "[values]") {
  std::vector<std::string_view> names = {"--language", "--model", "--jsonl"};
  CHECK(closest_match("--langauge", names) == "--language");
  CHECK(closest_match("--json", names) == "--jsonl");
  CHECK(closest_match("--frobnicate", names).empty());
}

TEST_CASE("join_or", "[values]") {
  CHECK(join_or({"a"}) == "a");
  CHECK(join_or({"a", "b"}) == "a or b");
  CHECK(join_or({"a", "b", "c"}) == "a, b or c");
}

}  // namespace
}  // namespace dsasr::cli
