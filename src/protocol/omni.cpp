#include "protocol/omni.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "protocol/duplex.h"
#include "protocol/raw_result.h"
#include "protocol/realtime_common.h"
#include "protocol/realtime_messages.h"
#include "util/json.h"

namespace dsasr::protocol {

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "input_audio_buffer.append carries s16le: add a byte swap for big-endian hosts");

namespace json = util::json;

// Events that only describe the answer's structure or the input side: accepted, no effect.
bool is_structural(std::string_view type) {
  static constexpr std::string_view kQuiet[] = {
      "input_audio_buffer.committed",
      "input_audio_buffer.cleared",
      "conversation.item.created",
      "conversation.item.input_audio_transcription.text",
      "conversation.item.input_audio_transcription.delta",
      "conversation.item.input_audio_transcription.completed",
      "conversation.item.input_audio_transcription.failed",
      "response.output_item.added",
      "response.output_item.done",
      "response.content_part.added",
      "response.content_part.done",
  };
  return std::find(std::begin(kQuiet), std::end(kQuiet), type) != std::end(kQuiet);
}

std::optional<int64_t> token_count(const rapidjson::Value* usage, const char* name) {
  if (!usage) return std::nullopt;
  std::optional<int64_t> n = json::get_int(*usage, name);
  if (n && *n < 0) return std::nullopt;
  return n;
}

}  // namespace

OmniMachine::OmniMachine(Request request, IdGenerator& ids)
    : request_(std::move(request)),
      ids_(ids),
      task_id_(ids_.task_id()),
      sent_(request_.sample_rate_hz, request_.vad_silence_ms) {}

int64_t OmniMachine::sent_ms() const {
  return sent_.ms();
}

void OmniMachine::open(Output& out) {
  if (state_ != State::kIdle) return;
  if (is_manual_commit(request_)) {
    state_ = State::kDone;
    out.events.emplace_back(Failed{"InvalidRequest",
                                   request_.model +
                                       " answers the turns of the service's voice detection; "
                                       "manual commits (turn_detection null) are not supported",
                                   false});
    return;
  }
  util::Result<std::string> update = build_omni_session_update(request_, ids_.event_id());
  if (!update) {
    state_ = State::kDone;
    out.events.emplace_back(Failed{"InvalidRequest", update.error().message, false});
    return;
  }
  out.frames.push_back({Frame::Kind::kText, std::move(*update)});
  state_ = State::kStarting;
}

bool OmniMachine::accepting_audio() const {
  return state_ == State::kStreaming && !finish_requested_;
}

void OmniMachine::audio(const int16_t* samples, size_t count, Output& out) {
  if (!accepting_audio() || samples == nullptr || count == 0) return;
  append(samples, count, out);
}

void OmniMachine::append(const int16_t* samples, size_t count, Output& out) {
  const size_t per_event = kMaxAppendBytes / 2;
  for (size_t first = 0; first < count; first += per_event) {
    const size_t n = std::min(per_event, count - first);
    const std::string_view bytes(reinterpret_cast<const char*>(samples + first),
                                 n * sizeof(int16_t));
    out.frames.push_back({Frame::Kind::kText, build_append(ids_.event_id(), bytes)});
  }
  sent_.add(samples, count);
}

void OmniMachine::finish(Output& out) {
  if (done() || finish_requested_) return;
  finish_requested_ = true;
  if (state_ == State::kStreaming) begin_finish(out);
}

void OmniMachine::begin_finish(Output& out) {
  if (const size_t n = sent_.closing_silence(); n > 0) {
    const std::vector<int16_t> silence(n, 0);
    append(silence.data(), silence.size(), out);
  }
  finish_pending_ = true;
  maybe_finish(out);
}

bool OmniMachine::heard_everything() const {
  if (!answers_.empty()) return false;
  for (const Turn& t : turns_) {
    if (!t.answered) return false;
  }
  return !sent_.any_speech() || speech_started_seen_;
}

