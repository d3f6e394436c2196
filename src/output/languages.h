// Which languages of a translated sentence (Gummy --translate-to) the writers show. Pure
// functions; any thread.
//
// A sentence normally has source text (Sentence::text) and, with translation on, translations
// by target language. Two cases need a choice:
//  - A translation-only task (Gummy transcription_enabled=false) gives sentences with empty text
//    and a translation: every format then shows the translation as the sentence's text (its
//    words, which are the translation's, stay).
//  - --caption-lang picks what text, SRT and VTT show: both (source lines, then translation
//    lines), source only, or target only. A sentence whose translation never arrived (the task
//    ended first) shows its source text under `target`, so no speech goes missing.
// JSON lines always carry both: "text" and "translations".
#pragma once

#include "output/format.h"
#include "protocol/events.h"

namespace dsasr::output {

// The sentence as text, SRT and VTT show it: `text` is what comes first (the source, or the
// translation for kTarget and for translation-only sentences), `translations` what follows it
// (emptied for kSource and kTarget). Word timestamps are kept only while they belong to `text`.
protocol::Sentence shown_sentence(protocol::Sentence sentence, CaptionLanguages which);

// The sentence as JSON lines write it: a translation-only sentence gets its translation as
// `text`; translations are kept. Anything else is returned unchanged.
protocol::Sentence with_text(protocol::Sentence sentence);

}  // namespace dsasr::output
