#include "emulator/vocabularies.h"

#include <algorithm>
#include <vector>

#include "util/json.h"

namespace dsasr::emulator {

namespace json = util::json;

namespace {

std::string quoted(std::string_view s) {
  std::string out;
  json::append_quoted(out, s);
  return out;
}

HttpAnswer error(int status, const std::string& code, const std::string& message,
                 const std::string& request_id, std::string action = {}) {
  return {status,
          "{\"request_id\":" + quoted(request_id) + ",\"code\":" + quoted(code) +
              ",\"message\":" + quoted(message) + "}",
          std::move(action)};
}

HttpAnswer ok(const std::string& output, const std::string& request_id, std::string action) {
  return {200,
          "{\"request_id\":" + quoted(request_id) + ",\"output\":" + output +
              ",\"usage\":{\"count\":1}}",
          std::move(action)};
}

long utf8_chars(std::string_view s) {
  long n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::size_t segments(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    if (c == ' ') {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

bool valid_prefix(const std::string& p) {
  if (p.empty() || p.size() >= 10) return false;
  return std::all_of(p.begin(), p.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

}  // namespace

std::string VocabularyStore::now_text() const {
  const std::time_t t = now_();
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

HttpAnswer VocabularyStore::handle(const std::string& account, std::string_view body,
                                   IdSource& ids) {
  const std::string request_id = ids.uuid();
  rapidjson::Document doc;
  std::string parse_error;
  if (!json::parse(body, doc, &parse_error) || !doc.IsObject()) {
    return error(400, "InvalidParameter", "The request body is not a JSON object", request_id);
  }
  if (json::get_string(doc, "model") != std::optional<std::string>("speech-biasing")) {
    return error(400, "InvalidParameter", "Model must be speech-biasing", request_id);
  }
  const rapidjson::Value* input = json::member(doc, "input");
  if (!input || !input->IsObject()) {
    return error(400, "InvalidParameter", "Missing input", request_id);
  }
  const std::string action = json::get_string(*input, "action").value_or("");

  // The words of create and update, checked as the vendor documents.
  auto read_words = [&](std::vector<Word>& out) -> std::string {
    const rapidjson::Value* list = json::member(*input, "vocabulary");
    if (!list || !list->IsArray() || list->Empty()) return "vocabulary must be a non-empty list";
    if (list->Size() > kMaxWords) return "vocabulary is too large: at most 500 words";
    for (const rapidjson::Value& v : list->GetArray()) {
      Word w;
      auto text = json::get_string(v, "text");
      if (!text || text->empty()) return "every word needs a non-empty text";
      w.text = *text;
      const bool ascii = std::all_of(w.text.begin(), w.text.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!ascii && utf8_chars(w.text) > 15) {
        return "text should not be longer than 15 characters: " + w.text;
      }
      if (ascii && segments(w.text) > 7) return "text should not have more than 7 words: " + w.text;
      auto weight = json::get_int(v, "weight");
      if (!weight || *weight < 1 || *weight > 5) {
        return "weight must be an integer from 1 to 5: " + w.text;
      }
      w.weight = static_cast<int>(*weight);
      if (json::member(v, "lang")) {
        auto lang = json::get_string(v, "lang");
        if (!lang) return "lang must be a string";
        w.lang = *lang;
      }
      out.push_back(std::move(w));
    }
    return {};
  };
  auto find_own = [&](const std::string& id) -> Vocabulary* {
    auto it = by_id_.find(id);
    return it == by_id_.end() || it->second.account != account ? nullptr : &it->second;
  };
  auto words_json = [](const std::vector<Word>& words) {
    std::string out = "[";
    for (std::size_t i = 0; i < words.size(); ++i) {
      out += i ? "," : "";
      out +=
          "{\"text\":" + quoted(words[i].text) + ",\"weight\":" + std::to_string(words[i].weight);
      if (!words[i].lang.empty()) out += ",\"lang\":" + quoted(words[i].lang);
      out += "}";
    }
    return out + "]";
  };

  if (action == "create_vocabulary") {
    const std::string model = json::get_string(*input, "target_model").value_or("");
    const std::string prefix = json::get_string(*input, "prefix").value_or("");
    if (model.empty())
      return error(400, "InvalidParameter", "target_model is required", request_id, action);
    if (!valid_prefix(prefix)) {
      return error(400, "InvalidParameter",
                   "prefix must be lowercase letters and digits, less than 10 characters",
                   request_id, action);
    }
    Vocabulary v;
    if (std::string why = read_words(v.words); !why.empty()) {
      return error(400, "InvalidParameter", why, request_id, action);
    }
    const auto owned = static_cast<std::size_t>(std::count_if(
        by_id_.begin(), by_id_.end(), [&](const auto& e) { return e.second.account == account; }));
    if (owned >= kMaxPerAccount) {
      return error(400, "InvalidParameter",
                   "vocabulary quota exceeded: at most 10 vocabularies per account", request_id,
                   action);
    }
    v.account = account;
    v.target_model = model;
    v.gmt_create = v.gmt_modified = now_text();
    v.order = next_order_++;
    const std::string id = "vocab-" + prefix + "-" + ids.hex(32);
    by_id_[id] = std::move(v);
    return ok("{\"vocabulary_id\":" + quoted(id) + "}", request_id, action);
  }
  if (action == "list_vocabulary") {
    const std::string prefix = json::get_string(*input, "prefix").value_or("");
    const auto page_index = json::get_int(*input, "page_index").value_or(0);
    const auto page_size = json::get_int(*input, "page_size").value_or(10);
    if (page_index < 0 || page_size < 1 || page_size > 100) {
      return error(400, "InvalidParameter", "page_index must be >= 0, page_size 1 to 100",
                   request_id, action);
    }
    std::vector<std::pair<std::uint64_t, std::string>> mine;
    for (const auto& [id, v] : by_id_) {
      if (v.account == account && id.rfind("vocab-" + prefix, 0) == 0)
        mine.emplace_back(v.order, id);
    }
    std::sort(mine.begin(), mine.end());
    std::string out = "{\"vocabulary_list\":[";
    const auto first = static_cast<std::size_t>(page_index * page_size);
    for (std::size_t i = first; i < mine.size() && i < first + static_cast<std::size_t>(page_size);
         ++i) {
      const Vocabulary& v = by_id_.at(mine[i].second);
      out += i > first ? "," : "";
      out += "{\"vocabulary_id\":" + quoted(mine[i].second) +
             ",\"gmt_create\":" + quoted(v.gmt_create) +
             ",\"gmt_modified\":" + quoted(v.gmt_modified) + ",\"status\":\"OK\"}";
    }
    return ok(out + "]}", request_id, action);
  }
  if (action == "query_vocabulary" || action == "update_vocabulary" ||
      action == "delete_vocabulary") {
    const std::string id = json::get_string(*input, "vocabulary_id").value_or("");
    Vocabulary* v = find_own(id);
    if (!v) {
      return error(400, "InvalidParameter", "vocabulary not found: " + id, request_id, action);
    }
    if (action == "query_vocabulary") {
      return ok("{\"vocabulary\":" + words_json(v->words) + ",\"target_model\":" +
                    quoted(v->target_model) + ",\"gmt_create\":" + quoted(v->gmt_create) +
                    ",\"gmt_modified\":" + quoted(v->gmt_modified) + ",\"status\":\"OK\"}",
                request_id, action);
    }
    if (action == "update_vocabulary") {
      std::vector<Word> words;
      if (std::string why = read_words(words); !why.empty()) {
        return error(400, "InvalidParameter", why, request_id, action);
      }
      v->words = std::move(words);
      v->gmt_modified = now_text();
      return ok("{}", request_id, action);
    }
    by_id_.erase(id);
    return ok("{}", request_id, action);
  }
  return error(400, "InvalidParameter", "unknown action: " + action, request_id, action);
}

std::vector<std::string> VocabularyStore::words_for(const std::string& vocabulary_id,
                                                    const std::string& model) const {
  auto it = by_id_.find(vocabulary_id);
  if (it == by_id_.end() || it->second.target_model != model) return {};
  std::vector<std::string> out;
  for (const Word& w : it->second.words) out.push_back(w.text);
  return out;
}

std::string apply_hot_words(std::string_view text, const std::vector<std::string>& words) {
  constexpr std::string_view kOpen = "{hot:";
  std::string out;
  while (true) {
    const std::size_t at = text.find(kOpen);
    const std::size_t close = at == std::string_view::npos ? at : text.find('}', at);
    if (close == std::string_view::npos) {
      out += text;
      return out;
    }
    out += text.substr(0, at);
    std::string_view inner = text.substr(at + kOpen.size(), close - at - kOpen.size());
    const std::size_t bar = inner.find('|');
    const std::string_view spelling = inner.substr(0, bar);
    const std::string_view fallback =
        bar == std::string_view::npos ? spelling : inner.substr(bar + 1);
    const bool hot = std::find(words.begin(), words.end(), spelling) != words.end();
    out += hot ? spelling : fallback;
    text.remove_prefix(close + 1);
  }
}

}  // namespace dsasr::emulator
