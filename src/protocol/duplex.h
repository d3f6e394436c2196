// The duplex inference protocol (Fun-ASR, Paraformer, Gummy; protocol.md §2) as a pure state
// machine. Single-threaded: every call comes from the thread that owns the session (the lws
// service thread). No I/O, no clock.
//
// Life of a task:
//   open()          -> run-task (text frame)                                  [starting]
//   task-started    -> Started; audio now accepted; a finish() asked for
//                      earlier is sent now                                    [streaming]
//   audio()         -> one binary frame per call (s16le, little-endian)
//   result-generated-> Partial / Final / Progress events
//   finish()        -> finish-task (text frame); audio no longer accepted
//   task-finished   -> held Finals, then Finished                             [done]
//   task-failed     -> held Finals, then Failed{code, message, retryable}     [done]
//
// Results. Fun-ASR/Paraformer `output.sentence`: Final when sentence_end is true (or, when it is
// missing, when end_time is a number), else Partial; a final with end_time null ends at its last
// word's end (else its begin); heartbeat sentences produce nothing; emo_tag/emo_confidence go to
// Sentence::emotion/emotion_confidence; payload.usage.duration to Final::billed_seconds.
// Gummy `output.transcription` / `output.translations[]` (either may be absent from any event):
// transcription interims become Partials (with the sentence's translations known so far);
// a transcription final becomes a Final whose Sentence::translations holds the translations of
// the same sentence_id by `lang`. When Request::translate_to is set, a Final is held until the
// final translation of its sentence arrived (later Finals queue behind it, so order is kept);
// task-finished or task-failed releases held Finals without the missing translation. With the
// parameter transcription_enabled=false, translations alone drive Partials and Finals (text "").
// Sentence ids are the service's (Gummy counts from 0, Fun-ASR/Paraformer from 1).
// Every result with a usable time (end_time, else current_time, else last word end, else
// begin_time) also yields Progress{audio_ms}, never decreasing within a task.
//
// gummy-chat-v1 (Model kOneSentence): after its first final (transcription or translation) the
// machine stops accepting audio and wants_end_of_input() turns true; the session should then
// call finish() (the service expects finish-task, as the Python SDK sends it).
//
// Robustness. Server messages are parsed length-bounded (at most kMaxMessageBytes), iteratively
// and with UTF-8 validation. A frame that is not JSON, lacks header.event, has an unknown event
// name or a result of unknown shape yields a Warning and is otherwise ignored. A header.task_id
// that differs from ours (dashes and case aside) yields a Warning, the message is still used.
// Protocol violations - a result or task-finished before task-started, task-started twice -
// end the task with Failed{"ProtocolError", ..., retryable=false}. After the end, messages are
// ignored. Failure retryability: protocol/failure.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "protocol/duplex_result.h"
#include "protocol/machine.h"
#include "protocol/models.h"
#include "protocol/request.h"

namespace dsasr::protocol {

// Server messages longer than this are ignored with a Warning.
inline constexpr size_t kMaxMessageBytes = 4 * 1024 * 1024;

class DuplexMachine final : public Machine {
 public:
  // `model` is the table entry for request.model, or nullptr for a model dsasr does not know
  // (then the one-sentence behaviour is off; result shapes are recognised per message).
  // `task_id` is sent as header.task_id (protocol/ids.h makes one).
  DuplexMachine(Request request, const Model* model, std::string task_id);

  void open(Output& out) override;
  bool accepting_audio() const override;
  bool wants_end_of_input() const override { return one_sentence_done_ && !done(); }
  // Drops the chunk (no frame) unless accepting_audio(); an empty chunk produces no frame.
  void audio(const int16_t* samples, size_t count, Output& out) override;
  // Idempotent. Before task-started the finish-task is deferred until the task starts.
  void finish(Output& out) override;
  void receive(std::string_view message, Output& out) override;
  bool done() const override { return state_ == State::kDone; }
  const std::string& task_id() const override { return task_id_; }

 private:
  enum class State { kIdle, kStarting, kStreaming, kDone };

  // Per Gummy sentence id: the transcription final (once seen) and translations so far.
  struct GummySentence {
    std::optional<Sentence> final_sentence;
    std::optional<double> billed_seconds;
    std::map<std::string, std::string> translations;
    bool translation_final = false;
  };

  void receive_message(std::string_view message, Output& out);
  void on_task_started(Output& out);
  void on_result(const rapidjson::Value& payload, Output& out);
  void on_sentence(const rapidjson::Value& sentence, std::optional<double> billed, Output& out);
  void on_gummy(const rapidjson::Value& output, std::optional<double> billed, Output& out);
  void on_task_finished(const rapidjson::Value& payload, Output& out);
  void on_task_failed(const rapidjson::Value& header, Output& out);
  void fail_protocol(std::string message, Output& out);
  void warn(std::string message, std::string_view excerpt, Output& out);
  void progress(std::optional<int64_t> ms, Output& out);
  void send_finish(Output& out);
  GummySentence& gummy_sentence(int64_t id);
  void release_ready_finals(Output& out);
  void release_all_finals(Output& out);

  Request request_;
  std::string task_id_;
  bool one_sentence_ = false;          // gummy-chat-v1
  bool transcription_enabled_ = true;  // Gummy transcription_enabled parameter
  bool hold_for_translation_ = false;  // translate_to set and transcription on

  State state_ = State::kIdle;
  // The service has labelled a message with this task's id: from then on, messages labelled
  // with another id belong to some other task and are dropped.
  bool id_echoed_ = false;
  bool finish_requested_ = false;
  bool finish_sent_ = false;
  bool one_sentence_done_ = false;
  std::optional<int64_t> progress_ms_;
  std::map<int64_t, GummySentence> gummy_;  // bounded, see gummy_sentence()
  std::deque<int64_t> held_;                // Gummy sentence ids with a Final not yet emitted
};

}  // namespace dsasr::protocol
