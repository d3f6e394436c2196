#include "protocol/duplex.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "protocol/duplex_messages.h"
#include "protocol/failure.h"
#include "protocol/raw_result.h"
#include "util/json.h"

namespace dsasr::protocol {

namespace {

namespace json = util::json;

// audio() copies s16 samples into binary frames as they lie in memory.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the duplex audio frame is s16le: add a byte swap for big-endian hosts");

// Gummy sentences tracked at once; a misbehaving server cannot grow the map without bound.
constexpr size_t kMaxTrackedSentences = 256;
// Finals held for a translation at once; beyond this the oldest goes out without it (a service
// that never sends translation finals must not stall output for the rest of the task).
constexpr size_t kMaxHeldFinals = 16;
// Bytes of an offending message quoted in a Warning.
constexpr size_t kExcerptBytes = 120;

// True when `s` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or values > U+10FFFF).
bool is_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// A short printable excerpt: control bytes become '?', cut at a UTF-8 boundary; if the bytes are
// not UTF-8 at all, every non-ASCII byte becomes '?' so the Warning itself is valid text.
std::string excerpt(std::string_view message) {
  size_t n = std::min(message.size(), kExcerptBytes);
  while (n > 0 && n < message.size() && (static_cast<unsigned char>(message[n]) & 0xC0) == 0x80) {
    --n;
  }
  std::string out(message.substr(0, n));
  const bool utf8 = is_utf8(out);
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || (!utf8 && u >= 0x80)) c = '?';
  }
  if (n < message.size()) out += "...";
  return out;
}

// Task ids compare without dashes and case: the docs allow both UUID spellings (§2.2).
std::string normalised_id(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (c != '-') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// payload.usage.duration when it is a finite non-negative number.
std::optional<double> usage_seconds(const rapidjson::Value& payload) {
  const rapidjson::Value* usage = json::member(payload, "usage");
  if (!usage) return std::nullopt;
  std::optional<double> d = json::get_number(*usage, "duration");
  if (!d || !std::isfinite(*d) || *d < 0) return std::nullopt;
  return d;
}

// The value of a request parameter as JSON `false` (last occurrence wins, like the wire).
bool parameter_is_false(const Request& request, const char* key) {
  bool result = false;
  for (const JsonMember& m : request.parameters) {
    if (m.first != key) continue;
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(m.second.data(), m.second.size());
    result = !doc.HasParseError() && doc.IsBool() && !doc.GetBool();
  }
  return result;
}

}  // namespace

DuplexMachine::DuplexMachine(Request request, const Model* model, std::string task_id)
    : request_(std::move(request)), task_id_(std::move(task_id)) {
  one_sentence_ = model != nullptr && model->has(kOneSentence);
  transcription_enabled_ = !parameter_is_false(request_, "transcription_enabled");
  hold_for_translation_ = request_.translate_to.has_value() && transcription_enabled_;
}

void DuplexMachine::open(Output& out) {
  if (state_ != State::kIdle) return;
  util::Result<std::string> run_task = build_run_task(request_, task_id_);
  if (!run_task) {
    // Not the service's fault and not worth a retry: the request cannot be expressed.
    state_ = State::kDone;
    out.events.emplace_back(Failed{"InvalidRequest", run_task.error().message, false});
    return;
  }
  out.frames.push_back({Frame::Kind::kText, std::move(*run_task)});
  state_ = State::kStarting;
}

bool DuplexMachine::accepting_audio() const {
  return state_ == State::kStreaming && !finish_sent_ && !one_sentence_done_;
}

void DuplexMachine::audio(const int16_t* samples, size_t count, Output& out) {
  if (!accepting_audio() || samples == nullptr || count == 0) return;
  // The wire format is s16le and the host is little-endian (static_assert above): the samples go
  // into the frame as they are, in one allocation and one copy.
  std::string bytes(reinterpret_cast<const char*>(samples), count * sizeof(int16_t));
  out.frames.push_back({Frame::Kind::kBinary, std::move(bytes)});
}

void DuplexMachine::finish(Output& out) {
  if (done() || finish_requested_) return;
  finish_requested_ = true;
  // The service fails a task that gets finish-task before task-started (§2.1); wait for it.
  if (state_ == State::kStreaming) send_finish(out);
}

void DuplexMachine::send_finish(Output& out) {
  out.frames.push_back({Frame::Kind::kText, build_finish_task(task_id_)});
  finish_sent_ = true;
}

void DuplexMachine::receive(std::string_view message, Output& out) {
  const std::size_t first_event = out.events.size();
  receive_message(message, out);
  if (request_.keep_raw) attach_raw(message, first_event, out);
}