void OmniMachine::maybe_finish(Output& out) {
  if (finish_pending_ && state_ == State::kStreaming && heard_everything()) send_finish(out);
}

int64_t OmniMachine::finish_wait_ms(int64_t since_first_audio_ms) const {
  return sent_.finish_wait_ms(since_first_audio_ms);
}

void OmniMachine::finish_now(Output& out) {
  if (finish_pending_ && state_ == State::kStreaming) send_finish(out);
}

bool OmniMachine::speech_unheard() const {
  return sent_.any_speech() && !speech_started_seen_;
}

void OmniMachine::send_finish(Output& out) {
  out.frames.push_back({Frame::Kind::kText, build_session_finish(ids_.event_id())});
  finish_pending_ = false;
}

void OmniMachine::receive(std::string_view message, Output& out) {
  const std::size_t first_event = out.events.size();
  receive_message(message, out);
  if (request_.keep_raw) attach_raw(message, first_event, out);
}

void OmniMachine::receive_message(std::string_view message, Output& out) {
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
    Failed failed = realtime_error_failure(doc, state_ == State::kStarting);
    state_ = State::kDone;
    out.events.emplace_back(std::move(failed));
    return;
  }
  if (type == "session.created") {
    const rapidjson::Value* session = json::member(doc, "session");
    std::optional<std::string> id = session ? json::get_string(*session, "id") : std::nullopt;
    if (!id || !is_printable_session_id(*id)) {
      warn("session.created without a usable session.id; using the local id " + task_id_, out);
    } else {
      task_id_ = std::move(*id);
    }
    return;
  }
  if (type == "session.updated") {
    if (state_ == State::kIdle) {
      fail_protocol("session.updated before session.update", out);
    } else if (state_ == State::kStarting) {
      state_ = State::kStreaming;
      out.events.emplace_back(Started{task_id_});
      if (finish_requested_) begin_finish(out);
    }
    return;
  }
  const bool known = type == "session.finished" || type == "input_audio_buffer.speech_started" ||
                     type == "input_audio_buffer.speech_stopped" || type == "response.created" ||
                     type == "response.text.delta" || type == "response.text.done" ||
                     type == "response.done" || is_structural(type);
  if (!known) {
    warn("ignored unknown event '" + realtime_excerpt(type, true) + "'", out);
    return;
  }
  if (!streaming) {
    fail_protocol(type + " before session.updated", out);
    return;
  }
  if (type == "session.finished") {
    on_session_finished(out);
    return;
  }
  if (type == "input_audio_buffer.speech_started") {
    on_speech(doc, true, out);
  } else if (type == "input_audio_buffer.speech_stopped") {
    on_speech(doc, false, out);
  } else if (type == "response.created") {
    on_response_created(doc, out);
  } else if (type == "response.text.delta") {
    on_delta(doc, out);
  } else if (type == "response.text.done") {
    on_text_done(doc, out);
  } else if (type == "response.done") {
    on_response_done(doc, out);
  }
  maybe_finish(out);
}

void OmniMachine::on_speech(const rapidjson::Value& doc, bool started, Output& out) {
  const char* field = started ? "audio_start_ms" : "audio_end_ms";
  std::optional<int64_t> ms = realtime_audio_ms(doc, field);
  std::string id = json::get_string(doc, "item_id").value_or("");
  if (started) {
    speech_started_seen_ = true;
    // The server may repeat speech_started for the same turn (seed 003's reference: "may also
    // trigger each time audio is added before speech detection").
    if (!id.empty()) {
      for (Turn& t : turns_) {
        if (t.item_id == id) {
          if (ms && !t.begin_ms) t.begin_ms = ms;
          if (ms) progress(*ms, out);
          return;
        }
      }
    }
    if (turns_.size() >= kMaxTracked) turns_.pop_front();
    Turn t;
    t.ordinal = next_ordinal_++;
    t.item_id = std::move(id);
    t.begin_ms = ms;
    turns_.push_back(std::move(t));
  } else {
    // The turn it names, else the latest one still open.
    Turn* turn = nullptr;
    for (auto it = turns_.rbegin(); it != turns_.rend(); ++it) {
      if ((!id.empty() && it->item_id == id) || (id.empty() && !it->end_ms)) {
        turn = &*it;
        break;
      }
    }
    if (!turn) {
      warn("speech_stopped for a turn that never started", out);
    } else if (ms) {
      turn->end_ms = ms;
    }
  }
  if (!ms) {
    warn(std::string(started ? "speech_started" : "speech_stopped") + " without a usable " + field,
         out);
    return;
  }
  progress(*ms, out);
}

