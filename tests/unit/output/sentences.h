// Builders for recognition results as the protocol machines hand them to writers. Test support.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/events.h"

namespace dsasr::output::testing {

struct TimedWord {
  std::string text;
  std::string punct;
  int64_t begin_ms;
  int64_t end_ms;
};

// A final sentence from explicit words; text is the words and their punctuation joined, with a
// space between two words when `spaced` (English) and none otherwise (Chinese).
inline protocol::Sentence sentence_of(int64_t id, int64_t begin_ms, int64_t end_ms,
                                      const std::vector<TimedWord>& words, bool spaced) {
  protocol::Sentence s;
  s.sentence_id = id;
  s.begin_ms = begin_ms;
  s.end_ms = end_ms;
  for (const TimedWord& w : words) {
    if (spaced && !s.text.empty()) s.text += ' ';
    s.text += w.text + w.punct;
    s.words.push_back({w.begin_ms, w.end_ms, w.text, w.punct});
  }
  return s;
}

// Splits space-separated English (trailing ,.!?;: become the word's punct) into words of
// `step_ms` each from `begin_ms`, each ending 50 ms before the next begins; the sentence ends
// with its last word.
inline protocol::Sentence english(int64_t id, int64_t begin_ms, const std::string& text,
                                  int64_t step_ms) {
  std::vector<TimedWord> words;
  std::size_t pos = 0;
  int64_t t = begin_ms;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string token = text.substr(pos, end - pos);
    std::string punct;
    while (!token.empty() && std::string(",.!?;:").find(token.back()) != std::string::npos) {
      punct.insert(punct.begin(), token.back());
      token.pop_back();
    }
    words.push_back({token, punct, t, t + step_ms - 50});
    t += step_ms;
    pos = end + 1;
  }
  return sentence_of(id, begin_ms, words.back().end_ms, words, true);
}

// Chinese words (each "text" or "text|punct") of `step_ms` each from `begin_ms`, no spaces.
inline protocol::Sentence chinese(int64_t id, int64_t begin_ms,
                                  const std::vector<std::string>& parts, int64_t step_ms) {
  std::vector<TimedWord> words;
  int64_t t = begin_ms;
  for (const std::string& part : parts) {
    const std::size_t bar = part.find('|');
    words.push_back({part.substr(0, bar), bar == std::string::npos ? "" : part.substr(bar + 1), t,
                     t + step_ms});
    t += step_ms;
  }
  return sentence_of(id, begin_ms, t, words, false);
}

}  // namespace dsasr::output::testing
