#include "emulator/duplex_session.h"

#include <cmath>

#include "emulator/duplex_messages.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

namespace json = util::json;

std::vector<Word> to_words(const std::vector<TextUnit>& units, size_t count, int64_t begin_ms,
                           int64_t end_ms) {
  std::vector<Word> out;
  for (const TimedUnit& t : spread_units(units, count, begin_ms, end_ms)) {
    out.push_back(Word{t.begin_ms, t.end_ms, t.unit->text, t.unit->punctuation});
  }
  return out;
}

// Interims grow one unit per 200 ms of speech but never show the whole sentence.
size_t interim_units(size_t total, int interim_index) {
  if (total <= 1) return 0;
  size_t k = static_cast<size_t>(interim_index);
  return k < total - 1 ? k : total - 1;
}

std::vector<Word> one_word(const std::vector<Word>& words, const std::string& text) {
  if (words.empty()) return {};
  return {Word{words.front().begin_ms, words.back().end_ms, text, ""}};
}

std::string marked(const char* mark, const std::string& text) {
  return std::string(mark) + " " + text;
}

// wrong-task-id: the other task's copy of a result says something else.
SentenceResult for_wrong_task(SentenceResult r) {
  r.text = marked(kWrongTaskMark, r.text);
  r.words = one_word(r.words, r.text);
  return r;
}

GummyResult for_wrong_task(GummyResult g) {
  auto relabel = [](GummySentence& s) {
    s.text = marked(kWrongTaskMark, s.text);
    s.words = one_word(s.words, s.text);
  };
  if (g.transcription) relabel(*g.transcription);
  for (GummySentence& t : g.translations) relabel(t);
  return g;
}

// after-finish: a well-formed result of `task`'s shape whose every text is `text`.
std::string injected_result(const TaskConfig& task, int sentence_id, const std::string& text,
                            bool final, int64_t at_ms, int64_t usage_s) {
  const std::vector<Word> words{Word{at_ms, at_ms, text, ""}};
  if (task.shape == ResultShape::kSentence) {
    SentenceResult r;
    r.sentence_id = sentence_id;
    r.begin_ms = at_ms;
    if (final) r.end_ms = at_ms;
    r.text = text;
    r.sentence_end = final;
    r.words = words;
    if (final) r.usage_duration_s = usage_s;
    return sentence_result_message(task.task_id, r);
  }
  GummySentence s;
  s.sentence_id = sentence_id;
  s.begin_ms = at_ms;
  if (final) s.end_ms = at_ms;
  s.current_time_ms = at_ms;
  s.text = text;
  s.words = words;
  s.sentence_end = final;
  GummyResult g;
  if (task.transcription_enabled) g.transcription = s;
  if (task.translation_enabled) {
    g.has_translations = true;
    for (const std::string& lang : task.target_languages) {
      g.translations.push_back(s);
      g.translations.back().lang = lang;
    }
  }
  if (final) g.usage_duration_s = usage_s;
  return gummy_result_message(task.task_id, g);
}

}  // namespace

DuplexSession::DuplexSession(SharedState& shared, Faults faults, int connection_ordinal)
    : shared_(shared),
      faults_(std::move(faults)),
      ordinal_(connection_ordinal),
      audio_faults_(faults_, connection_ordinal) {}

int64_t DuplexSession::scaled(int64_t ms) const {
  return static_cast<int64_t>(std::llround(static_cast<double>(ms) * shared_.time_scale));
}

Actions DuplexSession::on_open() {
  Actions out;
  out.push_back(arm_timer(TimerId::kIdle, scaled(kIdleTimeoutMs)));
  return out;
}

void DuplexSession::fail(Actions& out, const std::string& code, const std::string& message) {
  // Echo the running task's id; failing before a task exists, the id the client just sent.
  const std::string task_id = task_ ? task_->task_id : message_task_id_;
  Action a = send_json(task_failed_message(task_id, code, message),
                       segmenter_ ? segmenter_->processed_ms() : -1);
  out.push_back(std::move(a));
  out.push_back(close_after(1000, code));
  for (TimerId t : {TimerId::kDelayStart, TimerId::kNoData, TimerId::kSilence, TimerId::kIdle,
                    TimerId::kAfterFinish}) {
    out.push_back(cancel_timer(t));
  }
  state_ = State::kClosed;
}