OmniMachine::Turn* OmniMachine::find_turn(int64_t ordinal) {
  for (Turn& t : turns_) {
    if (t.ordinal == ordinal) return &t;
  }
  return nullptr;
}

void OmniMachine::on_response_created(const rapidjson::Value& doc, Output& out) {
  const rapidjson::Value* response = json::member(doc, "response");
  std::optional<std::string> id = response ? json::get_string(*response, "id") : std::nullopt;
  if (!id) {
    warn("response.created without response.id", out);
    return;
  }
  if (answers_.count(*id) != 0) {
    warn("ignored a second response.created for " + realtime_excerpt(*id, true), out);
    return;
  }
  if (answers_.size() >= kMaxTracked) answers_.erase(answers_.begin());
  Answer a;
  auto turn =
      std::find_if(turns_.begin(), turns_.end(), [](const Turn& t) { return !t.answering; });
  if (turn != turns_.end()) {
    turn->answering = true;
    a.ordinal = turn->ordinal;
  } else {
    a.ordinal = next_ordinal_++;
  }
  answers_.emplace(std::move(*id), std::move(a));
}

OmniMachine::Answer* OmniMachine::find_answer(const rapidjson::Value& doc, const char* member,
                                              Output& out) {
  std::optional<std::string> id;
  if (std::string_view(member) == "response") {
    const rapidjson::Value* response = json::member(doc, "response");
    id = response ? json::get_string(*response, "id") : std::nullopt;
  } else {
    id = json::get_string(doc, member);
  }
  if (!id) {
    warn("ignored a response event without a response id", out);
    return nullptr;
  }
  auto it = answers_.find(*id);
  if (it == answers_.end()) {
    warn("ignored an event for unknown response " + realtime_excerpt(*id, true), out);
    return nullptr;
  }
  return &it->second;
}

void OmniMachine::on_delta(const rapidjson::Value& doc, Output& out) {
  std::optional<std::string> delta = json::get_string(doc, "delta");
  if (!delta) {
    warn("ignored response.text.delta without a delta", out);
    return;
  }
  Answer* a = find_answer(doc, "response_id", out);
  if (!a) return;
  a->deltas += *delta;
  const Turn* turn = find_turn(a->ordinal);
  Sentence s;
  s.sentence_id = a->ordinal;
  s.begin_ms = turn && turn->begin_ms ? *turn->begin_ms : last_end_ms_;
  s.text = a->deltas;
  out.events.emplace_back(Partial{std::move(s)});
}

void OmniMachine::on_text_done(const rapidjson::Value& doc, Output& out) {
  std::optional<std::string> text = json::get_string(doc, "text");
  if (!text) {
    warn("response.text.done without text", out);
    return;
  }
  if (Answer* a = find_answer(doc, "response_id", out)) a->text = std::move(text);
}

