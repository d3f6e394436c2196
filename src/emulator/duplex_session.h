// The duplex protocol (Fun-ASR, Paraformer, Gummy; protocol.md §2) for one connection, as a pure
// state machine: client text/binary messages and timer expiries in, Actions out. Owned by one
// connection on the event-loop thread.
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
#include "emulator/run_task.h"
#include "emulator/segmenter.h"
#include "emulator/shared_state.h"
#include "emulator/text_units.h"
#include "emulator/wav_strip.h"

namespace dsasr::emulator {

// Wall-clock timeouts before --time-scale.
constexpr int64_t kNoDataTimeoutMs = 23000;
constexpr int64_t kSilenceTimeoutMs = 60000;
constexpr int64_t kIdleTimeoutMs = 60000;

class DuplexSession {
 public:
  // `connection_ordinal`: 1 for the first connection carrying this `faults` value, 2 for the
  // second, ... (drop-first, throttle).
  DuplexSession(SharedState& shared, Faults faults, int connection_ordinal);

  Actions on_open();
  Actions on_text(std::string_view text);
  Actions on_binary(const uint8_t* data, size_t size);
  Actions on_timer(TimerId id);

 private:
  enum class State { kIdle, kStarting, kRunning, kClosed };

  struct Sentence {
    int id = 0;
    ScriptLine line;
    std::vector<TextUnit> units;
    std::vector<std::vector<TextUnit>> translation_units;  // per target language
    std::vector<std::string> translation_texts;
  };

  void fail(Actions& out, const std::string& code, const std::string& message);
  void on_run_task(Actions& out, const rapidjson::Document& doc);
  void start_task(Actions& out);
  void on_finish_task(Actions& out, const rapidjson::Document& doc);
  void handle_segments(Actions& out, const std::vector<SegmentEvent>& events);
  void begin_sentence(const SegmentEvent& ev);
  void emit_interim(Actions& out, const SegmentEvent& ev);
  void emit_final(Actions& out, const SegmentEvent& ev);
  void emit_heartbeats(Actions& out);
  void send_result(Actions& out, std::string json, std::string foreign_json, int64_t at_ms,
                   bool final);
  void send_foreign_end(Actions& out, int64_t at_ms);
  void inject_after_finish(Actions& out);
  Actions on_after_finish();
  void apply_audio_fault(Actions& out, AudioFault fault);
  int64_t usage_seconds() const;
  int64_t scaled(int64_t ms) const;
  std::string translation_text(const ScriptLine& line, const std::string& lang) const;

  SharedState& shared_;
  Faults faults_;
  int ordinal_;
  State state_ = State::kIdle;

  std::optional<TaskConfig> task_;
  std::string message_task_id_;  // header.task_id of the message being handled (for failures)
  std::optional<Segmenter> segmenter_;
  WavStripper wav_;
  uint64_t task_pcm_bytes_ = 0;
  int sentences_started_ = 0;  // index into the script for the next sentence
  std::optional<Sentence> sentence_;
  bool chat_done_ = false;  // gummy-chat-v1 produced its sentence
  int64_t heartbeat_anchor_ms_ = 0;
  int64_t last_speech_seen_ms_ = -1;

  // wrong-task-id: the other task of the running task ("" when the fault is off).
  std::string foreign_task_id_;
  bool foreign_end_sent_ = false;
  // after-finish: the finished task whose late result is still due.
  std::optional<TaskConfig> finished_task_;
  int after_finish_sentence_id_ = 0;
  int64_t after_finish_at_ms_ = 0;
  int64_t after_finish_usage_s_ = 0;

  AudioFaultTrigger audio_faults_;  // across tasks, for the drop/close1011/fail faults
};

}  // namespace dsasr::emulator
