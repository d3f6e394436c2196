// The output formats and the language choice for translated sentences: the types the writers
// define and cli/ resolves options into directly (cli::OutputFormat and cli::CaptionLang are
// these very types). Plain enums; no dependencies.
#pragma once

namespace dsasr::output {

enum class Format { kText, kJsonl, kSrt, kVtt };

// --caption-lang: which languages of a translated sentence text, srt and vtt show (languages.h).
enum class CaptionLanguages { kBoth, kSource, kTarget };

}  // namespace dsasr::output