void OmniMachine::on_response_done(const rapidjson::Value& doc, Output& out) {
  const rapidjson::Value* response = json::member(doc, "response");
  std::optional<std::string> id = response ? json::get_string(*response, "id") : std::nullopt;
  Answer* a = find_answer(doc, "response", out);
  if (!a) return;
  const std::string status = json::get_string(*response, "status").value_or("completed");
  const rapidjson::Value* usage = json::member(*response, "usage");
  if (usage && !usage->IsObject()) usage = nullptr;

  std::string text;
  if (a->text) {
    text = std::move(*a->text);
  } else if (!a->deltas.empty()) {
    warn("response " + realtime_excerpt(*id, true) +
             " ended without response.text.done; its deltas are used",
         out);
    text = a->deltas;
  }
  if (status == "failed") {
    std::string code;
    std::string message;
    const rapidjson::Value* details = json::member(*response, "status_details");
    const rapidjson::Value* error = details ? json::member(*details, "error") : nullptr;
    if (error && error->IsObject()) {
      code = json::get_string(*error, "code").value_or("");
      message = json::get_string(*error, "message").value_or("");
    }
    out.events.emplace_back(
        ResultFailed{code.empty() ? "ResponseFailed" : realtime_excerpt(code, true),
                     realtime_excerpt(message, true)});
  } else if (status != "completed" && !text.empty()) {
    warn("response " + realtime_excerpt(*id, true) + " ended " + realtime_excerpt(status, true) +
             "; its text so far is used",
         out);
  }
  emit_final(*id, *a, std::move(text), token_count(usage, "input_tokens"),
             token_count(usage, "output_tokens"), out);
  if (Turn* turn = find_turn(a->ordinal)) turn->answered = true;
  answers_.erase(*id);
  while (!turns_.empty() && turns_.front().answered) turns_.pop_front();
}

void OmniMachine::emit_final(const std::string& response_id, Answer& a, std::string text,
                             std::optional<int64_t> input_tokens,
                             std::optional<int64_t> output_tokens, Output& out) {
  const Turn* turn = find_turn(a.ordinal);
  const int64_t begin = turn && turn->begin_ms ? *turn->begin_ms : last_end_ms_;
  const bool end_known = turn && turn->end_ms;
  const int64_t end = std::max(begin, end_known ? *turn->end_ms : sent_ms());
  last_end_ms_ = std::max(last_end_ms_, end);
  if (!text.empty()) {
    Sentence s;
    s.sentence_id = a.ordinal;
    s.begin_ms = begin;
    s.end_ms = end;
    s.text = std::move(text);
    s.response_id = response_id;
    s.input_tokens = input_tokens;
    s.output_tokens = output_tokens;
    out.events.emplace_back(Final{std::move(s), std::nullopt});
  }
  if (end_known) progress(end, out);
}

void OmniMachine::on_session_finished(Output& out) {
  std::vector<std::pair<std::string, Answer*>> open;
  for (auto& [id, a] : answers_) {
    if (a.text || !a.deltas.empty()) open.emplace_back(id, &a);
  }
  std::sort(open.begin(), open.end(),
            [](const auto& x, const auto& y) { return x.second->ordinal < y.second->ordinal; });
  for (auto& [id, a] : open) {
    warn("response " + realtime_excerpt(id, true) + " was still open at the end; its text is used",
         out);
    std::string text = a->text ? *a->text : a->deltas;
    emit_final(id, *a, std::move(text), std::nullopt, std::nullopt, out);
  }
  answers_.clear();
  state_ = State::kDone;
  out.events.emplace_back(Finished{task_id_, std::nullopt});
}

void OmniMachine::fail_protocol(std::string message, Output& out) {
  state_ = State::kDone;
  out.events.emplace_back(Failed{"ProtocolError", std::move(message), false});
}

void OmniMachine::warn(std::string message, Output& out) {
  out.events.emplace_back(Warning{std::move(message)});
}

void OmniMachine::progress(int64_t ms, Output& out) {
  if (!progress_ms_ || ms > *progress_ms_) progress_ms_ = ms;
  out.events.emplace_back(Progress{*progress_ms_});
}

}  // namespace dsasr::protocol
