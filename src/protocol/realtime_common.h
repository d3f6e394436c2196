// What the two machines of the realtime session family (RealtimeMachine for Qwen-ASR, OmniMachine
// for Qwen-Omni) read from server messages in the same way: quoting, audio times, session ids and
// the `error` event. Pure functions; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "protocol/events.h"
#include "protocol/machine.h"

namespace dsasr::protocol {

// One short line for a Warning: control bytes become '?', cut at a UTF-8 boundary after
// kRealtimeExcerptBytes ("..." marks the cut). When the bytes are not known to be UTF-8 (a frame
// that did not parse), non-ASCII bytes become '?' as well, so the Warning is always valid text.
inline constexpr std::size_t kRealtimeExcerptBytes = 120;
std::string realtime_excerpt(std::string_view s, bool known_utf8);

// A non-negative audio time in ms (integral, or a whole double) of member `name`.
std::optional<int64_t> realtime_audio_ms(const rapidjson::Value& v, const char* name);

// True for a session.id worth taking as task_id(): 1..128 printable ASCII bytes, no spaces.
bool is_printable_session_id(std::string_view id);

// The `error` event as a Failed (realtime.h "Errors"): code = error.code, else error.type, else
// "error"; message = error.message plus " (parameter P)"; retryable for the failure.h classes,
// error.type "server_error" and the no-data timeout, never for a session parameter rejected
// while the session is being set up (`setting_up`).
Failed realtime_error_failure(const rapidjson::Value& doc, bool setting_up);

// The front of both machines' receive(): the size limit (kMaxMessageBytes), the parse
// (iterative, so nesting cannot exhaust the stack; UTF-8 validated, since texts reach the
// writers), the NUL check (RapidJSON would take a raw NUL for the end) and the event type.
// kEvent: `doc` and `type` hold the event. kIgnored: a Warning saying why is in `out`.
// kOtherFamily: a duplex-protocol event (a task-failed answering session.update), so the
// endpoint serves the other family; a non-retryable WrongProtocol failure is in `out`.
enum class RealtimeFront { kEvent, kIgnored, kOtherFamily };
RealtimeFront read_realtime_event(std::string_view message, rapidjson::Document& doc,
                                  std::string& type, Output& out);

}  // namespace dsasr::protocol