Actions DuplexSession::on_text(std::string_view text) {
  Actions out;
  if (state_ == State::kClosed) return out;
  if (state_ != State::kIdle) out.push_back(arm_timer(TimerId::kNoData, scaled(kNoDataTimeoutMs)));
  rapidjson::Document doc;
  message_task_id_.clear();
  if (!json::parse(text, doc) || !doc.IsObject()) {
    fail(out, "InvalidParameter", kInvalidPayload);
    return out;
  }
  const rapidjson::Value* header = json::member(doc, "header");
  if (header) message_task_id_ = json::get_string(*header, "task_id").value_or("");
  auto action = header ? json::get_string(*header, "action") : std::nullopt;
  if (!action) {
    fail(out, "InvalidParameter", kInvalidPayload);
  } else if (*action == "run-task") {
    if (state_ != State::kIdle) {
      fail(out, "InvalidParameter", "run-task received while a task is running");
    } else {
      on_run_task(out, doc);
    }
  } else if (*action == "finish-task") {
    if (state_ != State::kRunning) {
      fail(out, "InvalidParameter", "finish-task received before task-started");
    } else {
      on_finish_task(out, doc);
    }
  } else if (*action == "continue-task") {
    // Fun-ASR context updates are accepted and have no effect on the emulated recognition.
    if (state_ != State::kRunning) {
      fail(out, "InvalidParameter", "continue-task received before task-started");
    }
  } else {
    fail(out, "InvalidParameter", "Unknown action: " + *action);
  }
  return out;
}

