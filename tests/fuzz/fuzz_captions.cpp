// Fuzzes caption segmentation: wrap_text, segment_sentence and CueTimeline.
//
// Input layout (every read past the end gives zeros / empty text, so any input is valid):
//   byte 0   flags: bit 0 full-range times (any non-negative int64, as the wire allows; the
//            environment variable FUZZ_CAPTIONS_TIME_BITS=N limits them to N bits, to look
//            past a known overflow), else 32-bit times; bit 1 the sentence has end_ms; bit 2 a
//            translation ("en"); bit 3 a second translation ("ja"); bits 4-5 the number of
//            sentences minus one
//   byte 1   max_line_width (int8)   byte 2  max_lines (int8)
//   byte 3-4 max_cue_duration_ms (int16, little-endian; the value times 4 when bit 6 is set)
//   then per sentence:
//     begin_ms, end_ms (times: 4 or 8 bytes little-endian)
//     text up to a NUL byte; each translation up to a NUL byte
//     word count (1 byte), then per word: offset into the text (2 bytes), length in bytes
//     (1 byte), begin_ms and end_ms (times). The word's text is that slice of the sentence text.
//
// Invariants (output/captions.h): lines are never empty; a line is at most max_line_width
// columns unless it is one unbreakable unit; a cue has at most max_lines original lines and
// spans at most max_cue_duration_ms unless it is one unit; no text is lost (the lines hold the
// printable text minus spaces, in order); translations only add lines after the original ones;
// a sentence's cues have begin <= end and non-decreasing times; cues placed on a CueTimeline
// start at or after the previous end, at or after 0, and end after they start.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "output/captions.h"
#include "output/display_width.h"
#include "protocol/events.h"

