#include "output/languages.h"

#include <utility>

namespace dsasr::output {

namespace {

// Gummy sends one target language; were there several, the first (by code) leads and the others
// follow as translations.
bool translation_only(const protocol::Sentence& s) {
  return s.text.empty() && !s.translations.empty();
}

}  // namespace

protocol::Sentence shown_sentence(protocol::Sentence sentence, CaptionLanguages which) {
  const bool only_translated = translation_only(sentence);
  const bool target = which == CaptionLanguages::kTarget && !sentence.translations.empty();
  if (only_translated || target) {
    auto first = sentence.translations.begin();
    sentence.text = std::move(first->second);
    sentence.translations.erase(first);
    // A transcription's word times do not fit its translation; a translation-only sentence's
    // words are the translation's own.
    if (!only_translated) sentence.words.clear();
  }
  if (which != CaptionLanguages::kBoth) sentence.translations.clear();
  return sentence;
}

protocol::Sentence with_text(protocol::Sentence sentence) {
  if (translation_only(sentence)) sentence.text = sentence.translations.begin()->second;
  return sentence;
}

}  // namespace dsasr::output
