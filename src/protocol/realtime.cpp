#include "protocol/realtime.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "protocol/duplex.h"
#include "protocol/failure.h"
#include "protocol/raw_result.h"
#include "protocol/realtime_common.h"
#include "protocol/realtime_messages.h"
#include "util/json.h"

namespace dsasr::protocol {

namespace {

// append() hands the s16 samples to base64 as the bytes they lie in memory as.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "input_audio_buffer.append carries s16le: add a byte swap for big-endian hosts");

namespace json = util::json;

// Commits remembered for matching answers and errors. The service answers each commit within
// moments, and commits are at least kPauseSearchAfterMs of audio apart except the last one, so a
// handful is plenty.
constexpr size_t kMaxRememberedCommits = 8;

constexpr std::string_view kTextEvent = "conversation.item.input_audio_transcription.text";
constexpr std::string_view kCompletedEvent =
    "conversation.item.input_audio_transcription.completed";
constexpr std::string_view kFailedEvent = "conversation.item.input_audio_transcription.failed";

std::string excerpt(std::string_view s, bool known_utf8) {
  return realtime_excerpt(s, known_utf8);
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

RealtimeMachine::RealtimeMachine(Request request, IdGenerator& ids)
    : request_(std::move(request)),
      ids_(ids),
      task_id_(ids_.task_id()),
      sent_(request_.sample_rate_hz, request_.vad_silence_ms) {
  manual_ = is_manual_commit(request_);
}

int64_t RealtimeMachine::sent_ms() const {
  return sent_.ms();
}

void RealtimeMachine::open(Output& out) {
  if (state_ != State::kIdle) return;
  util::Result<std::string> update = build_session_update(request_, ids_.event_id());
  if (!update) {
    // Not the service's fault and not worth a retry: the request cannot be expressed.
    state_ = State::kDone;
    out.events.emplace_back(Failed{"InvalidRequest", update.error().message, false});
    return;
  }
  out.frames.push_back({Frame::Kind::kText, std::move(*update)});
  state_ = State::kStarting;
}

bool RealtimeMachine::accepting_audio() const {
  return state_ == State::kStreaming && !finish_requested_;
}

void RealtimeMachine::audio(const int16_t* samples, size_t count, Output& out) {
  if (!accepting_audio() || samples == nullptr || count == 0) return;
  size_t first = 0;  // of the samples not yet appended
  if (manual_) {
    const uint64_t rate = static_cast<uint64_t>(std::max(request_.sample_rate_hz, 1));
    const uint64_t window = std::max<uint64_t>(rate * kPauseWindowMs / 1000, 1);
    const uint64_t search_after = rate * kPauseSearchAfterMs / 1000;
    const uint64_t hard_limit = rate * kMaxUncommittedMs / 1000;
    for (size_t i = 0; i < count; ++i) {
      const auto v = static_cast<double>(samples[i]);
      window_energy_ += v * v;
      ++window_samples_;
      const uint64_t uncommitted = sent_.samples() + (i + 1 - first) - samples_at_commit_;
      bool commit_now = uncommitted >= hard_limit;
      if (window_samples_ == window) {
        const double rms = std::sqrt(window_energy_ / static_cast<double>(window));
        window_energy_ = 0;
        window_samples_ = 0;
        if (!quietest_rms_ || rms < *quietest_rms_) quietest_rms_ = rms;
        const double pause_rms = std::max(kPauseRms, kPauseNoiseFactor * *quietest_rms_);
        if (uncommitted >= search_after && rms <= pause_rms) commit_now = true;
      }
      if (commit_now) {
        append(samples + first, i + 1 - first, out);
        first = i + 1;
        send_commit(out);
      }
    }
  }
  append(samples + first, count - first, out);
}

void RealtimeMachine::append(const int16_t* samples, size_t count, Output& out) {
  const size_t per_event = kMaxAppendBytes / 2;
  for (size_t first = 0; first < count; first += per_event) {
    const size_t n = std::min(per_event, count - first);
    // The wire format is s16le and the host is little-endian (static_assert above): the bytes
    // to encode are the samples as they lie in memory, no copy needed.
    const std::string_view bytes(reinterpret_cast<const char*>(samples + first),
                                 n * sizeof(int16_t));
    out.frames.push_back({Frame::Kind::kText, build_append(ids_.event_id(), bytes)});
  }
  sent_.add(samples, count);
}

void RealtimeMachine::finish(Output& out) {
  if (done() || finish_requested_) return;
  finish_requested_ = true;
  // Nothing may be sent before the session is configured: wait for session.updated.
  if (state_ == State::kStreaming) begin_finish(out);
}

void RealtimeMachine::begin_finish(Output& out) {
  if (manual_) {
    if (sent_.samples() > samples_at_commit_) send_commit(out);
  } else if (const size_t n = sent_.closing_silence(); n > 0) {
    // Silence until the input ends in silence_duration_ms + kFinishMarginMs of quiet, so the
    // service's VAD closes the last turn.
    const std::vector<int16_t> silence(n, 0);
    append(silence.data(), silence.size(), out);
  }
  finish_pending_ = true;
  maybe_finish(out);
}

bool RealtimeMachine::heard_everything() const {
  for (const auto& [id, it] : items_) {
    if (!it.resolved) return false;
  }
  if (manual_) return pending_commits_.empty();
  return !sent_.any_speech() || speech_started_seen_;
}

void RealtimeMachine::maybe_finish(Output& out) {
  if (finish_pending_ && state_ == State::kStreaming && heard_everything()) send_finish(out);
}

int64_t RealtimeMachine::finish_wait_ms(int64_t since_first_audio_ms) const {
  return sent_.finish_wait_ms(since_first_audio_ms);
}

void RealtimeMachine::finish_now(Output& out) {
  if (finish_pending_ && state_ == State::kStreaming) send_finish(out);
}

bool RealtimeMachine::speech_unheard() const {
  if (!sent_.any_speech()) return false;
  return manual_ ? !transcript_seen_ : !speech_started_seen_;
}

void RealtimeMachine::send_commit(Output& out) {
  const auto rate = static_cast<uint64_t>(std::max(request_.sample_rate_hz, 1));
  Span span{static_cast<int64_t>(samples_at_commit_ * 1000 / rate), sent_ms()};
  std::string id = ids_.event_id();
  out.frames.push_back({Frame::Kind::kText, build_commit(id)});
  pending_commits_.push_back(span);
  commit_event_ids_.push_back(std::move(id));
  if (commit_event_ids_.size() > kMaxRememberedCommits) commit_event_ids_.pop_front();
  if (pending_commits_.size() > kMaxRememberedCommits) pending_commits_.pop_front();
  samples_at_commit_ = sent_.samples();
  quietest_rms_.reset();
}

void RealtimeMachine::send_finish(Output& out) {
  out.frames.push_back({Frame::Kind::kText, build_session_finish(ids_.event_id())});
  finish_pending_ = false;
  finish_sent_ = true;
}

void RealtimeMachine::receive(std::string_view message, Output& out) {
  const std::size_t first_event = out.events.size();
  receive_message(message, out);
  if (request_.keep_raw) attach_raw(message, first_event, out);
}

void RealtimeMachine::receive_message(std::string_view message, Output& out) {
  if (done()) return;
  rapidjson::Document doc;
  std::string type;
  switch (read_realtime_event(message, doc, type, out)) {
    case RealtimeFront::kEvent:
      break;
    case RealtimeFront::kIgnored:
      return;
    case RealtimeFront::kOtherFamily:
      state_ = State::kDone;
      return;
  }

  const bool streaming = state_ == State::kStreaming;
  if (type == "error") {
    on_error(doc, out);
  } else if (type == "session.created") {
    on_session_created(doc, out);
  } else if (type == "session.updated") {
    if (state_ == State::kIdle) {
      fail_protocol("session.updated before session.update", out);
    } else if (state_ == State::kStarting) {
      on_session_updated(out);
    }
    // A later session.updated changes nothing the machine depends on.
  } else if (type == "session.finished") {
    if (!streaming) {
      fail_protocol("session.finished before session.updated", out);
      return;
    }
    on_session_finished(out);
  } else if (type == "input_audio_buffer.speech_started" ||
             type == "input_audio_buffer.speech_stopped" ||
             type == "input_audio_buffer.committed" || type == "conversation.item.created" ||
             type == kTextEvent || type == kCompletedEvent || type == kFailedEvent) {
    if (!streaming) {
      fail_protocol(type + " before session.updated", out);
      return;
    }
    if (type == "input_audio_buffer.speech_started") {
      on_speech(doc, true, out);
    } else if (type == "input_audio_buffer.speech_stopped") {
      on_speech(doc, false, out);
    } else if (type == "input_audio_buffer.committed") {
      on_committed(doc, out);
    } else if (type == "conversation.item.created") {
      on_item_created(doc, out);
    } else if (type == kTextEvent) {
      on_text(doc, out);
    } else if (type == kCompletedEvent) {
      on_completed(doc, out);
    } else {
      on_failed(doc, out);
    }
  } else {
    warn("ignored unknown event '" + excerpt(type, true) + "'", out);
  }
  maybe_finish(out);
}

void RealtimeMachine::on_session_created(const rapidjson::Value& doc, Output& out) {
  const rapidjson::Value* session = json::member(doc, "session");
  std::optional<std::string> id = session ? json::get_string(*session, "id") : std::nullopt;
  if (!id || !is_printable_session_id(*id)) {
    warn("session.created without a usable session.id; using the local id " + task_id_, out);
    return;
  }
  task_id_ = std::move(*id);
}

void RealtimeMachine::on_session_updated(Output& out) {
  state_ = State::kStreaming;
  out.events.emplace_back(Started{task_id_});
  if (finish_requested_) begin_finish(out);
}

RealtimeMachine::Item& RealtimeMachine::item(const std::string& id) {
  auto it = items_.find(id);
  if (it != items_.end()) return it->second;
  if (items_.size() >= kMaxTrackedItems) {
    // Forget the oldest resolved item, else the oldest of all: a server that never finishes its
    // items must not grow the map without bound.
    auto victim = items_.end();
    for (auto i = items_.begin(); i != items_.end(); ++i) {
      const bool better = victim == items_.end() ||
                          (i->second.resolved && !victim->second.resolved) ||
                          (i->second.resolved == victim->second.resolved &&
                           i->second.ordinal < victim->second.ordinal);
      if (better) victim = i;
    }
    items_.erase(victim);
  }
  Item& fresh = items_[id];
  fresh.ordinal = next_ordinal_++;
  return fresh;
}

void RealtimeMachine::note_language(Item& it, const rapidjson::Value& doc) {
  if (auto language = json::get_string(doc, "language"); language && !language->empty()) {
    it.language = std::move(language);
  }
  if (auto emotion = json::get_string(doc, "emotion"); emotion && !emotion->empty()) {
    it.emotion = std::move(emotion);
  }
}

void RealtimeMachine::on_speech(const rapidjson::Value& doc, bool started, Output& out) {
  const char* field = started ? "audio_start_ms" : "audio_end_ms";
  std::optional<int64_t> ms = realtime_audio_ms(doc, field);
  std::string id = json::get_string(doc, "item_id").value_or("");
  if (!ms) {
    if (started) speech_started_seen_ = true;
    warn(std::string(started ? "speech_started" : "speech_stopped") + " without a usable " + field,
         out);
    if (!id.empty()) item(id);
    return;
  }
  if (started) speech_started_seen_ = true;
  if (!id.empty()) {
    Item& it = item(id);
    (started ? it.begin_ms : it.end_ms) = ms;
  }
  progress(*ms, out);
}

void RealtimeMachine::on_committed(const rapidjson::Value& doc, Output& out) {
  std::optional<std::string> id = json::get_string(doc, "item_id");
  std::optional<Span> span;
  if (manual_ && !pending_commits_.empty()) {
    span = pending_commits_.front();
    pending_commits_.pop_front();
  }
  if (!id) {
    warn("input_audio_buffer.committed without an item_id", out);
    return;
  }
  Item& it = item(*id);
  if (span && !it.begin_ms && !it.end_ms) {
    it.begin_ms = span->begin_ms;
    it.end_ms = span->end_ms;
  }
}

void RealtimeMachine::on_item_created(const rapidjson::Value& doc, Output& out) {
  const rapidjson::Value* it = json::member(doc, "item");
  std::optional<std::string> id = it ? json::get_string(*it, "id") : std::nullopt;
  if (!id) {
    warn("conversation.item.created without item.id", out);
    return;
  }
  item(*id);
}

void RealtimeMachine::on_text(const rapidjson::Value& doc, Output& out) {
  std::optional<std::string> text = json::get_string(doc, "text");
  std::optional<std::string> stash = json::get_string(doc, "stash");
  if (!text && !stash) {
    warn("ignored a transcription.text event without text or stash", out);
    return;
  }
  std::string id = json::get_string(doc, "item_id").value_or("");
  if (auto found = items_.find(id); found != items_.end() && found->second.resolved) {
    warn("ignored interim text for finished item " + excerpt(id, true), out);
    return;
  }
  Item& it = item(id);
  note_language(it, doc);
  it.interim = text.value_or("") + stash.value_or("");
  Sentence s;
  s.sentence_id = it.ordinal;
  s.begin_ms = it.begin_ms.value_or(last_end_ms_);
  s.text = it.interim;
  if (stash && !stash->empty()) s.stash = std::move(stash);
  s.language = it.language;
  s.emotion = it.emotion;
  out.events.emplace_back(Partial{std::move(s)});
}

void RealtimeMachine::on_completed(const rapidjson::Value& doc, Output& out) {
  std::string id = json::get_string(doc, "item_id").value_or("");
  std::optional<std::string> transcript = json::get_string(doc, "transcript");
  if (auto found = items_.find(id); found != items_.end() && found->second.resolved) {
    warn("ignored a second transcript for item " + excerpt(id, true), out);
    return;
  }
  Item& it = item(id);
  note_language(it, doc);
  it.resolved = true;
  if (!transcript) {
    warn("transcription.completed without a transcript for item " + excerpt(id, true), out);
  } else {
    emit_final(it, std::move(*transcript), out);
  }
  // An event without an item_id must not swallow the next one's results.
  if (id.empty()) items_.erase(id);
}

void RealtimeMachine::emit_final(Item& it, std::string text, Output& out) {
  const int64_t begin = it.begin_ms.value_or(last_end_ms_);
  const int64_t end = std::max(begin, it.end_ms.value_or(sent_ms()));
  last_end_ms_ = std::max(last_end_ms_, end);
  if (!text.empty()) {  // else the item held no speech: nothing to show
    transcript_seen_ = true;
    Sentence s;
    s.sentence_id = it.ordinal;
    s.begin_ms = begin;
    s.end_ms = end;
    s.text = std::move(text);
    s.language = it.language;
    s.emotion = it.emotion;
    out.events.emplace_back(Final{std::move(s), std::nullopt});
  }
  if (it.end_ms) progress(end, out);
}

void RealtimeMachine::on_failed(const rapidjson::Value& doc, Output& out) {
  std::string id = json::get_string(doc, "item_id").value_or("");
  std::string code;
  std::string message;
  if (const rapidjson::Value* error = json::member(doc, "error")) {
    code = json::get_string(*error, "code").value_or("");
    message = json::get_string(*error, "message").value_or("");
  }
  Item& it = item(id);
  it.resolved = true;
  out.events.emplace_back(ResultFailed{code.empty() ? "TranscriptionFailed" : excerpt(code, true),
                                       excerpt(message, true)});
  if (id.empty()) items_.erase(id);
}

void RealtimeMachine::on_error(const rapidjson::Value& doc, Output& out) {
  const rapidjson::Value* error = json::member(doc, "error");
  const bool has_error = error != nullptr && error->IsObject();
  const std::string code = has_error ? json::get_string(*error, "code").value_or("") : "";
  const std::string event_id = has_error ? json::get_string(*error, "event_id").value_or("") : "";

  // An empty buffer at our commit: nothing was lost, and session.finish follows the commit.
  if (!event_id.empty() && contains(code, "empty") &&
      std::find(commit_event_ids_.begin(), commit_event_ids_.end(), event_id) !=
          commit_event_ids_.end()) {
    if (manual_ && !pending_commits_.empty()) pending_commits_.pop_back();
    warn("the service found nothing to commit (" + excerpt(code, true) + ")", out);
    return;
  }

  Failed failed = realtime_error_failure(doc, state_ == State::kStarting);
  state_ = State::kDone;
  out.events.emplace_back(std::move(failed));
}

void RealtimeMachine::on_session_finished(Output& out) {
  // Items the service never completed but showed interim text for: keep their last words.
  std::vector<Item*> unfinished;
  for (auto& [id, it] : items_) {
    if (!it.resolved && !it.interim.empty()) unfinished.push_back(&it);
  }
  std::sort(unfinished.begin(), unfinished.end(),
            [](const Item* a, const Item* b) { return a->ordinal < b->ordinal; });
  for (Item* it : unfinished) {
    warn("item " + std::to_string(it->ordinal) +
             " ended without a transcript; its last interim text is used",
         out);
    it->resolved = true;
    emit_final(*it, it->interim, out);
  }
  state_ = State::kDone;
  out.events.emplace_back(Finished{task_id_, std::nullopt});
}

void RealtimeMachine::fail_protocol(std::string message, Output& out) {
  state_ = State::kDone;
  out.events.emplace_back(Failed{"ProtocolError", std::move(message), false});
}

void RealtimeMachine::warn(std::string message, Output& out) {
  out.events.emplace_back(Warning{std::move(message)});
}

void RealtimeMachine::progress(int64_t ms, Output& out) {
  if (!progress_ms_ || ms > *progress_ms_) progress_ms_ = ms;
  out.events.emplace_back(Progress{*progress_ms_});
}

}  // namespace dsasr::protocol
