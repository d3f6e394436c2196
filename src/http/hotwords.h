// --hotwords FILE and `dsasr vocab prune`: the vocabulary for (model, words) is found or
// created once and reused. Its prefix is derived from the model and the normalised word list
// ("ds" + 7 base-36 digits of a 64-bit FNV-1a hash), so the same list finds the same
// vocabulary with one list_vocabulary call, and a changed list gets a new one. The service
// names vocabularies "vocab-<prefix>-<suffix>", so the ones dsasr made are recognisable.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/vocabulary_api.h"
#include "http/vocabulary_service.h"

namespace dsasr::http {

// "ds" + 7 characters of [0-9a-z]. The list is normalised first (sorted; duplicates removed), so
// reordering a file does not make a new vocabulary.
std::string hotword_prefix(std::string_view model, std::vector<HotWord> words);

// The derived prefix inside a vocabulary id dsasr made ("vocab-ds0k3j9x2-…" -> "ds0k3j9x2").
std::optional<std::string> dsasr_prefix_of(std::string_view vocabulary_id);

struct FoundVocabulary {
  std::string id;
  bool created = false;
};

// Lists the vocabularies with the derived prefix and uses the first one; creates it when there
// is none.
util::Result<FoundVocabulary> find_or_create(VocabularyService& service, const std::string& model,
                                             const std::vector<HotWord>& words);

// Seconds since the epoch of a service time ("2024-08-21 15:19:09", read as UTC), if it is one.
std::optional<std::int64_t> parse_service_time(std::string_view text);

// Which of `all` `vocab prune` deletes: vocabularies dsasr made whose prefix is not in `keep`,
// and, when `older_than` is set, only those last modified (else created) at least that long
// before `now_s` (so 0 means any). A time that cannot be read counts as old.
std::vector<std::string> prune_plan(const std::vector<VocabularySummary>& all,
                                    const std::vector<std::string>& keep,
                                    std::optional<std::chrono::seconds> older_than,
                                    std::int64_t now_s);

}  // namespace dsasr::http
