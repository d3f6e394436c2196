#include "emulator/realtime_session.h"

#include <algorithm>
#include <cmath>

#include "emulator/base64.h"
#include "emulator/duplex_session.h"
#include "emulator/realtime_messages.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

namespace json = util::json;
using OptString = std::optional<std::string>;

constexpr const char* kInvalidRequest = "invalid_request_error";
constexpr const char* kServerError = "server_error";

}  // namespace

RealtimeSession::RealtimeSession(SharedState& shared, std::string model, Faults faults,
                                 int connection_ordinal)
    : shared_(shared),
      faults_(std::move(faults)),
      ordinal_(connection_ordinal),
      audio_faults_(faults_, connection_ordinal),
      segmenter_(16000, 800) {
  config_.model = std::move(model);
  config_.omni = is_omni_model(config_.model);
  config_.id = "sess_" + shared_.ids.hex(24);
}

int64_t RealtimeSession::scaled(int64_t ms) const {
  return static_cast<int64_t>(std::llround(static_cast<double>(ms) * shared_.time_scale));
}

std::string RealtimeSession::event_id() {
  return "event_" + shared_.ids.hex(24);
}

Actions RealtimeSession::on_open() {
  Actions out;
  Action clock;
  clock.kind = Action::Kind::kStartClock;
  out.push_back(clock);
  out.push_back(send_json(session_event(event_id(), "session.created", session_json(config_))));
  out.push_back(arm_timer(TimerId::kNoData, scaled(kNoDataTimeoutMs)));
  return out;
}

void RealtimeSession::error(Actions& out, const char* type, const std::string& code,
                            const std::string& message, const OptString& param,
                            const OptString& client_event_id) {
  out.push_back(send_json(error_event(event_id(), type, code, message, param, client_event_id),
                          segmenter_.processed_ms()));
}

void RealtimeSession::fail_and_close(Actions& out, const std::string& code,
                                     const std::string& message, const OptString& client_id) {
  error(out, kServerError, code, message, std::nullopt, client_id);
  out.push_back(close_after(1000, code));
  for (TimerId t : {TimerId::kDelayStart, TimerId::kNoData, TimerId::kSilence, TimerId::kIdle,
                    TimerId::kAfterFinish}) {
    out.push_back(cancel_timer(t));
  }
  state_ = State::kClosed;
}

Actions RealtimeSession::on_text(std::string_view text) {
  Actions out;
  if (state_ == State::kClosed) return out;
  if (state_ == State::kActive) {
    out.push_back(arm_timer(TimerId::kNoData, scaled(kNoDataTimeoutMs)));
  }
  rapidjson::Document doc;
  if (!json::parse(text, doc) || !doc.IsObject()) {
    error(out, kInvalidRequest, "invalid_value", "The message is not a JSON object", std::nullopt,
          std::nullopt);
    return out;
  }
  const OptString client_id = json::get_string(doc, "event_id");
  const OptString type = json::get_string(doc, "type");
  if (!type) {
    error(out, kInvalidRequest, "invalid_value", "Missing event type", "type", client_id);
    return out;
  }
  if (!first_event_seen_) {
    first_event_seen_ = true;
    if (faults_.throttle_count && ordinal_ <= *faults_.throttle_count) {
      fail_and_close(out, "Throttling.RateQuota",
                     "Requests rate limit exceeded, please try again later.", client_id);
      return out;
    }
    const bool fails_after = faults_.fail_start_after && ordinal_ > *faults_.fail_start_after;
    if (faults_.fail_start_code || fails_after) {
      fail_and_close(out, fails_after ? faults_.fail_start_after_code : *faults_.fail_start_code,
                     "Injected failure", client_id);
      return out;
    }
  }
  if (state_ == State::kFinished) {
    error(out, kInvalidRequest, "invalid_value", "The session is finished", "type", client_id);
    return out;
  }
  if (*type == "session.update") {
    on_session_update(out, doc, client_id);
  } else if (*type == "input_audio_buffer.append") {
    on_append(out, doc, client_id);
  } else if (*type == "input_audio_buffer.commit") {
    on_commit(out, client_id);
  } else if (*type == "input_audio_buffer.clear") {
    manual_bytes_ = 0;
    manual_commit_ms_ = segmenter_.processed_ms();
  } else if (*type == "session.finish") {
    on_finish(out);
  } else if (*type == "response.create" && config_.omni) {
    on_response_create(out, client_id);
  } else {
    error(out, kInvalidRequest, "invalid_value", "Unknown event type: " + *type, "type", client_id);
  }
  return out;
}

