#include "app/meeting_merge.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace dsasr::app {

namespace {

constexpr size_t kRecentSystemKept = 64;

// Text reduced to what the echo guard compares: code points, ASCII letters lower-cased, without
// spaces, ASCII punctuation and the common CJK punctuation.
std::u32string comparable(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    char32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < text.size() + 0) {
      cp = static_cast<char32_t>(((c & 0x07u) << 18) |
                                 ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 12) |
                                 ((static_cast<unsigned char>(text[i + 2]) & 0x3Fu) << 6) |
                                 (static_cast<unsigned char>(text[i + 3]) & 0x3Fu));
      len = 4;
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      cp = static_cast<char32_t>(((c & 0x0Fu) << 12) |
                                 ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                                 (static_cast<unsigned char>(text[i + 2]) & 0x3Fu));
      len = 3;
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      cp = static_cast<char32_t>(((c & 0x1Fu) << 6) |
                                 (static_cast<unsigned char>(text[i + 1]) & 0x3Fu));
      len = 2;
    }
    i += len;
    if (cp < 0x80) {
      if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
        out.push_back(cp);
      } else if (cp >= 'A' && cp <= 'Z') {
        out.push_back(cp - 'A' + 'a');
      }
      continue;  // spaces, punctuation, controls
    }
    // CJK symbols and punctuation (U+3000-303F), fullwidth forms' punctuation, general
    // punctuation (quotes, dashes, ellipsis).
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x2000 && cp <= 0x206F)) {
      continue;
    }
    out.push_back(cp);
  }
  return out;
}

}  // namespace

double text_similarity(std::string_view a, std::string_view b) {
  const std::u32string x = comparable(a);
  const std::u32string y = comparable(b);
  if (x.empty() && y.empty()) return 1.0;
  if (x.empty() || y.empty()) return 0.0;
  // Levenshtein distance, one row at a time.
  std::vector<size_t> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  const double longer = static_cast<double>(std::max(x.size(), y.size()));
  return 1.0 - static_cast<double>(row[y.size()]) / longer;
}

bool is_echo(const protocol::Sentence& mic, const protocol::Sentence& system) {
  const int64_t mic_end = mic.end_ms.value_or(mic.begin_ms);
  const int64_t system_end = system.end_ms.value_or(system.begin_ms);
  return std::llabs(mic.begin_ms - system.begin_ms) <= MeetingMerge::kEchoWindowMs &&
         std::llabs(mic_end - system_end) <= MeetingMerge::kEchoWindowMs &&
         text_similarity(mic.text, system.text) >= MeetingMerge::kEchoSimilarity;
}

void MeetingMerge::partial(MeetingStream stream, const protocol::Sentence& sentence) {
  streams_[static_cast<int>(stream)].under_way_from = sentence.begin_ms;
}

void MeetingMerge::final(MeetingStream stream, protocol::Sentence sentence, std::string task_id) {
  State& s = streams_[static_cast<int>(stream)];
  s.under_way_from.reset();
  s.last_end_ms = std::max(s.last_end_ms, sentence.end_ms.value_or(sentence.begin_ms));
  if (stream == MeetingStream::kSystem) {
    recent_system_.push_back(sentence);
    if (recent_system_.size() > kRecentSystemKept) recent_system_.pop_front();
  }
  s.held.push_back(Released{stream, std::move(sentence), std::move(task_id)});
}

void MeetingMerge::ended(MeetingStream stream) {
  State& s = streams_[static_cast<int>(stream)];
  s.ended = true;
  s.under_way_from.reset();
}

int64_t MeetingMerge::watermark(const State& s, int64_t now_ms) const {
  if (s.ended) return std::numeric_limits<int64_t>::max();
  if (s.under_way_from) return *s.under_way_from;
  return std::max(s.last_end_ms, now_ms - kIdleLagMs);
}

bool MeetingMerge::echoed(const protocol::Sentence& mic) const {
  return std::any_of(recent_system_.begin(), recent_system_.end(),
                     [&](const protocol::Sentence& system) { return is_echo(mic, system); });
}

std::vector<MeetingMerge::Released> MeetingMerge::release(int64_t now_ms) {
  std::vector<Released> out;
  State& mic = streams_[0];
  State& system = streams_[1];
  for (;;) {
    if (echo_guard_ && !mic.held.empty() && echoed(mic.held.front().sentence)) {
      mic.held.pop_front();
      ++echoes_dropped_;
      continue;
    }
    const bool mic_first =
        !mic.held.empty() && (system.held.empty() || mic.held.front().sentence.begin_ms <=
                                                         system.held.front().sentence.begin_ms);
    if (mic.held.empty() && system.held.empty()) break;
    State& from = mic_first ? mic : system;
    const State& other = mic_first ? system : mic;
    const protocol::Sentence& next = from.held.front().sentence;
    const int64_t other_mark = watermark(other, now_ms);
    bool ready = next.begin_ms <= other_mark;
    if (ready && mic_first && echo_guard_ && !system.ended) {
      // Its twin from the speakers may still be on its way.
      ready = other_mark >= next.end_ms.value_or(next.begin_ms) + kEchoWindowMs;
    }
    if (!ready) break;
    out.push_back(std::move(from.held.front()));
    from.held.pop_front();
  }
  return out;
}

}  // namespace dsasr::app
