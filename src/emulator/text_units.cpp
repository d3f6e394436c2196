#include "emulator/text_units.h"

namespace dsasr::emulator {
namespace {

// Decodes one UTF-8 code point at `i`; advances `i`. Invalid bytes decode as themselves so that
// arbitrary script files never stall the splitter.
uint32_t next_code_point(std::string_view s, size_t& i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = 1;
  uint32_t cp = b0;
  if (b0 >= 0xF0 && b0 < 0xF8) {
    len = 4;
    cp = b0 & 0x07u;
  } else if (b0 >= 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
  }
  if (i + len > s.size()) len = 1;
  if (len == 1) {
    ++i;
    return b0;
  }
  for (size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  }
  i += len;
  return cp;
}

bool is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

bool is_cjk(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

bool is_punctuation(uint32_t cp) {
  if (cp < 0x80) {
    switch (cp) {
      case '.':
      case ',':
      case '!':
      case '?':
      case ';':
      case ':':
      case '"':
      case ')':
        return true;
      default:
        return false;
    }
  }
  // CJK punctuation (、。〃〈〉《》「」『』【】 etc.) and full-width forms of ASCII punctuation.
  return (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) || cp == 0xFF01 ||
         cp == 0xFF0C || cp == 0xFF0E || cp == 0xFF1A || cp == 0xFF1B || cp == 0xFF1F ||
         cp == 0xFF09 || cp == 0x2026 || cp == 0x201D || cp == 0x2019;
}

}  // namespace

std::vector<TextUnit> split_units(std::string_view sentence) {
  std::vector<TextUnit> units;
  bool in_word = false;  // the last unit is a Latin word still accepting letters
  size_t i = 0;
  while (i < sentence.size()) {
    size_t start = i;
    uint32_t cp = next_code_point(sentence, i);
    std::string_view bytes = sentence.substr(start, i - start);
    if (is_space(cp)) {
      in_word = false;
      continue;
    }
    if (is_punctuation(cp) && !units.empty()) {
      // Punctuation closes the word before it, even without a space ("text,one").
      units.back().punctuation.append(bytes);
      units.back().end_offset = i;
      in_word = false;
      continue;
    }
    if (is_cjk(cp)) {
      units.push_back(TextUnit{std::string(bytes), "", i});
      in_word = false;
      continue;
    }
    if (in_word && units.back().punctuation.empty()) {
      units.back().text.append(bytes);
      units.back().end_offset = i;
    } else {
      units.push_back(TextUnit{std::string(bytes), "", i});
      in_word = true;
    }
  }
  return units;
}

std::string prefix_text(std::string_view sentence, const std::vector<TextUnit>& units,
                        size_t count) {
  if (count == 0 || units.empty()) return "";
  if (count > units.size()) count = units.size();
  return std::string(sentence.substr(0, units[count - 1].end_offset));
}

bool has_cjk(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (is_cjk(next_code_point(text, i))) return true;
  }
  return false;
}

std::vector<TimedUnit> spread_units(const std::vector<TextUnit>& units, size_t count,
                                    int64_t begin_ms, int64_t end_ms) {
  if (count > units.size()) count = units.size();
  std::vector<TimedUnit> out;
  out.reserve(count);
  if (end_ms < begin_ms) end_ms = begin_ms;
  const int64_t span = end_ms - begin_ms;
  const auto n = static_cast<int64_t>(count);
  for (int64_t k = 0; k < n; ++k) {
    out.push_back(TimedUnit{begin_ms + span * k / n, begin_ms + span * (k + 1) / n,
                            &units[static_cast<size_t>(k)]});
  }
  return out;
}

}  // namespace dsasr::emulator
