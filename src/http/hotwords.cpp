#include "http/hotwords.h"

#include <algorithm>
#include <ctime>

namespace dsasr::http {

namespace {

constexpr std::size_t kDigits = 7;

bool is_base36(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

}  // namespace

std::string hotword_prefix(std::string_view model, std::vector<HotWord> words) {
  std::sort(words.begin(), words.end(), [](const HotWord& a, const HotWord& b) {
    if (a.text != b.text) return a.text < b.text;
    if (a.weight != b.weight) return a.weight < b.weight;
    return a.lang < b.lang;
  });
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string canonical(model);
  canonical += '\n';
  for (const HotWord& w : words) {
    canonical += w.text + '\t' + std::to_string(w.weight) + '\t' + w.lang + '\n';
  }
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (unsigned char c : canonical) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  std::string out = "ds";
  for (std::size_t i = 0; i < kDigits; ++i) {
    out += "0123456789abcdefghijklmnopqrstuvwxyz"[hash % 36];
    hash /= 36;
  }
  return out;
}

std::optional<std::string> dsasr_prefix_of(std::string_view id) {
  constexpr std::string_view kHead = "vocab-";
  const std::size_t len = 2 + kDigits;
  if (id.size() < kHead.size() + len + 1 || id.substr(0, kHead.size()) != kHead)
    return std::nullopt;
  std::string_view prefix = id.substr(kHead.size(), len);
  if (prefix.substr(0, 2) != "ds" || id[kHead.size() + len] != '-') return std::nullopt;
  if (!std::all_of(prefix.begin(), prefix.end(), is_base36)) return std::nullopt;
  return std::string(prefix);
}

util::Result<FoundVocabulary> find_or_create(VocabularyService& service, const std::string& model,
                                             const std::vector<HotWord>& words) {
  const std::string prefix = hotword_prefix(model, words);
  auto existing = service.list(prefix);
  if (!existing) return existing.error();
  for (const VocabularySummary& v : *existing) {
    if (dsasr_prefix_of(v.id) == prefix) return FoundVocabulary{v.id, false};
  }
  auto id = service.create(model, prefix, words);
  if (!id) return id.error();
  return FoundVocabulary{*id, true};
}

std::optional<std::int64_t> parse_service_time(std::string_view text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*[ T]%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                  &second) != 6) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::vector<std::string> prune_plan(const std::vector<VocabularySummary>& all,
                                    const std::vector<std::string>& keep,
                                    std::optional<std::chrono::seconds> older_than,
                                    std::int64_t now_s) {
  std::vector<std::string> out;
  for (const VocabularySummary& v : all) {
    auto prefix = dsasr_prefix_of(v.id);
    if (!prefix || std::find(keep.begin(), keep.end(), *prefix) != keep.end()) continue;
    if (older_than) {
      auto t = parse_service_time(v.gmt_modified.empty() ? v.gmt_create : v.gmt_modified);
      if (t && now_s - *t < older_than->count()) continue;
    }
    out.push_back(v.id);
  }
  return out;
}

}  // namespace dsasr::http
