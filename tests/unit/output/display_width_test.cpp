#include "output/display_width.h"

#include <catch2/catch.hpp>

using dsasr::output::code_point_width;
using dsasr::output::decode_utf8_at;
using dsasr::output::display_width;
using dsasr::output::printable_text;
using dsasr::output::sanitize_utf8;
using dsasr::output::truncate_left_to_width;

TEST_CASE("ASCII letters, digits and punctuation are one column each", "[display_width]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("Hello, world!") == 13);
  CHECK(code_point_width(U' ') == 1);
  CHECK(code_point_width(U'~') == 1);
}

TEST_CASE("CJK ideographs, kana and Hangul are two columns", "[display_width]") {
  CHECK(display_width("你好世界") == 8);
  CHECK(display_width("ひらがなカタカナ") == 16);
  CHECK(display_width("한국어") == 6);
  CHECK(code_point_width(0x4E00) == 2);
  CHECK(code_point_width(0x9FFF) == 2);
  CHECK(code_point_width(0x20000) == 2);  // CJK extension B
  CHECK(display_width("abc中文") == 7);
}

TEST_CASE("CJK punctuation and fullwidth forms are two columns", "[display_width]") {
  CHECK(display_width("，。！？、；：") == 14);
  CHECK(display_width("「」《》") == 8);
  CHECK(display_width("ＡＢＣ１２３") == 12);
  CHECK(code_point_width(0x3000) == 2);  // ideographic space
  CHECK(code_point_width(0xFF61) == 1);  // halfwidth katakana punctuation stays narrow
  CHECK(code_point_width(0xFFE5) == 2);  // fullwidth yen sign
}

TEST_CASE("combining marks and zero-width characters take no column", "[display_width]") {
  CHECK(display_width("e\xCC\x81") == 1);  // e + U+0301 combining acute
  CHECK(display_width("a\xE2\x80\x8B"
                      "b") == 2);         // zero width space
  CHECK(code_point_width(0x200D) == 0);   // zero width joiner
  CHECK(code_point_width(0xFE0F) == 0);   // variation selector 16
  CHECK(code_point_width(0x3099) == 0);   // combining kana voiced mark
  CHECK(code_point_width(0x1F3FB) == 0);  // skin tone modifier joins its emoji
}

TEST_CASE("emoji are two columns", "[display_width]") {
  CHECK(display_width("\xF0\x9F\x98\x80") == 2);  // U+1F600
  CHECK(code_point_width(0x1F680) == 2);          // rocket
  CHECK(code_point_width(0x1F914) == 2);          // thinking face
  CHECK(code_point_width(0x2705) == 2);           // check mark button
  CHECK(code_point_width(0x2602) == 1);           // umbrella: text presentation by default
}

TEST_CASE("control characters take no column", "[display_width]") {
  CHECK(display_width("\t\n\r\x1b") == 0);
  CHECK(code_point_width(0x7F) == 0);
  CHECK(code_point_width(0x9B) == 0);  // C1 CSI
}

TEST_CASE("invalid UTF-8 counts as one replacement character per bad subpart", "[display_width]") {
  CHECK(display_width("\xFF") == 1);
  CHECK(display_width("a\xC3") == 2);             // truncated two-byte sequence
  CHECK(display_width("\xE4\xBD") == 1);          // truncated 你: one maximal subpart
  CHECK(display_width("\xC0\xAF") == 2);          // overlong '/': two bad bytes
  CHECK(display_width("\xED\xA0\x80") == 3);      // surrogate: each byte is bad
  CHECK(display_width("\xF4\x90\x80\x80") == 4);  // above U+10FFFF
}

TEST_CASE("decoding always makes progress and reports validity", "[display_width]") {
  const std::string s =
      "\xE4\xBD\xA0\xE4\xBD"
      "x";
  auto d = decode_utf8_at(s, 0);
  CHECK(d.valid);
  CHECK(d.code_point == 0x4F60);
  CHECK(d.length_bytes == 3);
  d = decode_utf8_at(s, 3);
  CHECK_FALSE(d.valid);
  CHECK(d.code_point == 0xFFFD);
  CHECK(d.length_bytes == 2);
  d = decode_utf8_at(s, 5);
  CHECK(d.valid);
  CHECK(d.code_point == U'x');
  const std::string four = "\xF0\x9F\x98\x80";
  CHECK(decode_utf8_at(four, 0).code_point == 0x1F600);
}

TEST_CASE("sanitize_utf8 keeps valid text and replaces invalid bytes", "[display_width]") {
  CHECK(sanitize_utf8("héllo 你好 \xF0\x9F\x98\x80") == "héllo 你好 \xF0\x9F\x98\x80");
  CHECK(sanitize_utf8("a\xFF"
                      "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(sanitize_utf8("\xE4\xBD") == "\xEF\xBF\xBD");
}

TEST_CASE("printable_text turns line controls into spaces and drops the rest", "[display_width]") {
  CHECK(printable_text("a\tb\nc\rd") == "a b c d");
  CHECK(printable_text("red\x1b[31m!\x7f") == "red[31m!");
  CHECK(printable_text("x\xC2\x9B"
                       "y") == "xy");  // C1 CSI
  CHECK(printable_text("ok\xFF") == "ok\xEF\xBF\xBD");
}

TEST_CASE("truncate_left_to_width keeps the newest tail that fits", "[display_width]") {
  CHECK(truncate_left_to_width("hello world", 5) == "world");
  CHECK(truncate_left_to_width("hello", 10) == "hello");
  CHECK(truncate_left_to_width("你好世界", 5) == "世界");  // a wide character never half-shows
  CHECK(truncate_left_to_width("你好世界", 4) == "世界");
  CHECK(truncate_left_to_width("abc", 0).empty());
  CHECK(truncate_left_to_width("abc", -3).empty());
}