void DuplexMachine::receive_message(std::string_view message, Output& out) {
  if (done()) return;
  if (message.size() > kMaxMessageBytes) {
    warn("ignored an oversized message (" + std::to_string(message.size()) + " bytes)", {}, out);
    return;
  }
  rapidjson::Document doc;
  // Iterative: nesting depth cannot exhaust the stack. Validated: texts reaching writers are
  // UTF-8 (WebSocket text frames must be anyway).
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(message.data(),
                                                                                    message.size());
  // A raw NUL cannot occur in JSON text, and RapidJSON would take it for the end of the input.
  if (doc.HasParseError() || message.find('\0') != std::string_view::npos) {
    warn("ignored a message that is not JSON", message, out);
    return;
  }
  const rapidjson::Value* header = json::member(doc, "header");
  std::optional<std::string> event = header ? json::get_string(*header, "event") : std::nullopt;
  if (!event) {
    if (std::optional<std::string> type = json::get_string(doc, "type"); type && !header) {
      // A realtime-protocol event ("session.created", "error"): the endpoint serves the other
      // family. Retrying cannot help.
      state_ = State::kDone;
      out.events.emplace_back(Failed{std::string(kWrongProtocol),
                                     "the endpoint speaks the realtime session protocol (it "
                                     "sent '" +
                                         excerpt(*type) + "'), not the duplex task protocol",
                                     false});
      return;
    }
    warn("ignored a message without header.event", message, out);
    return;
  }
  if (std::optional<std::string> id = json::get_string(*header, "task_id")) {
    if (normalised_id(*id) == normalised_id(task_id_)) {
      id_echoed_ = true;
    } else if (id_echoed_) {
      // One task per connection: a result, end or failure of another task must neither be
      // printed nor end this one.
      warn("ignored " + *event + " for task " + excerpt(*id) + " on task " + task_id_, {}, out);
      return;
    } else {
      // The official SDKs never read header.task_id; until the service has shown that it echoes
      // ours, a service that labels messages its own way is followed, with a warning.
      warn("message for task " + excerpt(*id) + " on task " + task_id_, {}, out);
    }
  }
  static const rapidjson::Value kEmptyObject(rapidjson::kObjectType);
  const rapidjson::Value* payload = json::member(doc, "payload");
  if (!payload || !payload->IsObject()) payload = &kEmptyObject;

  if (*event == "task-started") {
    if (state_ != State::kStarting) {
      fail_protocol(
          state_ == State::kIdle ? "task-started before run-task" : "task-started arrived twice",
          out);
      return;
    }
    on_task_started(out);
  } else if (*event == "result-generated") {
    if (state_ != State::kStreaming) {
      fail_protocol("result-generated before task-started", out);
      return;
    }
    on_result(*payload, out);
  } else if (*event == "task-finished") {
    if (state_ != State::kStreaming) {
      fail_protocol("task-finished before task-started", out);
      return;
    }
    on_task_finished(*payload, out);
  } else if (*event == "task-failed") {
    on_task_failed(*header, out);
  } else {
    warn("ignored unknown event '" + excerpt(*event) + "'", {}, out);
  }
}

void DuplexMachine::on_task_started(Output& out) {
  state_ = State::kStreaming;
  out.events.emplace_back(Started{task_id_});
  if (finish_requested_) send_finish(out);
}

void DuplexMachine::on_result(const rapidjson::Value& payload, Output& out) {
  const rapidjson::Value* output = json::member(payload, "output");
  std::optional<double> billed = usage_seconds(payload);
  if (output) {
    if (const rapidjson::Value* sentence = json::member(*output, "sentence")) {
      on_sentence(*sentence, billed, out);
      return;
    }
    if (json::member(*output, "transcription") || json::member(*output, "translations")) {
      on_gummy(*output, billed, out);
      return;
    }
  }
  warn("ignored a result without sentence, transcription or translations", {}, out);
}

void DuplexMachine::on_sentence(const rapidjson::Value& sentence, std::optional<double> billed,
                                Output& out) {
  std::optional<ResultSentence> r = decode_result_sentence(sentence);
  if (!r) {
    warn("ignored a result whose sentence is not an object", {}, out);
    return;
  }
  // Keep-alive packets carry no recognition; the socket activity itself is the sign of life.
  if (r->heartbeat) return;
  if (r->is_final()) {
    Sentence s = r->as_final();
    s.usage_seconds = billed;
    out.events.emplace_back(Final{std::move(s), billed});
    if (one_sentence_) one_sentence_done_ = true;
  } else {
    out.events.emplace_back(Partial{r->as_partial()});
  }
  progress(r->progress_ms, out);
}

