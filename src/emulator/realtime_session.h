// The Qwen realtime protocol (qwen3-asr-flash-realtime; protocol.md §3) for one connection, as a
// pure state machine: client text/binary messages and timer expiries in, Actions out. Owned by
// one connection on the event-loop thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "emulator/action.h"
#include "emulator/audio_faults.h"
#include "emulator/faults.h"
#include "emulator/realtime_config.h"
#include "emulator/segmenter.h"
#include "emulator/shared_state.h"
#include "emulator/text_units.h"

namespace dsasr::emulator {

class RealtimeSession {
 public:
  RealtimeSession(SharedState& shared, std::string model, Faults faults, int connection_ordinal);

  Actions on_open();
  Actions on_text(std::string_view text);
  Actions on_binary(const uint8_t* data, size_t size);
  Actions on_timer(TimerId id);
  // How much of the received audio the service has listened to when the next client message
  // arrives (slow:F processes at F times real time); nullopt: all of it (no slow fault). Results
  // for later audio are not out yet, which decides whether a session.finish came before
  // speech_started (seed 003).
  void set_heard_ms(std::optional<int64_t> ms) { heard_ms_ = ms; }

 private:
  enum class State { kActive, kFinished, kClosed };

  struct Utterance {
    std::string item_id;
    ScriptLine line;
    std::vector<TextUnit> units;
  };

  std::string event_id();
  void error(Actions& out, const char* type, const std::string& code, const std::string& message,
             const std::optional<std::string>& param,
             const std::optional<std::string>& client_event_id);
  void fail_and_close(Actions& out, const std::string& code, const std::string& message,
                      const std::optional<std::string>& client_event_id);
  void on_session_update(Actions& out, const rapidjson::Document& doc,
                         const std::optional<std::string>& client_id);
  void on_append(Actions& out, const rapidjson::Document& doc,
                 const std::optional<std::string>& client_id);
  void on_commit(Actions& out, const std::optional<std::string>& client_id);
  void on_finish(Actions& out);
  void inject_after_finish(Actions& out);
  Actions on_after_finish();
  void handle_segments(Actions& out, const std::vector<SegmentEvent>& events);
  Utterance next_utterance();
  // Manual mode: one item holding the next `sentences` script lines (the committed audio).
  Utterance committed_utterance(int sentences);
  std::string language_for(const std::string& text) const;
  void complete(Actions& out, const Utterance& u, int64_t audio_ms, bool vad,
                int64_t speech_end_ms);
  int64_t scaled(int64_t ms) const;
  // Qwen-Omni: the model's answer to one turn (`speech_ms` of speech): the script line as text
  // deltas, with the full response event sequence (protocol.md §11).
  void answer(Actions& out, const Utterance& u, int64_t audio_ms, int64_t speech_ms);
  void on_response_create(Actions& out, const std::optional<std::string>& client_id);

  SharedState& shared_;
  Faults faults_;
  int ordinal_;
  AudioFaultTrigger audio_faults_;
  State state_ = State::kActive;
  RealtimeConfig config_;
  Segmenter segmenter_;
  bool audio_seen_ = false;
  bool first_event_seen_ = false;
  std::optional<std::string> pending_updated_;  // session.updated held back by delay-start
  int utterances_ = 0;                          // index into the script for the next utterance
  std::optional<Utterance> open_;               // VAD mode: the utterance being spoken
  std::optional<std::string> last_item_id_;
  std::optional<int64_t> heard_ms_;            // set_heard_ms()
  std::optional<int64_t> first_speech_at_ms_;  // VAD mode: audio time of the first speech_started
  int manual_sentences_ = 0;                   // Manual mode: sentences begun since the last commit
  uint64_t manual_bytes_ = 0;                  // Manual mode: audio bytes since the last commit
  int64_t manual_commit_ms_ = 0;               // Manual mode: audio time of the last commit
  std::optional<Utterance> unanswered_;   // Omni Manual mode: committed, no response.create yet
  std::optional<int64_t> open_begin_ms_;  // Omni VAD mode: where the open turn's speech began
};

}  // namespace dsasr::emulator
