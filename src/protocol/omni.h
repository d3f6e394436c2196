// The Qwen-Omni realtime conversation (qwen3-omni-flash-realtime and its snapshots; protocol.md
// §11, seed 003's alternative) as a pure state machine: an audio LLM told by its system prompt
// (Request::instructions) to transcribe, whose answer to each speech turn is the transcript.
// Single-threaded: every call comes from the thread that owns the session (the lws service
// thread). No I/O, no clock.
//
// Same endpoint, handshake and session life as RealtimeMachine (realtime.h): session.created
// names the session, open() sends session.update (build_omni_session_update: modalities ["text"],
// instructions, server VAD that creates a response per turn and never interrupts one),
// session.updated -> Started, audio() -> input_audio_buffer.append, finish() -> session.finish
// held back by the finish rule, session.finished -> Finished, error -> Failed.
//
// Turns and answers. The server's VAD opens a turn with input_audio_buffer.speech_started
// (audio_start_ms, item_id) and closes it with speech_stopped (audio_end_ms); then the model
// answers:
//   response.created {response:{id}}    -> the answer to the oldest turn not yet answered
//                                          (answers come in turn order); the turn's ordinal is
//                                          the Sentence::sentence_id (responses with no turn seen
//                                          get the next ordinal)
//   response.output_item.added, response.content_part.added, response.content_part.done,
//   response.output_item.done           -> nothing (structure only)
//   response.text.delta {response_id, delta}
//                                       -> Partial{all deltas so far}, begin as known
//   response.text.done {response_id, text}
//                                       -> the answer's text
//   response.done {response:{id, status, usage:{input_tokens, output_tokens}}}
//                                       -> Final{text of response.text.done (else the deltas,
//                                          with a Warning)}, begin/end from the turn's
//                                          speech_started/speech_stopped (else the previous
//                                          Final's end and the audio sent so far),
//                                          response_id and the usage tokens; no Final for an
//                                          empty answer. status "failed" -> ResultFailed
//                                          (status_details.error) besides any text; "cancelled"
//                                          or "incomplete" with text -> that text, with a Warning
// Input transcription events (conversation.item.input_audio_transcription.*), conversation.item
// .created and input_audio_buffer.committed may interleave with the above; they change nothing.
// An answer still open at session.finished becomes a Final of its text so far (with a Warning).
//
// The finish rule (seed 003; realtime.h): after the last audio, silence is appended until the
// input ends in silence_duration_ms + kFinishMarginMs of quiet, so the VAD closes the last turn;
// session.finish goes out once every turn has been answered (response.done) and, when the audio
// had speech, a speech_started has arrived; otherwise after finish_wait_ms().
//
// Resume. Each Final's end is its turn's speech_stopped, so a session that drops mid-turn leaves
// the unanswered turn's audio retained, and the next session is fed from there.
//
// Manual mode (turn_detection null) is refused at open() with Failed{"InvalidRequest"}: the
// conversation would need a response.create per commit, and dsasr relies on the server's VAD.
//
// Robustness as RealtimeMachine: length-bounded, validating parse; a malformed or unknown event
// is a Warning; results or session.finished before session.updated end the session with
// Failed{"ProtocolError"}; at most kMaxTracked turns and answers are remembered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "protocol/ids.h"
#include "protocol/machine.h"
#include "protocol/request.h"
#include "protocol/sent_audio.h"

namespace dsasr::protocol {

// The transcription prompt seed 003 gives for Qwen-Omni (its system message, verbatim): the
// default instructions; --prompt replaces it.
inline constexpr std::string_view kDefaultTranscriptionPrompt =
    "Transcribe the following audio exactly as spoken. Output only the transcription text. "
    "Ignore non-speech sounds.";
// What joins --context to the prompt: the terms follow as a paragraph of their own.
inline constexpr std::string_view kPromptContextIntro =
    "\n\nDomain terms and names that may occur in the audio:\n";

class OmniMachine final : public Machine {
 public:
  static constexpr std::size_t kMaxTracked = 256;
  // Raw PCM bytes per input_audio_buffer.append (as RealtimeMachine).
  static constexpr std::size_t kMaxAppendBytes = 1024 * 1024;
  // Speech measurement for the finish rule (protocol/sent_audio.h, as RealtimeMachine).
  static constexpr int64_t kWindowMs = SentAudio::kWindowMs;
  static constexpr double kSpeechRms = SentAudio::kSpeechRms;
  static constexpr int64_t kFinishMarginMs = SentAudio::kFinishMarginMs;
  static constexpr int64_t kMaxFinishWaitMs = SentAudio::kMaxFinishWaitMs;

  // `ids` makes the local session id and every client event_id; it must outlive the machine.
  OmniMachine(Request request, IdGenerator& ids);

  void open(Output& out) override;
  bool accepting_audio() const override;
  void audio(const int16_t* samples, size_t count, Output& out) override;
  void finish(Output& out) override;
  bool finish_pending() const override { return finish_pending_; }
  int64_t finish_wait_ms(int64_t since_first_audio_ms) const override;
  void finish_now(Output& out) override;
  bool speech_unheard() const override;
  void receive(std::string_view message, Output& out) override;
  bool done() const override { return state_ == State::kDone; }
  const std::string& task_id() const override { return task_id_; }

  // Audio appended so far, in ms of this session's timeline.
  int64_t sent_ms() const;

 private:
  enum class State { kIdle, kStarting, kStreaming, kDone };

  struct Turn {
    int64_t ordinal = 0;
    std::string item_id;
    std::optional<int64_t> begin_ms;
    std::optional<int64_t> end_ms;
    bool answering = false;  // a response was created for it
    bool answered = false;   // its response is done
  };

  struct Answer {
    int64_t ordinal = 0;
    std::optional<int64_t> begin_ms;
    std::optional<int64_t> end_ms;
    std::string deltas;
    std::optional<std::string> text;  // response.text.done
  };

  void receive_message(std::string_view message, Output& out);
  void on_speech(const rapidjson::Value& doc, bool started, Output& out);
  void on_response_created(const rapidjson::Value& doc, Output& out);
  void on_delta(const rapidjson::Value& doc, Output& out);
  void on_text_done(const rapidjson::Value& doc, Output& out);
  void on_response_done(const rapidjson::Value& doc, Output& out);
  void on_session_finished(Output& out);

  Turn* find_turn(int64_t ordinal);
  Answer* find_answer(const rapidjson::Value& doc, const char* member, Output& out);
  void emit_final(const std::string& response_id, Answer& a, std::string text,
                  std::optional<int64_t> input_tokens, std::optional<int64_t> output_tokens,
                  Output& out);
  void append(const int16_t* samples, size_t count, Output& out);
  void begin_finish(Output& out);
  bool heard_everything() const;
  void maybe_finish(Output& out);
  void send_finish(Output& out);
  void fail_protocol(std::string message, Output& out);
  void warn(std::string message, Output& out);
  void progress(int64_t ms, Output& out);

  Request request_;
  IdGenerator& ids_;
  std::string task_id_;

  State state_ = State::kIdle;
  bool finish_requested_ = false;
  bool finish_pending_ = false;
  bool speech_started_seen_ = false;
  SentAudio sent_;  // what went out, for the finish rule

  std::deque<Turn> turns_;                 // oldest first; answered ones leave from the front
  std::map<std::string, Answer> answers_;  // open answers by response id
  int64_t next_ordinal_ = 1;
  int64_t last_end_ms_ = 0;  // end of the latest Final
  std::optional<int64_t> progress_ms_;
};

}  // namespace dsasr::protocol
