// Caption segmentation: final sentences in, timed cues of wrapped lines out. Pure (no I/O, no
// state but CueTimeline's last end); any thread. The SRT and VTT writers are thin shells over it.
//
// Line wrapping (wrap_text and each cue's lines), by display width (display_width.h):
//  - Text is cut into unbreakable units: a run of non-CJK characters between spaces (a Latin
//    word with its punctuation, "3.5", "e.g.", "C++"), or one CJK character (ideograph, kana,
//    Hangul syllable, fullwidth form, emoji). Punctuation and closing quotes/brackets stay with
//    the unit before them, opening quotes/brackets with the unit after them, so no line starts
//    with "，" or ends with "“".
//  - A piece of text takes the fewest lines that hold it in max_line_width columns (a unit
//    wider than the line sits alone on its own line, unbroken). Among the ways to fill exactly
//    that many lines, the one chosen keeps the lines even and breaks after punctuation
//    (，。！？、；：,.!?;: and closing quotes/brackets) first, then at a space, a word boundary or
//    a change between CJK and Latin text, and only then between two CJK characters of one word
//    (known from word timestamps; without them every break between CJK characters is a boundary): a
//    punctuation break is taken unless it makes lines about 7 columns per line more uneven than
//    the alternative. (Beyond 8 lines, lines are filled greedily, breaking at the last
//    punctuation, else boundary, that keeps the line at least half full.)
//  - CJK characters count 2 columns: 42 columns hold 21 Chinese characters.
//
// Cues, for one sentence:
//  - A cue holds at most max_lines lines of the original text and spans at most
//    max_cue_duration_ms (a single unit longer than that still makes one cue). A sentence that
//    does not fit is split into several cues: a cue takes what max_lines greedily filled lines
//    hold, but ends after the last punctuation, else space or word boundary, that keeps it at
//    least half that wide.
//  - Times come from the words' timestamps (a word covering several CJK units shares its time
//    between them by display width); units no word accounts for, and all units of a sentence
//    without words, share the time between their neighbours (or the sentence's begin/end) in
//    proportion to display width. The first cue starts at the sentence's begin and the last
//    ends at its end (or at the words' outer times when those lie outside).
//  - Translations (Sentence::translations, in language order): each cue holds the original lines,
//    then for each language the translation lines. When the sentence makes several cues, each
//    translation is split between them in proportion to the original's display width per cue
//    (cut between translation units nearest that proportion, or at the nearest punctuation
//    within 15% of the translation's width of it), so the translation advances with the speech
//    instead of arriving all at the end. Translation lines wrap like the original's but are not
//    limited by max_lines.
//  - A sentence whose text is empty after removing control characters makes no cue (or, if it
//    has a translation, one cue holding only the translation).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/events.h"

namespace dsasr::output {

struct CaptionOptions {
  int max_line_width = 42;             // display columns; values below 1 act as 1
  int max_lines = 2;                   // original-text lines per cue; values below 1 act as 1
  int64_t max_cue_duration_ms = 7000;  // values below 1 act as 1
};

struct Cue {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  std::vector<std::string> lines;  // original lines, then translation lines; none is empty
};

// Wraps `text` (any UTF-8; controls removed, invalid bytes replaced) into lines of at most
// max_line_width columns, by the rules above, with no limit on the number of lines.
std::vector<std::string> wrap_text(std::string_view text, int max_line_width);

// The cues of one final sentence, in order, with begin_ms <= end_ms and non-decreasing times
// (not yet placed on a CueTimeline).
std::vector<Cue> segment_sentence(const protocol::Sentence& sentence,
                                  const CaptionOptions& options);

// Keeps the cues of one output monotonic and non-overlapping across sentences: a cue starting
// before the previous cue's end (or before 0) starts at that end instead, and a cue that would
// then end at or before its start gets the minimum duration. Cues never go backwards.
class CueTimeline {
 public:
  // The shortest cue placed: 1 ms, the smallest positive duration SRT and VTT can express, so
  // a cue squeezed by a late or backwards sentence is still valid and still in order.
  static constexpr int64_t kMinCueDurationMs = 1;

  Cue place(Cue cue);
  int64_t end_ms() const { return end_ms_; }

 private:
  int64_t end_ms_ = 0;  // end of the last placed cue
};

}  // namespace dsasr::output
