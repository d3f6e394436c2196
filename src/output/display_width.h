// Terminal display width of UTF-8 text, from the project's own range table (no wcwidth(), no
// locale), so captions wrap the same on every machine. Pure functions; any thread.
//
// Widths per code point: East Asian Wide and Fullwidth characters (CJK ideographs, kana, Hangul
// syllables, fullwidth forms, CJK punctuation) and emoji are 2; combining marks, zero-width and
// format characters (ZWJ, variation selectors, emoji skin-tone modifiers) are 0; C0/C1 controls
// are 0; everything else is 1. Grapheme clusters are not formed: an emoji ZWJ sequence counts
// each of its emoji.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dsasr::output {

// The replacement character written for bytes that are not valid UTF-8.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

struct DecodedCodePoint {
  char32_t code_point = 0;       // kReplacementCharacter when !valid
  std::size_t length_bytes = 0;  // bytes consumed; at least 1 while offset < text.size()
  bool valid = false;
};

// Decodes the code point starting at `offset` (< text.size()). Invalid input (bad lead byte,
// overlong form, surrogate, value above U+10FFFF, truncated sequence) yields one replacement per
// maximal ill-formed subpart, as Unicode recommends, so decoding always makes progress.
DecodedCodePoint decode_utf8_at(std::string_view text, std::size_t offset);

// Appends `code_point` (<= U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

// Columns a code point occupies on a terminal: 0, 1 or 2 (see the file comment).
int code_point_width(char32_t code_point);

// Sum of the code point widths of `text`; invalid bytes count as U+FFFD (width 1).
int display_width(std::string_view text);

// `text` with every invalid UTF-8 subpart replaced by U+FFFD; valid text is returned unchanged.
std::string sanitize_utf8(std::string_view text);

// sanitize_utf8(), then tab, CR and LF become spaces and all other C0/C1 controls and DEL are
// dropped, so the result can be printed on one terminal line without escape sequences.
std::string printable_text(std::string_view text);

// The longest tail of `text` (after sanitize_utf8) that fits in `max_columns` display columns;
// "" when max_columns <= 0. Used to show the newest part of a long partial result.
std::string truncate_left_to_width(std::string_view text, int max_columns);

}  // namespace dsasr::output