void RealtimeSession::on_session_update(Actions& out, const rapidjson::Document& doc,
                                        const OptString& client_id) {
  const rapidjson::Value* session = json::member(doc, "session");
  if (!session) {
    error(out, kInvalidRequest, "invalid_value", "Missing session", "session", client_id);
    return;
  }
  if (auto err = apply_session_update(*session, config_)) {
    error(out, kInvalidRequest, "invalid_value", err->message, err->param, client_id);
    return;
  }
  const int silence_ms = config_.silence_duration_ms;
  if (audio_seen_) {
    segmenter_.reconfigure(config_.sample_rate_hz, silence_ms);
  } else {
    segmenter_ = Segmenter(config_.sample_rate_hz, silence_ms);
  }
  std::string updated = session_event(event_id(), "session.updated", session_json(config_));
  if (faults_.delay_start_ms) {
    // delay-start is wall time and deliberately not scaled by --time-scale.
    pending_updated_ = std::move(updated);
    out.push_back(arm_timer(TimerId::kDelayStart, *faults_.delay_start_ms));
    return;
  }
  out.push_back(send_json(std::move(updated)));
}

void RealtimeSession::on_append(Actions& out, const rapidjson::Document& doc,
                                const OptString& client_id) {
  auto audio = json::get_string(doc, "audio");
  std::optional<std::vector<uint8_t>> pcm;
  if (audio) pcm = base64_decode(*audio);
  if (!pcm) {
    error(out, kInvalidRequest, "invalid_value", "audio must be a base64 string", "audio",
          client_id);
    return;
  }
  audio_seen_ = true;
  manual_bytes_ += pcm->size();
  auto events = segmenter_.feed(pcm->data(), pcm->size());
  if (config_.server_vad) {
    handle_segments(out, events);
  } else {
    for (const SegmentEvent& ev : events) {
      if (ev.kind == SegmentEvent::Kind::kBegin) ++manual_sentences_;
    }
  }
  if (auto fault = audio_faults_.add(pcm->size(), config_.sample_rate_hz)) {
    Action a;
    switch (*fault) {
      case AudioFault::kFail:
        fail_and_close(out, faults_.fail_code, "Injected failure", std::nullopt);
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
}

RealtimeSession::Utterance RealtimeSession::next_utterance() {
  Utterance u;
  u.item_id = "item_" + shared_.ids.hex(24);
  u.line = shared_.script.line(static_cast<size_t>(utterances_++));
  u.units = split_units(u.line.text);
  return u;
}

RealtimeSession::Utterance RealtimeSession::committed_utterance(int sentences) {
  Utterance u;
  u.item_id = "item_" + shared_.ids.hex(24);
  for (int i = 0; i < sentences; ++i) {
    ScriptLine line = shared_.script.line(static_cast<size_t>(utterances_++));
    if (i == 0) {
      u.line = std::move(line);
      continue;
    }
    // One transcript of the whole buffer: CJK sentences run on, others are spaced.
    if (!has_cjk(u.line.text) || !has_cjk(line.text)) u.line.text += ' ';
    u.line.text += line.text;
    if (!line.translation.empty()) {
      if (!u.line.translation.empty()) u.line.translation += ' ';
      u.line.translation += line.translation;
    }
  }
  u.units = split_units(u.line.text);
  return u;
}

std::string RealtimeSession::language_for(const std::string& text) const {
  if (config_.language) return *config_.language;
  return has_cjk(text) ? "zh" : "en";
}

void RealtimeSession::handle_segments(Actions& out, const std::vector<SegmentEvent>& events) {
  for (const SegmentEvent& ev : events) {
    switch (ev.kind) {
      case SegmentEvent::Kind::kBegin:
        if (!first_speech_at_ms_) first_speech_at_ms_ = ev.at_ms;
        open_ = next_utterance();
        open_begin_ms_ = ev.begin_ms;
        out.push_back(
            send_json(speech_started_event(event_id(), ev.begin_ms, open_->item_id), ev.at_ms));
        break;
      case SegmentEvent::Kind::kInterim: {
        // Qwen-Omni has no interim transcript: the answer streams once the turn is over.
        if (!open_ || config_.omni) break;
        const size_t n = open_->units.size();
        if (n == 0) break;
        size_t k = static_cast<size_t>(ev.interim_index);
        if (k > n - 1) k = n - 1;
        const std::string confirmed = prefix_text(open_->line.text, open_->units, k);
        const std::string upto = prefix_text(open_->line.text, open_->units, k + 1);
        const std::string stash = upto.substr(confirmed.size());
        Action a =
            send_json(transcription_text_event(event_id(), open_->item_id,
                                               language_for(open_->line.text), confirmed, stash),
                      ev.at_ms);
        a.result = true;
        out.push_back(std::move(a));
        break;
      }
      case SegmentEvent::Kind::kEnd:
        if (open_) complete(out, *open_, ev.at_ms, true, ev.end_ms);
        open_.reset();
        break;
    }
  }
}

void RealtimeSession::complete(Actions& out, const Utterance& u, int64_t audio_ms, bool vad,
                               int64_t speech_end_ms) {
  if (vad) {
    out.push_back(send_json(speech_stopped_event(event_id(), speech_end_ms, u.item_id), audio_ms));
  }
  out.push_back(send_json(committed_event(event_id(), last_item_id_, u.item_id), audio_ms));
  out.push_back(send_json(item_created_event(event_id(), last_item_id_, u.item_id), audio_ms));
  last_item_id_ = u.item_id;
  const std::string language = language_for(u.line.text);
  if (config_.omni) {
    // VAD mode answers the turn at once (turn_detection.create_response); Manual mode waits for
    // the client's response.create.
    if (vad && config_.create_response) {
      answer(out, u, audio_ms, speech_end_ms - open_begin_ms_.value_or(speech_end_ms));
    } else {
      unanswered_ = u;
    }
    return;
  }
  if (!vad) {
    // Manual mode recognises the whole buffer at once: one interim, then the transcript.
    const size_t n = u.units.size();
    if (n > 1) {
      const std::string confirmed = prefix_text(u.line.text, u.units, n - 1);
      Action t = send_json(transcription_text_event(event_id(), u.item_id, language, confirmed,
                                                    u.line.text.substr(confirmed.size())),
                           audio_ms);
      t.result = true;
      out.push_back(std::move(t));
    }
  }
  Action a = send_json(transcription_completed_event(event_id(), u.item_id, language, u.line.text),
                       audio_ms);
  a.result = true;
  a.final_result = true;
  out.push_back(std::move(a));
}

void RealtimeSession::answer(Actions& out, const Utterance& u, int64_t audio_ms,
                             int64_t speech_ms) {
  const std::string response_id = "resp_" + shared_.ids.hex(24);
  const std::string item_id = "item_" + shared_.ids.hex(24);
  const std::string& text = u.line.text;
  out.push_back(send_json(response_created_event(event_id(), response_id), audio_ms));
  if (config_.input_transcription) {
    // The input side's transcript arrives while the model answers (the two run side by side).
    out.push_back(send_json(
        transcription_completed_event(event_id(), u.item_id, language_for(text), text), audio_ms));
  }
  out.push_back(send_json(output_item_added_event(event_id(), response_id, item_id), audio_ms));
  out.push_back(send_json(content_part_added_event(event_id(), response_id, item_id), audio_ms));
  std::string sent;
  for (size_t k = 1; k <= u.units.size(); ++k) {
    const std::string upto = prefix_text(text, u.units, k);
    Action d = send_json(
        text_delta_event(event_id(), response_id, item_id, upto.substr(sent.size())), audio_ms);
    d.result = true;
    out.push_back(std::move(d));
    sent = upto;
  }
  Action done = send_json(text_done_event(event_id(), response_id, item_id, text), audio_ms);
  done.result = true;
  done.final_result = true;
  out.push_back(std::move(done));
  out.push_back(
      send_json(content_part_done_event(event_id(), response_id, item_id, text), audio_ms));
  out.push_back(
      send_json(output_item_done_event(event_id(), response_id, item_id, text), audio_ms));
  // Tokens as the vendor counts them, roughly: the prompt's text (about 4 bytes a token), the
  // turn's audio (25 tokens a second) and one output token per word or character.
  OmniUsage usage;
  usage.input_text_tokens =
      static_cast<int64_t>((config_.instructions.value_or("").size() + 3) / 4);
  usage.input_audio_tokens = std::max<int64_t>(speech_ms, 0) * 25 / 1000;
  usage.output_text_tokens = static_cast<int64_t>(u.units.size());
  out.push_back(
      send_json(response_done_event(event_id(), response_id, item_id, text, usage), audio_ms));
}

void RealtimeSession::on_response_create(Actions& out, const OptString& client_id) {
  if (config_.server_vad && config_.create_response) {
    error(out, kInvalidRequest, "invalid_value",
          "response.create is not needed in server_vad mode: the server answers each turn", "type",
          client_id);
    return;
  }
  if (!unanswered_) {
    error(out, kInvalidRequest, "invalid_value", "There is no committed input to respond to",
          "type", client_id);
    return;
  }
  const int64_t now_ms = segmenter_.processed_ms();
  answer(out, *unanswered_, now_ms, now_ms - manual_commit_ms_);
  unanswered_.reset();
}

void RealtimeSession::on_commit(Actions& out, const OptString& client_id) {
  if (config_.server_vad) {
    error(out, kInvalidRequest, "invalid_value",
          "input_audio_buffer.commit is not allowed in server_vad mode", "type", client_id);
    return;
  }
  if (manual_bytes_ == 0) {
    error(out, kInvalidRequest, "input_audio_buffer_commit_empty",
          "Error committing input audio buffer: the buffer is empty", std::nullopt, client_id);
    return;
  }
  // The service recognises the whole committed buffer as one item: every sentence spoken in it
  // (none: an empty transcript).
  const int64_t now_ms = segmenter_.processed_ms();
  complete(out, committed_utterance(manual_sentences_), now_ms, false, now_ms);
  // A sentence still open goes on into the next commit, which continues its item's words.
  manual_sentences_ = 0;
  manual_bytes_ = 0;
  manual_commit_ms_ = now_ms;
}

void RealtimeSession::on_finish(Actions& out) {
  if (config_.server_vad) {
    // Seed 003: a session.finish before the service returned speech_started ends the session
    // at once with session.finished and no transcript; what the service would have said about
    // audio it had not listened to yet (slow:F) is never said.
    const bool speech_heard =
        first_speech_at_ms_ && (!heard_ms_ || *first_speech_at_ms_ <= *heard_ms_);
    if (!speech_heard) {
      Action discard;
      discard.kind = Action::Kind::kDiscardUnsent;
      out.push_back(discard);
      open_.reset();
      out.push_back(send_json(session_finished_event(event_id())));
      out.push_back(cancel_timer(TimerId::kNoData));
      out.push_back(arm_timer(TimerId::kIdle, scaled(kIdleTimeoutMs)));
      state_ = State::kFinished;
      return;
    }
    handle_segments(out, segmenter_.flush());
  } else if (manual_bytes_ > 0 && segmenter_.last_speech_end_ms() > manual_commit_ms_) {
    // Uncommitted speech is recognised as one last item, as the service does on session.finish.
    const int64_t now_ms = segmenter_.processed_ms();
    complete(out, committed_utterance(std::max(manual_sentences_, 1)), now_ms, false, now_ms);
    manual_bytes_ = 0;
  }
  out.push_back(send_json(session_finished_event(event_id()), segmenter_.processed_ms()));
  out.push_back(cancel_timer(TimerId::kNoData));
  out.push_back(arm_timer(TimerId::kIdle, scaled(kIdleTimeoutMs)));
  if (faults_.after_finish_ms) inject_after_finish(out);
  state_ = State::kFinished;
}

void RealtimeSession::inject_after_finish(Actions& out) {
  // A new item the session never announced: interim text, then its transcript.
  const int64_t now_ms = segmenter_.processed_ms();
  const std::string item_id = "item_" + shared_.ids.hex(24);
  const std::string interim = std::string(kAfterFinishMark) + " interim";
  const std::string final_text = std::string(kAfterFinishMark) + " final";
  Action t = send_json(
      transcription_text_event(event_id(), item_id, language_for(interim), interim, ""), now_ms);
  t.result = true;
  out.push_back(std::move(t));
  Action c = send_json(
      transcription_completed_event(event_id(), item_id, language_for(final_text), final_text),
      now_ms);
  c.result = true;
  c.final_result = true;
  out.push_back(std::move(c));
  // after-finish is wall time and deliberately not scaled by --time-scale.
  out.push_back(arm_timer(TimerId::kAfterFinish, *faults_.after_finish_ms));
}

Actions RealtimeSession::on_after_finish() {
  Actions out;
  const std::string late = std::string(kAfterFinishMark) + " late";
  Action c = send_json(transcription_completed_event(event_id(), "item_" + shared_.ids.hex(24),
                                                     language_for(late), late));
  c.result = true;
  c.final_result = true;
  out.push_back(std::move(c));
  out.push_back(close_after(1000, "after-finish"));
  out.push_back(cancel_timer(TimerId::kIdle));
  state_ = State::kClosed;
  return out;
}

Actions RealtimeSession::on_binary(const uint8_t*, size_t) {
  Actions out;
  if (state_ == State::kClosed) return out;
  error(out, kInvalidRequest, "invalid_value",
        "Binary frames are not supported; send audio with input_audio_buffer.append", std::nullopt,
        std::nullopt);
  return out;
}

Actions RealtimeSession::on_timer(TimerId id) {
  Actions out;
  if (state_ == State::kClosed) return out;
  switch (id) {
    case TimerId::kDelayStart:
      if (pending_updated_) {
        out.push_back(send_json(std::move(*pending_updated_)));
        pending_updated_.reset();
      }
      break;
    case TimerId::kNoData:
      if (state_ == State::kActive) {
        error(out, kInvalidRequest, "request_timeout", "request timeout after 23 seconds.",
              std::nullopt, std::nullopt);
        out.push_back(close_after(1000, "request_timeout"));
        out.push_back(cancel_timer(TimerId::kDelayStart));
        state_ = State::kClosed;
      }
      break;
    case TimerId::kSilence:
      break;
    case TimerId::kIdle:
      if (state_ == State::kFinished) {
        out.push_back(close_after(1000, "idle timeout"));
        state_ = State::kClosed;
      }
      break;
    case TimerId::kAfterFinish:
      if (state_ == State::kFinished) return on_after_finish();
      break;
  }
  return out;
}

}  // namespace dsasr::emulator
