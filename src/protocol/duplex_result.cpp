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

// speaker_id: a number or a string, kept as its compact JSON; null or other types read as absent.
std::optional<std::string> speaker_id(const rapidjson::Value& v) {
  const rapidjson::Value* id = json::member(v, "speaker_id");
  if (!id || !(id->IsNumber() || id->IsString())) return std::nullopt;
  if (id->IsString() && id->GetStringLength() > 256) return std::nullopt;
  return json::to_string(*id);
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
  w.fixed = json::get_bool(v, "fixed");
  w.speaker_id = speaker_id(v);
  return w;
}

}  // namespace

Sentence ResultSentence::as_final() const {
  Sentence s = sentence;
  if (!s.end_ms) s.end_ms = s.words.empty() ? s.begin_ms : s.words.back().end_ms;
  s.stash.reset();  // a final's stash is the start of the next sentence, not part of this one
  return s;
}

Sentence ResultSentence::as_partial() const {
  Sentence s = sentence;
  if (s.stash) s.text += *s.stash;
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

  s.service_sentence_id = json::get_int(v, "sentence_id");
  s.speaker_id = speaker_id(v);
  if (const rapidjson::Value* stash = json::member(v, "stash"); stash && stash->IsObject()) {
    if (auto tail = json::get_string(*stash, "text"); tail && !tail->empty()) s.stash = tail;
  }
  s.vad_pre_end = json::get_bool(v, "vad_pre_end");
  s.pre_end_failed = json::get_bool(v, "pre_end_failed");
  s.pre_end_timemillis = json::get_int(v, "pre_end_timemillis");
  s.pre_end_start_time = json::get_int(v, "pre_end_start_time");
  s.pre_end_end_time = json::get_int(v, "pre_end_end_time");

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
