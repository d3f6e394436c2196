#include "protocol/duplex_result.h"

#include <cmath>

#include "util/json.h"

namespace dsasr::protocol {

namespace {

namespace json = util::json;

// A time member in ms; negative values are treated as absent (they cannot be audio times).
std::optional<int64_t> time_ms(const rapidjson::Value& v, const char* name) {
  std::optional<int64_t> t = json::get_int(v, name);
  if (t && *t < 0) return std::nullopt;
  return t;
}

std::optional<Word> decode_word(const rapidjson::Value& v, int64_t sentence_begin_ms) {
  if (!v.IsObject()) return std::nullopt;
  std::optional<std::string> text = json::get_string(v, "text");
  if (!text) return std::nullopt;
  Word w;
  w.text = std::move(*text);
  w.begin_ms = time_ms(v, "begin_time").value_or(sentence_begin_ms);
  w.end_ms = time_ms(v, "end_time").value_or(w.begin_ms);
  w.punct = json::get_string(v, "punctuation").value_or("");
  return w;
}

}  // namespace

Sentence ResultSentence::as_final() const {
  Sentence s = sentence;
  if (!s.end_ms) s.end_ms = s.words.empty() ? s.begin_ms : s.words.back().end_ms;
  return s;
}

std::optional<ResultSentence> decode_result_sentence(const rapidjson::Value& v) {
  if (!v.IsObject()) return std::nullopt;
  ResultSentence r;
  Sentence& s = r.sentence;
  s.sentence_id = json::get_int(v, "sentence_id").value_or(0);
  s.text = json::get_string(v, "text").value_or("");
  s.end_ms = time_ms(v, "end_time");
  std::optional<int64_t> begin = time_ms(v, "begin_time");

  if (const rapidjson::Value* words = json::member(v, "words"); words && words->IsArray()) {
    for (const rapidjson::Value& wv : words->GetArray()) {
      if (s.words.size() >= kMaxWordsPerSentence) break;
      if (std::optional<Word> w = decode_word(wv, begin.value_or(0))) s.words.push_back(*w);
    }
  }
  s.begin_ms = begin ? *begin : (s.words.empty() ? 0 : s.words.front().begin_ms);

  if (std::optional<std::string> emo = json::get_string(v, "emo_tag")) s.emotion = std::move(emo);
  if (std::optional<double> c = json::get_number(v, "emo_confidence"); c && std::isfinite(*c)) {
    s.emotion_confidence = c;
  }

  r.sentence_end = json::get_bool(v, "sentence_end");
  r.heartbeat = json::get_bool(v, "heartbeat").value_or(false);
  r.current_time_ms = time_ms(v, "current_time");
  r.lang = json::get_string(v, "lang");

  if (s.end_ms) {
    r.progress_ms = s.end_ms;
  } else if (r.current_time_ms) {
    r.progress_ms = r.current_time_ms;
  } else if (!s.words.empty()) {
    r.progress_ms = s.words.back().end_ms;
  } else {
    r.progress_ms = begin;
  }
  return r;
}

}  // namespace dsasr::protocol
