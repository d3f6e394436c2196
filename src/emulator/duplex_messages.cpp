#include "emulator/duplex_messages.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dsasr::emulator {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, const char* k) {
  w.Key(k);
}
void str(Writer& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
void opt_int(Writer& w, const std::optional<int64_t>& v) {
  if (v) {
    w.Int64(*v);
  } else {
    w.Null();
  }
}

void header(Writer& w, const std::string& task_id, const char* event, const std::string* code,
            const std::string* message) {
  key(w, "header");
  w.StartObject();
  key(w, "task_id");
  str(w, task_id);
  key(w, "event");
  w.String(event);
  if (code && message) {
    key(w, "error_code");
    str(w, *code);
    key(w, "error_message");
    str(w, *message);
  }
  key(w, "attributes");
  w.StartObject();
  w.EndObject();
  w.EndObject();
}

void words(Writer& w, const std::vector<Word>& ws, bool gummy, bool fixed) {
  key(w, "words");
  w.StartArray();
  for (const Word& word : ws) {
    w.StartObject();
    key(w, "begin_time");
    w.Int64(word.begin_ms);
    key(w, "end_time");
    w.Int64(word.end_ms);
    key(w, "text");
    str(w, word.text);
    key(w, "punctuation");
    str(w, word.punctuation);
    if (gummy) {
      key(w, "fixed");
      w.Bool(fixed);
      key(w, "speaker_id");
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
}

void usage(Writer& w, const std::optional<int64_t>& duration_s) {
  key(w, "usage");
  if (duration_s) {
    w.StartObject();
    key(w, "duration");
    w.Int64(*duration_s);
    w.EndObject();
  } else {
    w.Null();
  }
}

void gummy_sentence(Writer& w, const GummySentence& s, bool translation) {
  w.StartObject();
  key(w, "sentence_id");
  w.Int(s.sentence_id);
  if (translation) {
    key(w, "lang");
    str(w, s.lang);
  }
  key(w, "begin_time");
  w.Int64(s.begin_ms);
  key(w, "end_time");
  opt_int(w, s.end_ms);
  if (!s.sentence_end) {
    key(w, "current_time");
    w.Int64(s.current_time_ms);
  }
  key(w, "text");
  str(w, s.text);
  words(w, s.words, true, s.sentence_end);
  key(w, "sentence_end");
  w.Bool(s.sentence_end);
  key(w, "vad_pre_end");
  w.Bool(false);
  w.EndObject();
}

std::string simple(const std::string& task_id, const char* event, bool finished) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  header(w, task_id, event, nullptr, nullptr);
  key(w, "payload");
  w.StartObject();
  if (finished) {
    // {"output": {}, "usage": null}: the Python SDK fires on_complete only for this shape.
    key(w, "output");
    w.StartObject();
    w.EndObject();
    usage(w, std::nullopt);
  }
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

}  // namespace

std::string task_started_message(const std::string& task_id) {
  return simple(task_id, "task-started", false);
}

std::string task_finished_message(const std::string& task_id) {
  return simple(task_id, "task-finished", true);
}

std::string task_failed_message(const std::string& task_id, const std::string& code,
                                const std::string& message) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  header(w, task_id, "task-failed", &code, &message);
  key(w, "payload");
  w.StartObject();
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

std::string sentence_result_message(const std::string& task_id, const SentenceResult& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  header(w, task_id, "result-generated", nullptr, nullptr);
  key(w, "payload");
  w.StartObject();
  key(w, "output");
  w.StartObject();
  key(w, "sentence");
  w.StartObject();
  key(w, "begin_time");
  w.Int64(r.begin_ms);
  key(w, "end_time");
  opt_int(w, r.end_ms);
  key(w, "text");
  str(w, r.text);
  key(w, "heartbeat");
  w.Bool(r.heartbeat);
  key(w, "sentence_end");
  w.Bool(r.sentence_end);
  key(w, "sentence_id");
  w.Int(r.sentence_id);
  words(w, r.words, false, false);
  if (r.emotion && r.sentence_end) {
    key(w, "emo_tag");
    w.String("neutral");
    key(w, "emo_confidence");
    w.Double(0.9);
  }
  w.EndObject();
  w.EndObject();
  usage(w, r.usage_duration_s);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

std::string gummy_result_message(const std::string& task_id, const GummyResult& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  header(w, task_id, "result-generated", nullptr, nullptr);
  key(w, "payload");
  w.StartObject();
  key(w, "output");
  w.StartObject();
  if (r.transcription) {
    key(w, "transcription");
    gummy_sentence(w, *r.transcription, false);
  }
  if (r.has_translations) {
    key(w, "translations");
    w.StartArray();
    for (const GummySentence& t : r.translations) gummy_sentence(w, t, true);
    w.EndArray();
  }
  w.EndObject();
  usage(w, r.usage_duration_s);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

}  // namespace dsasr::emulator
