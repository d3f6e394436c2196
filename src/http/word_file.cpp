#include "http/word_file.h"

#include "util/json.h"

namespace dsasr::http {

namespace {

util::Error usage(std::string message) {
  return util::Error(util::ErrorKind::kUsage, std::move(message),
                     "one word per line: text[TAB weight[TAB lang]], weight 1 to 5 (default 4)");
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Code points in `s`, or -1 when `s` is not valid UTF-8.
long utf8_length(std::string_view s) {
  long n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
    }
    i += len;
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

util::Result<int> parse_weight(std::string_view text) {
  if (text.empty() || text.size() > 3) return util::Error();
  int sign = 1;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    sign = text[0] == '-' ? -1 : 1;
    i = 1;
  }
  if (i == text.size()) return util::Error();
  int v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return util::Error();
    v = v * 10 + (text[i] - '0');
  }
  return sign * v;
}

util::Status check_count(std::string_view name, std::size_t count) {
  if (count == 0) return usage(std::string(name) + ": no hot words in the file");
  if (count > kMaxWords) {
    return usage(std::string(name) + ": " + std::to_string(count) + " hot words; a vocabulary " +
                 "holds at most " + std::to_string(kMaxWords));
  }
  return {};
}

util::Result<std::vector<HotWord>> parse_json(std::string_view name, std::string_view content) {
  rapidjson::Document doc;
  std::string error;
  if (!util::json::parse(content, doc, &error)) {
    return usage(std::string(name) + ": not valid JSON: " + error);
  }
  if (!doc.IsArray()) {
    return usage(std::string(name) + ": expected a JSON list of {\"text\", \"weight\", \"lang\"}");
  }
  std::vector<HotWord> words;
  std::size_t n = 0;
  for (const rapidjson::Value& v : doc.GetArray()) {
    ++n;
    const std::string where = std::string(name) + ": entry " + std::to_string(n) + ": ";
    if (!v.IsObject()) return usage(where + "not an object");
    HotWord w;
    auto text = util::json::get_string(v, "text");
    if (!text) return usage(where + "no \"text\" string");
    w.text = *text;
    if (util::json::member(v, "weight")) {
      auto weight = util::json::get_int(v, "weight");
      if (!weight || *weight < kMinWeight || *weight > kMaxWeight) {
        return usage(where + "\"weight\" must be an integer from 1 to 5");
      }
      w.weight = static_cast<int>(*weight);
    }
    if (util::json::member(v, "lang")) {
      auto lang = util::json::get_string(v, "lang");
      if (!lang) return usage(where + "\"lang\" must be a string");
      w.lang = *lang;
    }
    if (std::string problem = check_word(w); !problem.empty()) return usage(where + problem);
    words.push_back(std::move(w));
  }
  if (auto st = check_count(name, words.size()); !st) return st.error();
  return words;
}

}  // namespace

std::string check_word(const HotWord& word) {
  if (word.text.empty()) return "the word is empty";
  const long chars = utf8_length(word.text);
  if (chars < 0) return "not valid UTF-8";
  for (char c : word.text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "control character in the word";
  }
  const bool ascii = static_cast<std::size_t>(chars) == word.text.size();
  if (!ascii && static_cast<std::size_t>(chars) > kMaxNonAsciiChars) {
    return "'" + word.text + "' has " + std::to_string(chars) +
           " characters; a word with non-ASCII characters may have at most 15";
  }
  if (ascii && segments(word.text) > kMaxAsciiSegments) {
    return "'" + word.text + "' has " + std::to_string(segments(word.text)) +
           " space-separated parts; at most 7";
  }
  if (word.weight < kMinWeight || word.weight > kMaxWeight) {
    return "weight " + std::to_string(word.weight) + " is not from 1 to 5";
  }
  for (char c : word.lang) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    if (!ok) return "language '" + word.lang + "' is not a language code";
  }
  return {};
}

util::Result<std::vector<HotWord>> parse_word_file(std::string_view name,
                                                   std::string_view content) {
  if (ends_with(name, ".json") || ends_with(name, ".JSON")) return parse_json(name, content);
  if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::vector<HotWord> words;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view stripped = trim(line);
    if (stripped.empty() || stripped.front() == '#') continue;
    const std::string where = std::string(name) + ":" + std::to_string(line_no) + ": ";
    std::vector<std::string_view> fields;
    std::size_t f = 0;
    while (true) {
      std::size_t tab = line.find('\t', f);
      fields.push_back(trim(line.substr(f, tab == std::string_view::npos ? tab : tab - f)));
      if (tab == std::string_view::npos) break;
      f = tab + 1;
    }
    if (fields.size() > 3) {
      return usage(where + "more than three tab-separated fields (text, weight, lang)");
    }
    HotWord w;
    w.text = std::string(fields[0]);
    if (fields.size() > 1) {
      auto weight = parse_weight(fields[1]);
      if (!weight) {
        return usage(where + "weight '" + std::string(fields[1]) +
                     "' is not an integer from 1 to 5");
      }
      w.weight = *weight;
    }
    if (fields.size() > 2) {
      w.lang = std::string(fields[2]);
      if (w.lang.empty()) return usage(where + "the language field is empty");
    }
    if (std::string problem = check_word(w); !problem.empty()) return usage(where + problem);
    words.push_back(std::move(w));
    if (words.size() > kMaxWords) {
      return usage(where + "more than " + std::to_string(kMaxWords) +
                   " hot words; a vocabulary holds at most " + std::to_string(kMaxWords));
    }
  }
  if (auto st = check_count(name, words.size()); !st) return st.error();
  return words;
}

}  // namespace dsasr::http
