// What a protocol session asks its transport to do. Sessions are pure state machines: they take
// client messages, audio and timer expiries, and return Actions; the lws shell (server.cpp)
// carries them out in order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsasr::emulator {

// Wall-clock timers a session may arm; re-arming replaces the pending expiry.
enum class TimerId { kDelayStart, kNoData, kSilence, kIdle, kAfterFinish };
constexpr int kTimerCount = 5;

struct Action {
  enum class Kind {
    kSendJson,       // text message `text` (JSON); `audio_ms` >= 0 ties it to audio time (slow:F)
    kSendRaw,        // text message `text` that is not JSON (non-json fault)
    kClose,          // close with `code`/`reason` once everything queued before it is sent
    kCloseNow,       // close with `code`/`reason` immediately, discarding unsent messages
    kDrop,           // drop the TCP connection without a close frame
    kArmTimer,       // arm `timer` to fire after `delay_ms` of wall time (already scaled)
    kCancelTimer,    // cancel `timer`
    kStartClock,     // the task's audio clock starts now (the origin for slow:F)
    kDiscardUnsent,  // drop queued messages not yet due (slow:F): the service never said them
  };
  Kind kind = Kind::kSendJson;
  std::string text;
  int64_t audio_ms = -1;
  int code = 0;
  std::string reason;
  TimerId timer = TimerId::kIdle;
  int64_t delay_ms = 0;
  bool final_result = false;  // kSendJson: the message is a final result (oversized fault)
  bool result = false;        // kSendJson: the message is a recognition result (non-json fault)
};

using Actions = std::vector<Action>;

inline Action send_json(std::string text, int64_t audio_ms = -1) {
  Action a;
  a.kind = Action::Kind::kSendJson;
  a.text = std::move(text);
  a.audio_ms = audio_ms;
  return a;
}
inline Action close_after(int code, std::string reason) {
  Action a;
  a.kind = Action::Kind::kClose;
  a.code = code;
  a.reason = std::move(reason);
  return a;
}
inline Action arm_timer(TimerId id, int64_t delay_ms) {
  Action a;
  a.kind = Action::Kind::kArmTimer;
  a.timer = id;
  a.delay_ms = delay_ms;
  return a;
}
inline Action cancel_timer(TimerId id) {
  Action a;
  a.kind = Action::Kind::kCancelTimer;
  a.timer = id;
  return a;
}

}  // namespace dsasr::emulator
