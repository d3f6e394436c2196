#include "util/json.h"

#include <catch2/catch.hpp>

using namespace dsasr::util;

TEST_CASE("json::parse reads exactly the given bytes", "[json]") {
  std::string buf = R"({"a":1})"
                    "garbage";
  rapidjson::Document doc;
  REQUIRE(json::parse(std::string_view(buf).substr(0, 7), doc));
  CHECK(json::get_int(doc, "a") == 1);
}

TEST_CASE("json::parse rejects trailing garbage and reports where", "[json]") {
  rapidjson::Document doc;
  std::string err;
  CHECK_FALSE(json::parse(R"({"a":1} x)", doc, &err));
  CHECK(err.find("offset") != std::string::npos);
  CHECK_FALSE(json::parse("", doc));
}

TEST_CASE("json typed getters tolerate missing and mistyped members", "[json]") {
  rapidjson::Document doc;
  REQUIRE(json::parse(R"({"s":"x","i":3,"d":2.0,"f":2.5,"b":true,"n":null,"o":{"p":{"q":"deep"}}})",
                      doc));
  CHECK(json::get_string(doc, "s") == "x");
  CHECK_FALSE(json::get_string(doc, "i"));
  CHECK(json::get_int(doc, "i") == 3);
  CHECK(json::get_int(doc, "d") == 2);
  CHECK_FALSE(json::get_int(doc, "f"));
  CHECK_FALSE(json::get_int(doc, "n"));
  CHECK(json::get_number(doc, "f") == 2.5);
  CHECK(json::get_bool(doc, "b") == true);
  CHECK_FALSE(json::get_bool(doc, "missing"));
  const rapidjson::Value* q = json::path(doc, {"o", "p"});
  REQUIRE(q);
  CHECK(json::get_string(*q, "q") == "deep");
  CHECK(json::path(doc, {"o", "x", "q"}) == nullptr);
  CHECK(json::member(*json::member(doc, "s"), "x") == nullptr);
}

TEST_CASE("json::append_quoted escapes control characters", "[json]") {
  std::string out;
  json::append_quoted(out, "a\"b\\c\n\x01\t中");
  CHECK(out == "\"a\\\"b\\\\c\\n\\u0001\\t中\"");
}
