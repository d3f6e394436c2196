// The hot-word customization API (POST /api/v1/services/audio/asr/customization, model
// "speech-biasing"; protocol as the official SDKs' VocabularyService speaks it) and how a task's
// vocabulary_id biases the script. One account per API key; vocabularies live in memory.
// Enforced as the vendor documents: prefix 1-9 of [a-z0-9]; 1 to 500 words; weight an integer
// 1..5; a word with non-ASCII characters at most 15 characters, an ASCII one at most 7
// space-separated parts; at most 10 vocabularies per account.
//
// Script lines may carry {hot:SPELLING|FALLBACK}: a duplex task whose vocabulary_id names a
// vocabulary of the task's model containing SPELLING (exactly) recognises SPELLING, any other
// task FALLBACK. Pure apart from the injected clock and ids; event-loop thread only.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/ids.h"

namespace dsasr::emulator {

struct HttpAnswer {
  int status = 200;
  std::string body;    // JSON
  std::string action;  // for the log: the input's action, "" when unreadable
};

class VocabularyStore {
 public:
  static constexpr std::size_t kMaxPerAccount = 10;
  static constexpr std::size_t kMaxWords = 500;

  // `now` gives seconds since the epoch (the answers' gmt_create / gmt_modified, UTC).
  explicit VocabularyStore(std::function<std::time_t()> now = [] { return std::time(nullptr); })
      : now_(std::move(now)) {}

  // Handles one request body for the account `account` (the key's hash).
  HttpAnswer handle(const std::string& account, std::string_view body, IdSource& ids);

  // The words (texts) of `vocabulary_id` when it exists and was made for `model`; else empty.
  std::vector<std::string> words_for(const std::string& vocabulary_id,
                                     const std::string& model) const;

 private:
  struct Word {
    std::string text;
    int weight = 4;
    std::string lang;
  };
  struct Vocabulary {
    std::string account;
    std::string target_model;
    std::vector<Word> words;
    std::string gmt_create;
    std::string gmt_modified;
    std::uint64_t order = 0;
  };

  std::string now_text() const;

  std::function<std::time_t()> now_;
  std::map<std::string, Vocabulary> by_id_;
  std::uint64_t next_order_ = 0;
};

// Replaces each {hot:SPELLING|FALLBACK} in `text`: SPELLING when it is one of `words`, else
// FALLBACK. Text without the marker is returned unchanged.
std::string apply_hot_words(std::string_view text, const std::vector<std::string>& words);

}  // namespace dsasr::emulator
