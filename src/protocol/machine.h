// The interface both protocol families implement: a pure state machine with no I/O. The
// session feeds it socket events, audio and end-of-input; it answers with frames to send and
// protocol-neutral events. Single-threaded: all calls come from the lws service thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/events.h"

namespace dsasr::protocol {

struct Frame {
  enum class Kind { kText, kBinary };
  Kind kind = Kind::kText;
  std::string data;
};

// What a call produced: frames to send (in order) and events for the session (in order).
struct Output {
  std::vector<Frame> frames;
  std::vector<Event> events;
};

class Machine {
 public:
  virtual ~Machine() = default;

  // The WebSocket is open: produce the opening instruction (run-task / session.update).
  virtual void open(Output& out) = 0;

  // True once the service accepted the task/session and audio may be sent.
  virtual bool accepting_audio() const = 0;

  // True when the service will take no more audio although the input has not ended (gummy-chat-v1
  // after its one sentence). The session then stops sending audio and calls finish(). Machines
  // for open-ended recognition keep the default.
  virtual bool wants_end_of_input() const { return false; }

  // One chunk of s16le mono PCM at the request's sample rate. Only when accepting_audio().
  virtual void audio(const int16_t* samples, size_t count, Output& out) = 0;

  // End of input: produce finish-task / session.finish. The machine then waits for the end.
  // A machine may hold its end message back until the service could have heard all the audio
  // (finish_pending(); the Qwen server-VAD rule, realtime.h); it then sends it by itself when
  // the service's events show the audio processed, or when finish_now() is called.
  virtual void finish(Output& out) = 0;

  // After finish(): true while the end message is held back.
  virtual bool finish_pending() const { return false; }
  // How long, at most, the session should wait before calling finish_now(), given the time
  // since the task's first audio was sent (ms). Only meaningful while finish_pending().
  virtual int64_t finish_wait_ms(int64_t since_first_audio_ms) const {
    (void)since_first_audio_ms;
    return 0;
  }
  // Sends the held-back end message now (the wait is over). No-op unless finish_pending().
  virtual void finish_now(Output& out) { (void)out; }
  // True when the audio sent in this task had speech in it (a level the service's voice
  // detection would take for speech) but the service never showed that it heard any (Qwen: no
  // speech_started in VAD mode, no transcript of a commit in Manual mode): the task's end with
  // no transcript then lost the speech. Machines that do not measure it say false.
  virtual bool speech_unheard() const { return false; }

  // One complete text message from the server (already reassembled from fragments).
  virtual void receive(std::string_view message, Output& out) = 0;

  // The task/session ended (Finished or Failed was emitted); nothing more will be sent.
  virtual bool done() const = 0;

  // The id of the task (duplex task_id, realtime session id once known).
  virtual const std::string& task_id() const = 0;
};

}  // namespace dsasr::protocol
