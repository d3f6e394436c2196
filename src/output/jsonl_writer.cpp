#include "output/jsonl_writer.h"

#include <cmath>
#include <cstdio>

#include "output/display_width.h"
#include "util/json.h"

namespace dsasr::output {

namespace {

void append_string(std::string& out, std::string_view s) {
  util::json::append_quoted(out, sanitize_utf8(s));
}

void append_member(std::string& out, const char* name) {
  out += ',';
  util::json::append_quoted(out, name);
  out += ':';
}

void append_int(std::string& out, const char* name, int64_t value) {
  append_member(out, name);
  out += std::to_string(value);
}

void append_string_member(std::string& out, const char* name, std::string_view value) {
  append_member(out, name);
  append_string(out, value);
}

void append_bool(std::string& out, const char* name, bool value) {
  append_member(out, name);
  out += value ? "true" : "false";
}

// A member whose value is JSON text the protocol machines made compact and valid.
void append_json(std::string& out, const char* name, const std::string& json) {
  append_member(out, name);
  out += json;
}

// Shortest round-trip decimal, for values in [0, 1] such as confidences.
std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Whole seconds as an integer (the service reports whole seconds); otherwise up to 3 decimals.
std::string format_seconds(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", seconds);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace

JsonlWriter::JsonlWriter(const WriterOptions& options, Sink& sink)
    : sink_(sink),
      input_(options.input),
      source_(options.source),
      partials_(options.partials),
      words_(options.words) {}

std::string JsonlWriter::begin_record(const char* type) const {
  std::string out = "{\"type\":";
  util::json::append_quoted(out, type);
  append_string_member(out, "input", input_);
  if (!source_.empty()) append_string_member(out, "source", source_);
  return out;
}

void JsonlWriter::write_sentence(const char* type, const protocol::Sentence& s,
                                 const std::optional<int64_t>& end_ms, const std::string& task_id) {
  std::string out = begin_record(type);
  append_int(out, "sentence_id", s.sentence_id);
  append_int(out, "begin_ms", s.begin_ms);
  if (end_ms) append_int(out, "end_ms", *end_ms);
  append_string_member(out, "text", s.text);
  if (words_) {
    append_member(out, "words");
    out += '[';
    for (const protocol::Word& w : s.words) {
      if (out.back() != '[') out += ',';
      out += "{\"begin_ms\":" + std::to_string(w.begin_ms);
      append_int(out, "end_ms", w.end_ms);
      append_string_member(out, "text", w.text);
      append_string_member(out, "punct", w.punct);
      if (w.fixed) append_bool(out, "fixed", *w.fixed);
      if (w.speaker_id) append_json(out, "speaker_id", *w.speaker_id);
      out += '}';
    }
    out += ']';
  }
  if (!s.translations.empty()) {
    append_member(out, "translations");
    out += '{';
    for (const auto& [language, text] : s.translations) {
      if (out.back() != '{') out += ',';
      append_string(out, language);
      out += ':';
      append_string(out, text);
    }
    out += '}';
  }
  if (s.language) append_string_member(out, "language", *s.language);
  if (s.emotion) append_string_member(out, "emotion", *s.emotion);
  if (s.emotion_confidence && std::isfinite(*s.emotion_confidence)) {
    append_member(out, "emotion_confidence");
    out += format_number(*s.emotion_confidence);
  }
  if (s.service_sentence_id) append_int(out, "service_sentence_id", *s.service_sentence_id);
  if (s.stash) append_string_member(out, "stash", *s.stash);
  if (s.speaker_id) append_json(out, "speaker_id", *s.speaker_id);
  if (s.vad_pre_end) append_bool(out, "vad_pre_end", *s.vad_pre_end);
  if (s.pre_end_failed) append_bool(out, "pre_end_failed", *s.pre_end_failed);
  if (s.pre_end_timemillis) append_int(out, "pre_end_timemillis", *s.pre_end_timemillis);
  if (s.pre_end_start_time) append_int(out, "pre_end_start_time", *s.pre_end_start_time);
  if (s.pre_end_end_time) append_int(out, "pre_end_end_time", *s.pre_end_end_time);
  if (s.usage_seconds && std::isfinite(*s.usage_seconds)) {
    append_member(out, "billed_seconds");
    out += format_seconds(*s.usage_seconds);
  }
  if (s.response_id) append_string_member(out, "response_id", *s.response_id);
  if (s.input_tokens) append_int(out, "input_tokens", *s.input_tokens);
  if (s.output_tokens) append_int(out, "output_tokens", *s.output_tokens);
  if (s.segment) append_int(out, "segment", *s.segment);
  append_string_member(out, "task_id", task_id);
  // The service's own object last: a consumer that wants it knows where it is, and the stable
  // fields come first. Machines attach it compact and valid (protocol/raw_result.h).
  if (!s.raw.empty()) append_json(out, "raw", s.raw);
  out += "}\n";
  sink_.write(out);
}

void JsonlWriter::partial(const protocol::Sentence& sentence, const std::string& task_id) {
  if (partials_) write_sentence("partial", with_text(sentence), std::nullopt, task_id);
}

void JsonlWriter::final(const protocol::Sentence& sentence, const std::string& task_id) {
  int64_t end_ms = sentence.begin_ms;
  if (sentence.end_ms) {
    end_ms = *sentence.end_ms;
  } else if (!sentence.words.empty()) {
    end_ms = sentence.words.back().end_ms;
  }
  write_sentence("final", with_text(sentence), end_ms, task_id);
}

void JsonlWriter::gap(int64_t begin_ms, int64_t end_ms) {
  std::string out = begin_record("gap");
  append_int(out, "begin_ms", begin_ms);
  append_int(out, "end_ms", end_ms);
  append_int(out, "duration_ms", end_ms - begin_ms);
  // The only cause today; the member lets consumers tell future kinds of loss apart.
  append_string_member(out, "reason", "buffer_full");
  out += "}\n";
  sink_.write(out);
}

void JsonlWriter::error(const std::string& code, const std::string& message, int exit_code) {
  std::string out = begin_record("error");
  append_string_member(out, "code", code);
  append_string_member(out, "message", message);
  append_int(out, "exit_code", exit_code);
  out += "}\n";
  sink_.write(out);
}

void JsonlWriter::part_failed(int segment, int64_t begin_ms, int64_t end_ms,
                              const std::string& code, const std::string& message, int exit_code) {
  std::string out = begin_record("error");
  append_string_member(out, "code", code);
  append_string_member(out, "message", message);
  append_int(out, "exit_code", exit_code);
  append_int(out, "segment", segment);
  append_int(out, "missing_begin_ms", begin_ms);
  append_int(out, "missing_end_ms", end_ms);
  out += "}\n";
  sink_.write(out);
}

void JsonlWriter::stats(const Stats& stats) {
  std::string out = begin_record("stats");
  append_member(out, "task_ids");
  out += '[';
  for (const std::string& id : stats.task_ids) {
    if (out.back() != '[') out += ',';
    append_string(out, id);
  }
  out += ']';
  append_int(out, "audio_ms", stats.audio_ms);
  append_int(out, "sent_audio_ms", stats.sent_audio_ms);
  if (stats.billed_seconds && std::isfinite(*stats.billed_seconds)) {
    append_member(out, "billed_seconds");
    out += format_seconds(*stats.billed_seconds);
  }
  if (stats.first_package_delay_ms) {
    append_int(out, "first_package_delay_ms", *stats.first_package_delay_ms);
  }
  if (stats.last_package_delay_ms) {
    append_int(out, "last_package_delay_ms", *stats.last_package_delay_ms);
  }
  if (stats.input_tokens) append_int(out, "input_tokens", *stats.input_tokens);
  if (stats.output_tokens) append_int(out, "output_tokens", *stats.output_tokens);
  append_int(out, "reconnects", stats.reconnects);
  if (stats.estimated_cost && std::isfinite(stats.estimated_cost->amount)) {
    append_member(out, "estimated_cost");
    char amount[32];
    std::snprintf(amount, sizeof amount, "%.6g", stats.estimated_cost->amount);
    out += "{\"amount\":";
    out += amount;
    append_string_member(out, "currency", stats.estimated_cost->currency);
    out += '}';
  }
  if (!stats.segments.empty()) {
    append_member(out, "segments");
    out += '[';
    for (const SegmentStats& seg : stats.segments) {
      if (out.back() != '[') out += ',';
      out += "{\"segment\":" + std::to_string(seg.segment);
      append_int(out, "begin_ms", seg.begin_ms);
      append_int(out, "end_ms", seg.end_ms);
      append_member(out, "task_ids");
      out += '[';
      for (const std::string& id : seg.task_ids) {
        if (out.back() != '[') out += ',';
        append_string(out, id);
      }
      out += "]}";
    }
    out += ']';
  }
  out += "}\n";
  sink_.write(out);
}

// Every record is a complete line already; there is nothing to close.
void JsonlWriter::finish() {}

}  // namespace dsasr::output
