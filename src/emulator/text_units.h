// Splitting a sentence's text into the units the emulator times and grows: one unit per word for
// Latin text (trailing punctuation split off), one per character for CJK text. Pure; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsasr::emulator {

struct TextUnit {
  std::string text;         // the word or character, without trailing punctuation
  std::string punctuation;  // punctuation that followed it ("" if none)
  size_t end_offset = 0;    // byte offset in the sentence just after the punctuation
};

// Units of `sentence` in order. Whitespace separates Latin words; every CJK character (and CJK
// punctuation-free ideograph, kana or hangul) is its own unit.
std::vector<TextUnit> split_units(std::string_view sentence);

// The first `count` units as they appear in `sentence` (original spacing and punctuation kept).
std::string prefix_text(std::string_view sentence, const std::vector<TextUnit>& units,
                        size_t count);

// True if the text contains at least one CJK character (decides the Qwen default language).
bool has_cjk(std::string_view text);

// A unit placed in time: even spread of `units` over [begin_ms, end_ms].
struct TimedUnit {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  const TextUnit* unit = nullptr;
};
std::vector<TimedUnit> spread_units(const std::vector<TextUnit>& units, size_t count,
                                    int64_t begin_ms, int64_t end_ms);

}  // namespace dsasr::emulator
