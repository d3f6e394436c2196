#include "output/captions.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "output/display_width.h"

namespace dsasr::output {

namespace {

// How good a place to break after a unit is; higher is better.
enum BreakStrength : int {
  kInsideWord = 1,  // between two units of one word (CJK characters of a multi-character word)
  kBoundary = 2,    // a space, a word boundary, or a change between CJK and other text
  kPunctuation = 3,
};

// An unbreakable unit of text (see captions.h).
struct Unit {
  std::size_t begin = 0;  // byte range in the printable text
  std::size_t end = 0;
  int width = 0;
  bool space_before = false;  // separated from the previous unit by whitespace
  bool ends_with_punct = false;
  bool word_continues = false;  // an aligned word goes on into the next unit
  bool timed = false;
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
};

struct Text {
  std::string text;  // printable_text() of the input
  std::vector<Unit> units;
};

bool is_space(char32_t cp) {
  return cp == ' ' || cp == 0x3000;
}

constexpr std::u32string_view kOpeningPunct = U"([{“‘「『【《〈（［｛〔〖〘〚";

// Punctuation a line may break after: sentence and clause marks, closing quotes and brackets.
constexpr std::u32string_view kBreakAfter =
    U",.!?;:)]}，。！？、；：．…⋯﹐﹒”’」』】》〉）］｝〕〗〙〛";

bool is_opening(char32_t cp) {
  return kOpeningPunct.find(cp) != std::u32string_view::npos;
}

bool is_break_punct(char32_t cp) {
  return kBreakAfter.find(cp) != std::u32string_view::npos;
}

// ASCII quotes are ambiguous (opening or closing); inside a run they change nothing, so
// `Hello,"` still ends with punctuation.
bool is_neutral(char32_t cp) {
  return cp == '"' || cp == '\'';
}

// Cuts printable text into units. Word-boundary and timing fields are filled in later.
Text tokenize(std::string_view raw) {
  Text t;
  t.text = printable_text(raw);
  const std::string& s = t.text;

  enum class Kind { kNone, kOpening, kLatin, kCjk };
  Kind kind = Kind::kNone;
  Unit cur;
  bool last_punct_wide = false;  // the unit ends with fullwidth punctuation
  bool space_pending = false;

  auto finish = [&]() {
    if (kind != Kind::kNone) t.units.push_back(cur);
    kind = Kind::kNone;
  };
  auto start = [&](std::size_t at, Kind k) {
    cur = Unit{};
    cur.begin = at;
    cur.end = at;
    cur.space_before = space_pending && !t.units.empty();
    space_pending = false;
    kind = k;
    last_punct_wide = false;
  };
  auto append = [&](std::size_t end, int width) {
    cur.end = end;
    cur.width += width;
  };

  for (std::size_t i = 0; i < s.size();) {
    const DecodedCodePoint d = decode_utf8_at(s, i);
    const char32_t cp = d.code_point;
    const std::size_t next = i + d.length_bytes;
    const int width = code_point_width(cp);

    if (is_space(cp)) {
      finish();
      space_pending = true;
    } else if (width == 0) {
      if (kind == Kind::kNone) start(i, Kind::kLatin);
      append(next, 0);
    } else if (is_break_punct(cp)) {
      if (kind == Kind::kNone) {
        start(i, Kind::kLatin);
      } else if (kind == Kind::kOpening) {
        kind = Kind::kLatin;
      }
      append(next, width);
      cur.ends_with_punct = true;
      last_punct_wide = width == 2;
    } else if (is_opening(cp)) {
      const bool inside_run = kind == Kind::kLatin && width == 1 && !last_punct_wide;
      if (inside_run) {  // "f(x)"
        cur.ends_with_punct = false;
      } else if (kind != Kind::kOpening) {
        finish();
        start(i, Kind::kOpening);
      }
      append(next, width);
    } else if (is_neutral(cp)) {
      if (kind == Kind::kNone) start(i, Kind::kLatin);
      append(next, width);
    } else if (width == 2) {  // CJK character or emoji: a unit of its own
      if (kind == Kind::kLatin || kind == Kind::kCjk) {
        finish();
        start(i, Kind::kCjk);
      } else if (kind == Kind::kNone) {
        start(i, Kind::kCjk);
      } else {
        kind = Kind::kCjk;  // after an opening bracket
      }
      append(next, width);
      cur.ends_with_punct = false;
    } else {  // other text: extends a Latin run
      const bool run_continues = kind == Kind::kLatin && !(cur.ends_with_punct && last_punct_wide);
      if (kind == Kind::kOpening) {
        kind = Kind::kLatin;
      } else if (!run_continues) {
        finish();
        start(i, Kind::kLatin);
      }
      append(next, width);
      cur.ends_with_punct = false;
      last_punct_wide = false;
    }
    i = next;
  }
  finish();
  return t;
}

int break_after(const std::vector<Unit>& units, std::size_t k) {
  const Unit& a = units[k];
  const Unit& b = units[k + 1];
  if (a.ends_with_punct) return kPunctuation;
  // Without word times every break between CJK characters is as good as any other.
  return a.word_continues && !b.space_before ? kInsideWord : kBoundary;
}

int joined_width(const std::vector<Unit>& units, std::size_t from, std::size_t to) {
  int width = 0;
  for (std::size_t k = from; k < to; ++k) {
    width += units[k].width + (k > from && units[k].space_before ? 1 : 0);
  }
  return width;
}

// Where to end a piece [from, fill) that cannot take more units: after the last unit whose
// break is at least `strength` and keeps at least half the width of the full fill, trying
// punctuation first, then boundaries; else the full fill.
std::size_t preferred_end(const std::vector<Unit>& units, std::size_t from, std::size_t fill) {
  const int full = joined_width(units, from, fill);
  for (int strength : {kPunctuation, kBoundary}) {
    int width = full;  // of [from, k + 1), maintained as k walks back
    for (std::size_t k = fill; k-- > from;) {
      if (k + 1 < fill) width -= units[k + 1].width + (units[k + 1].space_before ? 1 : 0);
      if (2 * width < full) break;
      if (break_after(units, k) >= strength) return k + 1;
    }
  }
  return fill;
}

using Span = std::pair<std::size_t, std::size_t>;  // [first, last) unit indices

// Greedy lines of units [from, to): each as full as max_line_width allows (a unit wider than the
// line alone on its own), at most `max_lines` of them (the rest is left out). With
// `prefer_breaks`, a line that must break ends at preferred_end() instead of its full fill.
std::vector<Span> greedy_lines(const std::vector<Unit>& units, std::size_t from, std::size_t to,
                               int max_line_width, std::size_t max_lines, bool prefer_breaks) {
  std::vector<Span> lines;
  std::size_t k = from;
  while (k < to && lines.size() < max_lines) {
    int width = units[k].width;
    std::size_t e = k + 1;
    while (e < to) {
      const int more = (units[e].space_before ? 1 : 0) + units[e].width;
      if (width + more > max_line_width) break;
      width += more;
      ++e;
    }
    if (e < to && prefer_breaks) e = preferred_end(units, k, e);
    lines.emplace_back(k, e);
    k = e;
  }
  return lines;
}

// Above this many lines, balanced_lines() gives way to greedy_lines() with preferred breaks,
// which is linear: long translations and fuzzed input stay cheap.
constexpr std::size_t kMaxBalancedLines = 8;

// Cost of a break, against the squared deviation of line widths from their mean: a punctuation
// break is worth about 7 columns of imbalance per line over a space or word boundary, and a
// break inside a CJK word costs more again.
int64_t break_cost(int strength) {
  switch (strength) {
    case kPunctuation:
      return 0;
    case kBoundary:
      return 100;
    default:
      return 250;
  }
}

// The fewest lines units [from, to) need at max_line_width, chosen to be as even as possible
// and to break at punctuation, then spaces and word boundaries (dynamic programming over break
// points; each line at most max_line_width wide unless it is one unit).
std::vector<Span> balanced_lines(const std::vector<Unit>& units, std::size_t from, std::size_t to,
                                 int max_line_width) {
  const std::size_t count = greedy_lines(units, from, to, max_line_width, to - from, false).size();
  if (count <= 1 || count > kMaxBalancedLines) {
    // Preferred breaks make lines shorter; never let them add a line (a cue's units were chosen
    // to fit max_lines plain greedy lines).
    std::vector<Span> preferred = greedy_lines(units, from, to, max_line_width, to - from, true);
    if (preferred.size() <= count) return preferred;
    return greedy_lines(units, from, to, max_line_width, to - from, false);
  }
  const std::size_t n = to - from;
  // prefix[x]: width of units [from, from + x) with the spaces before them.
  std::vector<int64_t> prefix(n + 1, 0);
  for (std::size_t x = 0; x < n; ++x) {
    const Unit& u = units[from + x];
    prefix[x + 1] = prefix[x] + u.width + (u.space_before ? 1 : 0);
  }
  auto width = [&](std::size_t i, std::size_t j) {  // of a line holding units [i, j)
    return prefix[j] - prefix[i] - (units[from + i].space_before ? 1 : 0);
  };
  const auto k = static_cast<int64_t>(count);
  const int64_t total = width(0, n);
  constexpr int64_t kUnreachable = INT64_MAX;
  // cost[l][j]: best cost of units [0, j) in l lines; back[l][j]: where the last line starts.
  std::vector<std::vector<int64_t>> cost(count + 1, std::vector<int64_t>(n + 1, kUnreachable));
  std::vector<std::vector<std::size_t>> back(count + 1, std::vector<std::size_t>(n + 1, 0));
  cost[0][0] = 0;
  for (std::size_t l = 1; l <= count; ++l) {
    for (std::size_t j = 1; j <= n; ++j) {
      for (std::size_t i = j; i-- > 0;) {
        const int64_t w = width(i, j);
        if (w > max_line_width && i + 1 < j) break;
        if (cost[l - 1][i] == kUnreachable) continue;
        const int64_t deviation = w * k - total;  // scaled by k to stay in integers
        int64_t c = cost[l - 1][i] + deviation * deviation;
        if (j < n) c += break_cost(break_after(units, from + j - 1)) * k * k;
        if (c < cost[l][j]) {
          cost[l][j] = c;
          back[l][j] = i;
        }
      }
    }
  }
  std::vector<Span> lines(count);
  std::size_t j = n;
  for (std::size_t l = count; l > 0; --l) {
    const std::size_t i = back[l][j];
    lines[l - 1] = {from + i, from + j};
    j = i;
  }
  return lines;
}

std::string line_text(const Text& t, Span span) {
  std::string line;
  for (std::size_t k = span.first; k < span.second; ++k) {
    const Unit& u = t.units[k];
    if (k > span.first && u.space_before) line.push_back(' ');
    line.append(t.text, u.begin, u.end - u.begin);
  }
  return line;
}

void append_lines(const Text& t, std::size_t from, std::size_t to, int max_line_width,
                  std::vector<std::string>& out) {
  if (from >= to) return;
  for (const Span& span : balanced_lines(t.units, from, to, max_line_width)) {
    out.push_back(line_text(t, span));
  }
}

// Spreads [begin_ms, end_ms] over units [from, to) in proportion to display width.
void share_time(std::vector<Unit>& units, std::size_t from, std::size_t to, int64_t begin_ms,
                int64_t end_ms) {
  if (end_ms < begin_ms) end_ms = begin_ms;
  int64_t total = 0;
  for (std::size_t k = from; k < to; ++k) total += std::max(units[k].width, 1);
  int64_t done = 0;
  for (std::size_t k = from; k < to; ++k) {
    // In long double: (end - begin) * done overflows int64 for times a hostile server may send.
    const auto span = static_cast<long double>(end_ms - begin_ms);
    const int64_t b = begin_ms + static_cast<int64_t>(span * static_cast<long double>(done) /
                                                      static_cast<long double>(total));
    done += std::max(units[k].width, 1);
    const int64_t e = begin_ms + static_cast<int64_t>(span * static_cast<long double>(done) /
                                                      static_cast<long double>(total));
    Unit& u = units[k];
    u.begin_ms = u.timed ? std::min(u.begin_ms, b) : b;
    u.end_ms = u.timed ? std::max(u.end_ms, e) : e;
    u.timed = true;
  }
}

// Finds each word in the text, in order, and gives its units the word's time.
void apply_words(Text& t, const std::vector<protocol::Word>& words) {
  std::vector<Unit>& units = t.units;
  std::size_t cursor = 0;
  for (const protocol::Word& word : words) {
    std::string needle = printable_text(word.text);
    const std::size_t first = needle.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    needle = needle.substr(first, needle.find_last_not_of(' ') + 1 - first);
    // Words follow the text closely; a bounded search keeps a word that is missing from the
    // text (different case, other normalisation) from costing a scan of the whole text.
    constexpr std::size_t kSearchSlackBytes = 256;
    const std::size_t found =
        std::string_view(t.text).substr(cursor, needle.size() + kSearchSlackBytes).find(needle);
    if (found == std::string_view::npos) continue;  // its units are timed from their neighbours
    const std::size_t at = cursor + found;
    const std::size_t stop = at + needle.size();
    cursor = stop;
    auto lo = std::partition_point(units.begin(), units.end(),
                                   [&](const Unit& u) { return u.end <= at; });
    auto hi = std::partition_point(lo, units.end(), [&](const Unit& u) { return u.begin < stop; });
    if (lo == hi) continue;
    const auto from = static_cast<std::size_t>(lo - units.begin());
    const auto to = static_cast<std::size_t>(hi - units.begin());
    share_time(units, from, to, word.begin_ms, word.end_ms);
    for (std::size_t k = from; k + 1 < to; ++k) units[k].word_continues = true;
  }
}

// Times every unit: words first, then the gaps from their neighbours, then monotonic.
void time_units(Text& t, const protocol::Sentence& s) {
  std::vector<Unit>& units = t.units;
  apply_words(t, s.words);
  int64_t sentence_end = s.begin_ms;
  if (s.end_ms) {
    sentence_end = *s.end_ms;
  } else {
    for (const Unit& u : units) {
      if (u.timed) sentence_end = std::max(sentence_end, u.end_ms);
    }
  }
  for (std::size_t k = 0; k < units.size();) {
    if (units[k].timed) {
      ++k;
      continue;
    }
    std::size_t gap_end = k;
    while (gap_end < units.size() && !units[gap_end].timed) ++gap_end;
    const int64_t left = k > 0 ? units[k - 1].end_ms : s.begin_ms;
    const int64_t right = gap_end < units.size() ? units[gap_end].begin_ms : sentence_end;
    share_time(units, k, gap_end, left, right);
    k = gap_end;
  }
  for (std::size_t k = 1; k < units.size(); ++k) {
    units[k].begin_ms = std::max(units[k].begin_ms, units[k - 1].begin_ms);
    units[k].end_ms = std::max({units[k].end_ms, units[k].begin_ms, units[k - 1].end_ms});
  }
  if (!units.empty()) {
    units.front().begin_ms = std::min(units.front().begin_ms, s.begin_ms);
    units.back().end_ms = std::max(units.back().end_ms, sentence_end);
  }
}

// Appends a translation to the cues, split in proportion to the original's width per cue.
void add_translation(std::vector<Cue>& cues, const std::vector<Span>& cue_spans,
                     const Text& original, std::string_view translation, int max_line_width) {
  const Text tr = tokenize(translation);
  if (tr.units.empty()) return;
  std::vector<int64_t> tr_cumulative{0};  // width of the first p translation units
  for (const Unit& u : tr.units) tr_cumulative.push_back(tr_cumulative.back() + u.width);
  int64_t original_total = 0;
  for (const Span& span : cue_spans) {
    original_total += joined_width(original.units, span.first, span.second);
  }
  const int64_t tr_total = tr_cumulative.back();

  std::size_t cut = 0;
  int64_t original_done = 0;
  for (std::size_t c = 0; c < cues.size(); ++c) {
    original_done += joined_width(original.units, cue_spans[c].first, cue_spans[c].second);
    std::size_t next = tr.units.size();
    if (c + 1 < cues.size() && original_total > 0) {
      // Nearest p to original_done / original_total of the translation, in integers.
      auto distance = [&](std::size_t p) {
        const int64_t d = tr_cumulative[p] * original_total - original_done * tr_total;
        return d < 0 ? -d : d;
      };
      // The nearest punctuation within 15% of the translation's width wins over the nearest
      // boundary, so a clause is not cut one word before its comma.
      next = cut;
      std::optional<std::size_t> punct;
      for (std::size_t p = cut + 1; p <= tr.units.size(); ++p) {
        if (distance(p) < distance(next)) next = p;
        const bool near = distance(p) * 100 <= 15 * tr_total * original_total;
        if (near && tr.units[p - 1].ends_with_punct && (!punct || distance(p) < distance(*punct))) {
          punct = p;
        }
      }
      if (punct) next = *punct;
    }
    append_lines(tr, cut, next, max_line_width, cues[c].lines);
    cut = next;
  }
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, int max_line_width) {
  const Text t = tokenize(text);
  std::vector<std::string> lines;
  append_lines(t, 0, t.units.size(), std::max(max_line_width, 1), lines);
  return lines;
}

std::vector<Cue> segment_sentence(const protocol::Sentence& sentence,
                                  const CaptionOptions& options) {
  const int max_line_width = std::max(options.max_line_width, 1);
  const auto max_lines = static_cast<std::size_t>(std::max(options.max_lines, 1));
  const int64_t max_duration_ms = std::max<int64_t>(options.max_cue_duration_ms, 1);

  // Times beyond a century are nonsense from the service; clamping them keeps every sum below
  // in range (captions for such a sentence are still written, at the clamped time).
  protocol::Sentence clamped = sentence;
  static constexpr int64_t kMaxTimeMs = int64_t{100} * 365 * 24 * 3600 * 1000;
  auto clamp_ms = [](int64_t& ms) { ms = std::clamp<int64_t>(ms, 0, kMaxTimeMs); };
  clamp_ms(clamped.begin_ms);
  if (clamped.end_ms) clamp_ms(*clamped.end_ms);
  for (protocol::Word& w : clamped.words) {
    clamp_ms(w.begin_ms);
    clamp_ms(w.end_ms);
  }

  Text t = tokenize(clamped.text);
  time_units(t, clamped);
  const std::vector<Unit>& units = t.units;

  std::vector<Cue> cues;
  std::vector<Span> cue_spans;
  for (std::size_t from = 0; from < units.size();) {
    // As much as max_lines lines hold, then no longer than the maximum duration.
    std::size_t to =
        greedy_lines(units, from, units.size(), max_line_width, max_lines, false).back().second;
    while (to - 1 > from && units[to - 1].end_ms - units[from].begin_ms > max_duration_ms) --to;
    if (to < units.size()) to = preferred_end(units, from, to);

    Cue cue;
    cue.begin_ms = units[from].begin_ms;
    cue.end_ms = units[to - 1].end_ms;
    append_lines(t, from, to, max_line_width, cue.lines);
    cues.push_back(std::move(cue));
    cue_spans.emplace_back(from, to);
    from = to;
  }

  if (cues.empty()) {
    // Nothing to show of the original; a translation alone still makes a cue.
    Cue cue;
    cue.begin_ms = clamped.begin_ms;
    cue.end_ms = std::max(clamped.begin_ms, clamped.end_ms.value_or(clamped.begin_ms));
    for (const auto& [language, text] : sentence.translations) {
      const Text tr = tokenize(text);
      append_lines(tr, 0, tr.units.size(), max_line_width, cue.lines);
    }
    if (!cue.lines.empty()) cues.push_back(std::move(cue));
    return cues;
  }
  for (const auto& [language, text] : sentence.translations) {
    add_translation(cues, cue_spans, t, text, max_line_width);
  }
  return cues;
}

Cue CueTimeline::place(Cue cue) {
  cue.begin_ms = std::max(cue.begin_ms, end_ms_);
  cue.end_ms = std::max(cue.end_ms, cue.begin_ms + kMinCueDurationMs);
  end_ms_ = cue.end_ms;
  return cue;
}

}  // namespace dsasr::output
