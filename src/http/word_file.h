// Hot-word files: what `dsasr vocab create/update` and `--hotwords FILE` read.
//
//   # comment
//   Seediq Bale
//   阙里人家<TAB>5
//   DashScope<TAB>4<TAB>en
//
// One word per line: text[<TAB>weight[<TAB>lang]], weight 4 when absent; blank lines and lines
// starting with '#' are skipped. A name ending in ".json" is the SDK's JSON list instead:
// [{"text": "...", "weight": 4, "lang": "zh"}, ...].
//
// Checked against the vendor's limits before anything is sent (custom hot words page): at most
// 500 words; weight an integer 1..5; text with any non-ASCII character at most 15 characters,
// ASCII-only text at most 7 space-separated segments; valid UTF-8. Pure; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/vocabulary_api.h"
#include "util/result.h"

namespace dsasr::http {

constexpr std::size_t kMaxWords = 500;
constexpr int kMinWeight = 1;
constexpr int kMaxWeight = 5;
constexpr int kDefaultWeight = 4;
constexpr std::size_t kMaxNonAsciiChars = 15;
constexpr std::size_t kMaxAsciiSegments = 7;

// Parses `content`, the text of the file `name` (its extension picks the format). Every
// failure is a kUsage error whose message starts with "NAME:LINE: " (the entry number for
// JSON: "NAME: entry N: ").
util::Result<std::vector<HotWord>> parse_word_file(std::string_view name, std::string_view content);

// The checks on one word, for both formats: "" when fine, else what is wrong.
std::string check_word(const HotWord& word);

}  // namespace dsasr::http