void DuplexMachine::on_gummy(const rapidjson::Value& output, std::optional<double> billed,
                             Output& out) {
  std::optional<int64_t> reached;
  auto note_time = [&reached](std::optional<int64_t> t) {
    if (t && (!reached || *t > *reached)) reached = t;
  };
  bool any_final = false;

  // Translations first, so a transcription final in the same event finds its translation.
  if (const rapidjson::Value* translations = json::member(output, "translations");
      translations && translations->IsArray()) {
    for (const rapidjson::Value& tv : translations->GetArray()) {
      std::optional<ResultSentence> t = decode_result_sentence(tv);
      if (!t) continue;
      note_time(t->progress_ms);
      std::string lang = t->lang.value_or(request_.translate_to.value_or(""));
      GummySentence& g = gummy_sentence(t->sentence.sentence_id);
      g.translations[lang] = t->sentence.text;
      if (t->is_final()) {
        g.translation_final = true;
        any_final = true;
        if (billed) g.billed_seconds = billed;
      }
      if (!transcription_enabled_) {
        // Translation-only task: the translation is the result.
        Sentence s = t->is_final() ? t->as_final() : t->sentence;
        s.text.clear();
        s.stash.reset();
        if (t->is_final()) s.usage_seconds = billed;
        s.translations = g.translations;
        if (t->is_final()) {
          out.events.emplace_back(Final{std::move(s), billed});
          gummy_.erase(t->sentence.sentence_id);
        } else {
          out.events.emplace_back(Partial{std::move(s)});
        }
      }
    }
  }

  if (const rapidjson::Value* tv = json::member(output, "transcription");
      tv && transcription_enabled_) {
    if (std::optional<ResultSentence> t = decode_result_sentence(*tv)) {
      note_time(t->progress_ms);
      const int64_t id = t->sentence.sentence_id;
      GummySentence& g = gummy_sentence(id);
      if (t->is_final()) {
        any_final = true;
        g.final_sentence = t->as_final();
        if (billed) g.billed_seconds = billed;
        held_.push_back(id);
      } else {
        Sentence s = t->as_partial();
        s.translations = g.translations;
        out.events.emplace_back(Partial{std::move(s)});
      }
    }
  }

  release_ready_finals(out);
  if (any_final && one_sentence_) one_sentence_done_ = true;
  progress(reached, out);
}

DuplexMachine::GummySentence& DuplexMachine::gummy_sentence(int64_t id) {
  auto it = gummy_.find(id);
  if (it != gummy_.end()) return it->second;
  // Forget the oldest sentence that holds no pending Final before growing past the bound.
  if (gummy_.size() >= kMaxTrackedSentences) {
    for (auto old = gummy_.begin(); old != gummy_.end(); ++old) {
      if (std::find(held_.begin(), held_.end(), old->first) == held_.end()) {
        gummy_.erase(old);
        break;
      }
    }
  }
  return gummy_[id];
}

void DuplexMachine::release_ready_finals(Output& out) {
  while (!held_.empty()) {
    auto it = gummy_.find(held_.front());
    if (it == gummy_.end() || !it->second.final_sentence) {
      held_.pop_front();
      continue;
    }
    GummySentence& g = it->second;
    bool forced = held_.size() > kMaxHeldFinals;
    if (hold_for_translation_ && !g.translation_final && !forced) return;
    Sentence s = std::move(*g.final_sentence);
    s.translations = g.translations;
    s.usage_seconds = g.billed_seconds;
    out.events.emplace_back(Final{std::move(s), g.billed_seconds});
    gummy_.erase(it);
    held_.pop_front();
  }
}

void DuplexMachine::release_all_finals(Output& out) {
  hold_for_translation_ = false;
  release_ready_finals(out);
}

void DuplexMachine::on_task_finished(const rapidjson::Value& payload, Output& out) {
  release_all_finals(out);
  state_ = State::kDone;
  out.events.emplace_back(Finished{task_id_, usage_seconds(payload)});
}

void DuplexMachine::on_task_failed(const rapidjson::Value& header, Output& out) {
  release_all_finals(out);
  std::string code = json::get_string(header, "error_code").value_or("");
  std::string message = json::get_string(header, "error_message").value_or("");
  bool retryable = is_retryable_failure(code, message);
  if (code.empty()) code = "TaskFailed";
  if (message.empty()) message = "the service failed the task without a message";
  state_ = State::kDone;
  out.events.emplace_back(Failed{std::move(code), std::move(message), retryable});
}

void DuplexMachine::fail_protocol(std::string message, Output& out) {
  release_all_finals(out);
  state_ = State::kDone;
  out.events.emplace_back(Failed{"ProtocolError", std::move(message), false});
}

void DuplexMachine::warn(std::string message, std::string_view offending, Output& out) {
  if (!offending.empty()) message += ": " + excerpt(offending);
  out.events.emplace_back(Warning{std::move(message)});
}

void DuplexMachine::progress(std::optional<int64_t> ms, Output& out) {
  if (!ms) return;
  if (!progress_ms_ || *ms > *progress_ms_) progress_ms_ = ms;
  out.events.emplace_back(Progress{*progress_ms_});
}

}  // namespace dsasr::protocol