namespace {

using namespace dsasr;

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  uint64_t bytes_le(size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(byte()) << (8 * i);
    return v;
  }
  uint8_t byte() { return pos_ < data_.size() ? static_cast<uint8_t>(data_[pos_++]) : 0; }
  std::string_view until_nul() {
    const size_t start = std::min(pos_, data_.size());
    size_t end = data_.find('\0', start);
    if (end == std::string_view::npos) end = data_.size();
    pos_ = end + 1;
    return data_.substr(start, end - start);
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// The text without its spaces (ASCII space and U+3000, the separators captions drop or
// re-insert), after the same clean-up captions apply (printable_text).
std::string without_spaces(std::string_view text) {
  const std::string printable = output::printable_text(text);
  std::string out;
  for (size_t i = 0; i < printable.size();) {
    const output::DecodedCodePoint d = output::decode_utf8_at(printable, i);
    if (d.code_point != ' ' && d.code_point != 0x3000) out.append(printable, i, d.length_bytes);
    i += d.length_bytes;
  }
  return out;
}

std::string joined_without_spaces(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string all;
  for (size_t i = from; i < to && i < lines.size(); ++i) all += without_spaces(lines[i]);
  return all;
}

// Number of unbreakable units in `line`: wrapping at width 1 puts each unit on its own line.
size_t units_in(const std::string& line) {
  return output::wrap_text(line, 1).size();
}

void check_lines(const std::vector<std::string>& lines, size_t from, size_t to, int width) {
  for (size_t i = from; i < to; ++i) {
    const std::string& line = lines[i];
    fuzz::check(!line.empty(), "an empty line");
    fuzz::check(fuzz::is_utf8(line), "a line is not UTF-8", line);
    fuzz::check(output::display_width(line) <= width || units_in(line) == 1,
                "a line wider than max_line_width holds more than one unit", line);
  }
}

void check_sentence(const protocol::Sentence& sentence, const output::CaptionOptions& options,
                    output::CueTimeline& timeline) {
  const int width = std::max(options.max_line_width, 1);
  const size_t max_lines = static_cast<size_t>(std::max(options.max_lines, 1));
  const int64_t max_duration = std::max<int64_t>(options.max_cue_duration_ms, 1);
  const std::string expected = without_spaces(sentence.text);

  // wrap_text alone.
  const std::vector<std::string> wrapped = output::wrap_text(sentence.text, options.max_line_width);
  check_lines(wrapped, 0, wrapped.size(), width);
  fuzz::check(joined_without_spaces(wrapped, 0, wrapped.size()) == expected,
              "wrap_text lost or changed text", sentence.text);

  // The original alone.
  protocol::Sentence plain = sentence;
  plain.translations.clear();
  const std::vector<output::Cue> cues = output::segment_sentence(plain, options);
  std::string seen;
  for (size_t c = 0; c < cues.size(); ++c) {
    const output::Cue& cue = cues[c];
    fuzz::check(cue.begin_ms <= cue.end_ms, "a cue ends before it starts");
    if (c > 0) {
      fuzz::check(cue.begin_ms >= cues[c - 1].begin_ms && cue.end_ms >= cues[c - 1].end_ms,
                  "a sentence's cues go backwards");
    }
    fuzz::check(!cue.lines.empty(), "a cue without lines");
    fuzz::check(cue.lines.size() <= max_lines, "a cue with more than max_lines lines");
    check_lines(cue.lines, 0, cue.lines.size(), width);
    const bool one_unit = cue.lines.size() == 1 && units_in(cue.lines[0]) == 1;
    // end - begin, without overflowing when the times are far apart.
    const bool too_long = cue.end_ms > cue.begin_ms &&
                          static_cast<uint64_t>(cue.end_ms) - static_cast<uint64_t>(cue.begin_ms) >
                              static_cast<uint64_t>(max_duration);
    fuzz::check(!too_long || one_unit, "a cue of several units longer than max_cue_duration_ms");
    seen += joined_without_spaces(cue.lines, 0, cue.lines.size());
  }
  fuzz::check(seen == expected, "segment_sentence lost or changed text", sentence.text);

  // With translations: the same cues with translation lines after the original ones.
  std::string tr_expected;
  size_t tr_code_points = 0;
  for (const auto& [language, text] : sentence.translations) {
    tr_expected += without_spaces(text);
  }
  for (size_t i = 0; i < tr_expected.size();) {
    i += output::decode_utf8_at(tr_expected, i).length_bytes;
    ++tr_code_points;
  }
  const std::vector<output::Cue> tr_cues = output::segment_sentence(sentence, options);
  std::string tr_seen;
  if (cues.empty()) {
    fuzz::check(tr_cues.size() == (tr_expected.empty() ? 0u : 1u),
                "a translation-only sentence does not make one cue");
    for (const output::Cue& cue : tr_cues) {
      check_lines(cue.lines, 0, cue.lines.size(), width);
      fuzz::check(cue.begin_ms <= cue.end_ms, "a translation-only cue ends before it starts");
      tr_seen += joined_without_spaces(cue.lines, 0, cue.lines.size());
    }
    fuzz::check(tr_seen == tr_expected, "a translation-only cue lost text");
  } else {
    fuzz::check(tr_cues.size() == cues.size(), "translations changed the number of cues");
    for (size_t c = 0; c < cues.size(); ++c) {
      const output::Cue& cue = tr_cues[c];
      fuzz::check(cue.begin_ms == cues[c].begin_ms && cue.end_ms == cues[c].end_ms,
                  "translations changed a cue's times");
      fuzz::check(cue.lines.size() >= cues[c].lines.size() &&
                      std::equal(cues[c].lines.begin(), cues[c].lines.end(), cue.lines.begin()),
                  "translations changed a cue's original lines");
      check_lines(cue.lines, cues[c].lines.size(), cue.lines.size(), width);
      tr_seen += joined_without_spaces(cue.lines, cues[c].lines.size(), cue.lines.size());
    }
    if (sentence.translations.size() <= 1) {
      fuzz::check(tr_seen == tr_expected, "a translation lost or changed text");
    } else {  // languages interleave per cue; compare the amount of text
      size_t n = 0;
      for (size_t i = 0; i < tr_seen.size();) {
        i += output::decode_utf8_at(tr_seen, i).length_bytes;
        ++n;
      }
      fuzz::check(n == tr_code_points, "translations lost or gained text");
    }
  }

  // Placed on the output's timeline.
  for (const output::Cue& cue : tr_cues) {
    const int64_t previous_end = timeline.end_ms();
    const output::Cue placed = timeline.place(cue);
    fuzz::check(placed.begin_ms >= 0 && placed.begin_ms >= previous_end,
                "a placed cue overlaps the previous one or goes backwards");
    fuzz::check(placed.end_ms > placed.begin_ms, "a placed cue does not end after it starts");
    fuzz::check(placed.begin_ms == std::max(cue.begin_ms, previous_end),
                "a placed cue moved more than needed");
    fuzz::check(placed.lines == cue.lines, "placing changed a cue's lines");
    fuzz::check(timeline.end_ms() == placed.end_ms, "the timeline's end is not the last cue's");
  }
}

// Mask of the full-range times: 63 bits unless FUZZ_CAPTIONS_TIME_BITS says fewer.
uint64_t full_range_mask() {
  static const uint64_t mask = [] {
    int bits = 63;
    if (const char* env = std::getenv("FUZZ_CAPTIONS_TIME_BITS")) bits = std::atoi(env);
    bits = std::clamp(bits, 1, 63);
    return (uint64_t{1} << bits) - 1;
  }();
  return mask;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(std::string_view(reinterpret_cast<const char*>(data), size));
  const uint8_t flags = in.byte();
  const bool full_range = (flags & 1) != 0;
  auto time = [&]() -> int64_t {
    if (full_range) return static_cast<int64_t>(in.bytes_le(8) & full_range_mask());
    return static_cast<int64_t>(in.bytes_le(4));
  };

  output::CaptionOptions options;
  options.max_line_width = static_cast<int8_t>(in.byte());
  options.max_lines = static_cast<int8_t>(in.byte());
  options.max_cue_duration_ms = static_cast<int16_t>(in.bytes_le(2)) * ((flags & 0x40) ? 4 : 1);

  output::CueTimeline timeline;
  const int sentences = 1 + ((flags >> 4) & 3);
  for (int n = 0; n < sentences; ++n) {
    protocol::Sentence s;
    s.sentence_id = n + 1;
    s.begin_ms = time();
    const int64_t end = time();
    if (flags & 2) s.end_ms = end;
    s.text = std::string(in.until_nul());
    if (flags & 4) s.translations["en"] = std::string(in.until_nul());
    if (flags & 8) s.translations["ja"] = std::string(in.until_nul());
    const uint8_t words = in.byte();
    for (uint8_t w = 0; w < words; ++w) {
      protocol::Word word;
      const size_t offset = static_cast<size_t>(in.bytes_le(2)) % (s.text.size() + 1);
      word.text = s.text.substr(offset, in.byte());
      word.begin_ms = time();
      word.end_ms = time();
      s.words.push_back(std::move(word));
    }
    check_sentence(s, options, timeline);
  }
  return 0;
}