void DuplexSession::on_run_task(Actions& out, const rapidjson::Document& doc) {
  auto result = validate_run_task(doc);
  if (auto* err = std::get_if<TaskError>(&result)) {
    task_.reset();
    fail(out, err->code, err->message);
    return;
  }
  task_ = std::get<TaskConfig>(std::move(result));
  if (shared_.used_task_ids.count(task_->task_id)) {
    fail(out, "InvalidParameter", "task_id already used");
    return;
  }
  if (faults_.throttle_count && ordinal_ <= *faults_.throttle_count) {
    fail(out, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
    return;
  }
  const bool fails_after = faults_.fail_start_after && ordinal_ > *faults_.fail_start_after;
  if (faults_.fail_start_code || fails_after) {
    fail(out, fails_after ? faults_.fail_start_after_code : *faults_.fail_start_code,
         "Injected failure");
    return;
  }
  shared_.used_task_ids.insert(task_->task_id);
  foreign_task_id_.clear();
  foreign_end_sent_ = false;
  if (faults_.wrong_task_id) {
    // A fresh id per task, never one of the client's.
    do {
      foreign_task_id_ = shared_.ids.hex(32);
    } while (foreign_task_id_ == task_->task_id || shared_.used_task_ids.count(foreign_task_id_));
  }
  finished_task_.reset();  // a new task on the connection: the late after-finish result is off
  out.push_back(cancel_timer(TimerId::kAfterFinish));
  out.push_back(cancel_timer(TimerId::kIdle));
  out.push_back(arm_timer(TimerId::kNoData, scaled(kNoDataTimeoutMs)));
  segmenter_.emplace(task_->sample_rate_hz, task_->silence_ms);
  wav_ = WavStripper();
  task_pcm_bytes_ = 0;
  sentences_started_ = 0;
  sentence_.reset();
  chat_done_ = false;
  heartbeat_anchor_ms_ = 0;
  last_speech_seen_ms_ = -1;
  if (faults_.delay_start_ms) {
    state_ = State::kStarting;
    // delay-start is wall time and deliberately not scaled by --time-scale.
    out.push_back(arm_timer(TimerId::kDelayStart, *faults_.delay_start_ms));
    return;
  }
  start_task(out);
}

void DuplexSession::start_task(Actions& out) {
  state_ = State::kRunning;
  Action clock;
  clock.kind = Action::Kind::kStartClock;
  out.push_back(clock);
  out.push_back(send_json(task_started_message(task_->task_id)));
  if (!task_->heartbeat) out.push_back(arm_timer(TimerId::kSilence, scaled(kSilenceTimeoutMs)));
}

void DuplexSession::on_finish_task(Actions& out, const rapidjson::Document& doc) {
  if (!valid_finish_payload(doc)) {
    fail(out, "InvalidParameter", kInvalidPayload);
    return;
  }
  const rapidjson::Value* header = json::member(doc, "header");
  if (json::get_string(*header, "task_id") != std::optional<std::string>(task_->task_id)) {
    fail(out, "InvalidParameter", "finish-task task_id does not match the running task");
    return;
  }
  if (!chat_done_) handle_segments(out, segmenter_->flush());
  // A task too short for a final still sees its other task end before its own.
  send_foreign_end(out, segmenter_->processed_ms());
  out.push_back(send_json(task_finished_message(task_->task_id), segmenter_->processed_ms()));
  for (TimerId t : {TimerId::kNoData, TimerId::kSilence}) out.push_back(cancel_timer(t));
  out.push_back(arm_timer(TimerId::kIdle, scaled(kIdleTimeoutMs)));
  if (faults_.after_finish_ms) inject_after_finish(out);
  state_ = State::kIdle;
  task_.reset();
  segmenter_.reset();
  sentence_.reset();
}

Actions DuplexSession::on_binary(const uint8_t* data, size_t size) {
  Actions out;
  if (state_ == State::kClosed) return out;
  if (state_ != State::kRunning) {
    fail(out, "InvalidParameter", "audio received before task-started");
    return out;
  }
  out.push_back(arm_timer(TimerId::kNoData, scaled(kNoDataTimeoutMs)));
  std::vector<uint8_t> stripped;
  if (task_->wav) {
    stripped = wav_.feed(data, size);
    data = stripped.data();
    size = stripped.size();
  }
  task_pcm_bytes_ += size;
  const double task_ms = static_cast<double>(task_pcm_bytes_) * 1000.0 / 2.0 /
                         static_cast<double>(task_->sample_rate_hz);
  if (task_->one_sentence && task_ms > 60000.0) {
    fail(out, "InvalidParameter", "Audio is too long, exceeds 60 seconds.");
    return out;
  }
  if (!chat_done_) {
    handle_segments(out, segmenter_->feed(data, size));
    if (task_->heartbeat) emit_heartbeats(out);
    if (segmenter_->last_speech_end_ms() != last_speech_seen_ms_) {
      last_speech_seen_ms_ = segmenter_->last_speech_end_ms();
      if (!task_->heartbeat) {
        out.push_back(arm_timer(TimerId::kSilence, scaled(kSilenceTimeoutMs)));
      }
    }
  }
  if (auto fault = audio_faults_.add(size, task_->sample_rate_hz)) apply_audio_fault(out, *fault);
  return out;
}

void DuplexSession::apply_audio_fault(Actions& out, AudioFault fault) {
  Action a;
  switch (fault) {
    case AudioFault::kFail:
      fail(out, faults_.fail_code, "Injected failure");
      return;
    case AudioFault::kDrop:
      a.kind = Action::Kind::kDrop;
      break;
    case AudioFault::kClose1011:
      a.kind = Action::Kind::kCloseNow;
      a.code = 1011;
      a.reason = "Internal server error";
      break;
  }
  out.push_back(a);
  state_ = State::kClosed;
}

Actions DuplexSession::on_timer(TimerId id) {
  Actions out;
  if (state_ == State::kClosed) return out;
  switch (id) {
    case TimerId::kDelayStart:
      if (state_ == State::kStarting) start_task(out);
      break;
    case TimerId::kNoData:
      if (state_ != State::kIdle) {
        fail(out, "CLIENT_ERROR", "request timeout after 23 seconds.");
      }
      break;
    case TimerId::kSilence:
      if (state_ == State::kRunning) fail(out, "ResponseTimeout", "Response timeout!");
      break;
    case TimerId::kIdle:
      if (state_ == State::kIdle) {
        out.push_back(close_after(1000, "idle timeout"));
        state_ = State::kClosed;
      }
      break;
    case TimerId::kAfterFinish:
      if (state_ == State::kIdle && finished_task_) return on_after_finish();
      break;
  }
  return out;
}

void DuplexSession::inject_after_finish(Actions& out) {
  finished_task_ = *task_;
  after_finish_sentence_id_ = (task_->shape == ResultShape::kGummy ? 0 : 1) + sentences_started_;
  after_finish_at_ms_ = segmenter_->processed_ms();
  after_finish_usage_s_ = usage_seconds();
  for (bool final : {false, true}) {
    Action a = send_json(injected_result(*task_, after_finish_sentence_id_,
                                         marked(kAfterFinishMark, final ? "final" : "interim"),
                                         final, after_finish_at_ms_, after_finish_usage_s_),
                         after_finish_at_ms_);
    a.result = true;
    a.final_result = final;
    out.push_back(std::move(a));
  }
  // after-finish is wall time and deliberately not scaled by --time-scale.
  out.push_back(arm_timer(TimerId::kAfterFinish, *faults_.after_finish_ms));
}

Actions DuplexSession::on_after_finish() {
  Actions out;
  Action a = send_json(injected_result(*finished_task_, after_finish_sentence_id_ + 1,
                                       marked(kAfterFinishMark, "late"), true, after_finish_at_ms_,
                                       after_finish_usage_s_));
  a.result = true;
  a.final_result = true;
  out.push_back(std::move(a));
  out.push_back(close_after(1000, "after-finish"));
  out.push_back(cancel_timer(TimerId::kIdle));
  finished_task_.reset();
  state_ = State::kClosed;
  return out;
}

void DuplexSession::send_result(Actions& out, std::string json, std::string foreign_json,
                                int64_t at_ms, bool final) {
  Action a = send_json(std::move(json), at_ms);
  a.result = true;
  a.final_result = final;
  out.push_back(std::move(a));
  if (foreign_json.empty()) return;
  // The copy is not a final of this task: oversized pads only the real one.
  Action copy = send_json(std::move(foreign_json), at_ms);
  copy.result = true;
  out.push_back(std::move(copy));
  if (final) send_foreign_end(out, at_ms);
}

void DuplexSession::send_foreign_end(Actions& out, int64_t at_ms) {
  if (foreign_task_id_.empty() || foreign_end_sent_) return;
  switch (faults_.wrong_task_end) {
    case ForeignTaskEnd::kNone:
      return;
    case ForeignTaskEnd::kFinished:
      out.push_back(send_json(task_finished_message(foreign_task_id_), at_ms));
      break;
    case ForeignTaskEnd::kFailed:
      out.push_back(send_json(
          task_failed_message(foreign_task_id_, kForeignFailCode, kForeignFailMessage), at_ms));
      break;
  }
  foreign_end_sent_ = true;
}

int64_t DuplexSession::usage_seconds() const {
  const uint64_t per_second = static_cast<uint64_t>(task_->sample_rate_hz) * 2u;
  return static_cast<int64_t>((task_pcm_bytes_ + per_second - 1) / per_second);
}

std::string DuplexSession::translation_text(const ScriptLine& line, const std::string& lang) const {
  if (!line.translation.empty()) return line.translation;
  return "[" + lang + "] " + line.text;
}

void DuplexSession::begin_sentence(const SegmentEvent&) {
  Sentence s;
  s.id = (task_->shape == ResultShape::kGummy ? 0 : 1) + sentences_started_;
  s.line = shared_.script.line(static_cast<size_t>(sentences_started_));
  // {hot:SPELLING|FALLBACK}: the task's vocabulary decides (vocabularies.h).
  s.line.text = apply_hot_words(s.line.text,
                                shared_.vocabularies.words_for(task_->vocabulary_id, task_->model));
  ++sentences_started_;
  s.units = split_units(s.line.text);
  if (task_->translation_enabled) {
    for (const std::string& lang : task_->target_languages) {
      s.translation_texts.push_back(translation_text(s.line, lang));
      s.translation_units.push_back(split_units(s.translation_texts.back()));
    }
  }
  sentence_ = std::move(s);
}

void DuplexSession::handle_segments(Actions& out, const std::vector<SegmentEvent>& events) {
  for (const SegmentEvent& ev : events) {
    switch (ev.kind) {
      case SegmentEvent::Kind::kBegin:
        begin_sentence(ev);
        break;
      case SegmentEvent::Kind::kInterim:
        if (sentence_) emit_interim(out, ev);
        break;
      case SegmentEvent::Kind::kEnd:
        if (sentence_) emit_final(out, ev);
        sentence_.reset();
        heartbeat_anchor_ms_ = ev.at_ms;
        if (task_->one_sentence) {
          chat_done_ = true;
          return;
        }
        break;
    }
  }
}

void DuplexSession::emit_interim(Actions& out, const SegmentEvent& ev) {
  const Sentence& s = *sentence_;
  const size_t k = interim_units(s.units.size(), ev.interim_index);
  if (task_->shape == ResultShape::kSentence) {
    if (k == 0) return;
    SentenceResult r;
    r.sentence_id = s.id;
    r.begin_ms = ev.begin_ms;
    r.text = prefix_text(s.line.text, s.units, k);
    r.words = to_words(s.units, k, ev.begin_ms, ev.at_ms);
    send_result(out, sentence_result_message(task_->task_id, r),
                foreign_task_id_.empty()
                    ? std::string()
                    : sentence_result_message(foreign_task_id_, for_wrong_task(r)),
                ev.at_ms, false);
    return;
  }
  GummyResult g;
  bool any_text = false;
  if (task_->transcription_enabled) {
    GummySentence t;
    t.sentence_id = s.id;
    t.begin_ms = ev.begin_ms;
    t.current_time_ms = ev.at_ms;
    t.text = prefix_text(s.line.text, s.units, k);
    t.words = to_words(s.units, k, ev.begin_ms, ev.at_ms);
    any_text = any_text || k > 0;
    g.transcription = std::move(t);
  }
  if (task_->translation_enabled) {
    g.has_translations = true;
    for (size_t i = 0; i < task_->target_languages.size(); ++i) {
      const auto& units = s.translation_units[i];
      const size_t kt = interim_units(units.size(), ev.interim_index);
      GummySentence t;
      t.sentence_id = s.id;
      t.lang = task_->target_languages[i];
      t.begin_ms = ev.begin_ms;
      t.current_time_ms = ev.at_ms;
      t.text = prefix_text(s.translation_texts[i], units, kt);
      t.words = to_words(units, kt, ev.begin_ms, ev.at_ms);
      any_text = any_text || kt > 0;
      g.translations.push_back(std::move(t));
    }
  }
  if (!any_text) return;
  send_result(out, gummy_result_message(task_->task_id, g),
              foreign_task_id_.empty() ? std::string()
                                       : gummy_result_message(foreign_task_id_, for_wrong_task(g)),
              ev.at_ms, false);
}

void DuplexSession::emit_final(Actions& out, const SegmentEvent& ev) {
  const Sentence& s = *sentence_;
  std::string text;
  std::string foreign;
  if (task_->shape == ResultShape::kSentence) {
    SentenceResult r;
    r.sentence_id = s.id;
    r.begin_ms = ev.begin_ms;
    r.end_ms = ev.end_ms;
    r.text = s.line.text;
    r.sentence_end = true;
    r.words = to_words(s.units, s.units.size(), ev.begin_ms, ev.end_ms);
    r.emotion = task_->emotion;
    r.usage_duration_s = usage_seconds();
    text = sentence_result_message(task_->task_id, r);
    if (!foreign_task_id_.empty()) {
      foreign = sentence_result_message(foreign_task_id_, for_wrong_task(r));
    }
  } else {
    GummyResult g;
    if (task_->transcription_enabled) {
      GummySentence t;
      t.sentence_id = s.id;
      t.begin_ms = ev.begin_ms;
      t.end_ms = ev.end_ms;
      t.text = s.line.text;
      t.words = to_words(s.units, s.units.size(), ev.begin_ms, ev.end_ms);
      t.sentence_end = true;
      g.transcription = std::move(t);
    }
    if (task_->translation_enabled) {
      g.has_translations = true;
      for (size_t i = 0; i < task_->target_languages.size(); ++i) {
        GummySentence t;
        t.sentence_id = s.id;
        t.lang = task_->target_languages[i];
        t.begin_ms = ev.begin_ms;
        t.end_ms = ev.end_ms;
        t.text = s.translation_texts[i];
        t.words =
            to_words(s.translation_units[i], s.translation_units[i].size(), ev.begin_ms, ev.end_ms);
        t.sentence_end = true;
        g.translations.push_back(std::move(t));
      }
    }
    g.usage_duration_s = usage_seconds();
    text = gummy_result_message(task_->task_id, g);
    if (!foreign_task_id_.empty())
      foreign = gummy_result_message(foreign_task_id_, for_wrong_task(g));
  }
  send_result(out, std::move(text), std::move(foreign), ev.at_ms, true);
}

void DuplexSession::emit_heartbeats(Actions& out) {
  if (segmenter_->sentence_open()) {
    heartbeat_anchor_ms_ = segmenter_->processed_ms();
    return;
  }
  while (segmenter_->processed_ms() - heartbeat_anchor_ms_ >= 1000) {
    heartbeat_anchor_ms_ += 1000;
    SentenceResult r;
    r.sentence_id = 0;
    r.begin_ms = heartbeat_anchor_ms_;
    r.heartbeat = true;
    // Heartbeats keep the Fun-ASR/Paraformer sentence shape for every model.
    out.push_back(send_json(sentence_result_message(task_->task_id, r), heartbeat_anchor_ms_));
  }
}

}  // namespace dsasr::emulator
