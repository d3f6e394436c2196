// The Qwen realtime protocol (qwen3-asr-flash-realtime and its snapshots; protocol.md §3) as a
// pure state machine. Single-threaded: every call comes from the thread that owns the session
// (the lws service thread). No I/O, no clock.
//
// Life of a session:
//   (socket open; the server speaks first with session.created, whose session.id becomes
//    task_id(); until then task_id() is a locally made id)
//   open()            -> session.update (text frame), at once, as the Python SDK does: the
//                        server answers it in order whether or not session.created was seen
//                                                                              [starting]
//   session.updated   -> Started; audio now accepted; a finish() asked for earlier is sent
//                                                                              [streaming]
//   audio()           -> input_audio_buffer.append with the base64 of the s16le bytes; in
//                        Manual mode also input_audio_buffer.commit where one is due (below)
//   finish()          -> Manual mode: input_audio_buffer.commit (when audio was appended since
//                        the last commit); VAD mode: silence where needed (below). Audio is no
//                        longer accepted. session.finish is held back (finish_pending()) until
//                        the service could have heard all the speech (below), or finish_now().
//   session.finished  -> Finished                                               [done]
//   error             -> Failed{code, message, retryable}                       [done]
//
// The finish rule (seed 003, VAD mode): "服务端检测到语音时，返回
// input_audio_buffer.speech_started。 若客户端在此事件之前发送了 session.finish，服务端将返回
// session.finished" - a session.finish that reaches the service before it has detected any speech
// ends the session with no transcript. A file sent faster than the service listens would lose
// everything. So after the last audio:
//   - VAD mode appends silence until the input ends in at least silence_duration_ms +
//     kFinishMarginMs of quiet (kPauseRms windows), so the service's VAD closes the last turn;
//   - session.finish goes out once the service's events show the audio heard: no item is open
//     (every item it named has completed or failed), and, when the audio had speech
//     (a kPauseWindowMs window above kPauseRms), a speech_started has arrived. Manual mode: every
//     commit answered and every item resolved.
//   - otherwise the session calls finish_now() after finish_wait_ms(): the audio's remaining
//     real-time duration plus silence_duration_ms + kFinishMarginMs, at most kMaxFinishWaitMs
//     (a service processes at least at real time; dsasr never runs more than 30 s ahead).
// speech_unheard() then tells a session that ends without a transcript it lost the speech.
//
// Items (utterances). Every item_id gets an ordinal (1, 2, ...) the first time any event names
// it; that ordinal is the Sentence::sentence_id. Events of several items may interleave (item 2
// may start while item 1 is still being recognised); each item keeps its own state.
//   speech_started / speech_stopped -> the item's begin / end (audio_start_ms / audio_end_ms)
//                                      and Progress{ms} (VAD mode)
//   input_audio_buffer.committed    -> Manual mode: the item's begin/end become the audio span
//                                      of the commit it answers (commits are answered in order)
//   conversation.item.created       -> tracked
//   ...transcription.text           -> Partial{text + stash}, begin as known (else the end of
//                                      the previous Final), language and emotion when given
//   ...transcription.completed      -> Final{transcript}; begin/end as known, else begin = the
//                                      previous Final's end and end = the audio sent so far;
//                                      then Progress{end} when the end was reported. An empty
//                                      transcript (no speech in the item) gives no Final.
//   ...transcription.failed         -> ResultFailed{error.code, error.message} (recognition of
//                                      that item failed); the session goes on, as the service
//                                      keeps it open: failing the whole session would throw
//                                      away the other items' results
//   session.finished                -> for each item that had interim text but never
//                                      completed, a Final of its last interim text (with a
//                                      Warning), so the last words are not lost; then Finished
//
// Manual-mode commits. The service wants less than ~60 s of audio per commit (protocol.md §3.2),
// so besides the commit at finish() the machine commits on its own, preferring a pause: the audio
// is measured in kPauseWindowMs windows on this session's timeline (however audio() calls are
// cut). Once at least kPauseSearchAfterMs of audio is uncommitted, the end of the first window
// whose RMS is at most max(kPauseRms, kPauseNoiseFactor x the quietest window since the last
// commit) is a pause: the audio up to it is appended and committed there (the rest of the call's
// audio follows in a new append). With no pause, the commit comes when kMaxUncommittedMs is
// uncommitted, mid-word if need be. So no commit ever covers more than kMaxUncommittedMs. Each
// commit's item gets the span of audio since the previous commit as its begin/end.
// Finals come out in the order their `completed` events arrive.
// Times are on the timeline of the audio this session received: the VAD times are the
// service's; in Manual mode dsasr counts the samples it appended.
//
// Errors. An `error` event ends the session: Failed{code: error.code (else error.type), message:
// error.message plus the offending param}. Retryable: the failure.h classes (Throttling*,
// InternalError*, ...), error.type "server_error", and the no-data timeout (code
// request_timeout or a message with "request timeout", a stall on our side as the duplex
// CLIENT_ERROR rule); not retryable: anything else, in particular an invalid_request_error that
// rejects a session parameter. One exception: an error answering our own
// input_audio_buffer.commit with a code that says the buffer was empty is only a Warning (the
// server heard nothing worth committing; session.finish still follows).
//
// Robustness. Server messages are parsed length-bounded (kMaxMessageBytes), iteratively and
// with UTF-8 validation; members are type-checked. A frame that is not a JSON object, lacks
// `type`, has an unknown type, or misses the members its type needs yields a Warning and is
// otherwise ignored. Protocol violations - session.updated before session.update, results or
// session.finished before session.updated - end the session with Failed{"ProtocolError",
// retryable=false}. After the end, messages are ignored. At most kMaxTrackedItems items are
// remembered (the oldest finished ones are forgotten first).
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

class RealtimeMachine final : public Machine {
 public:
  // Items remembered at once (see above).
  static constexpr std::size_t kMaxTrackedItems = 256;
  // Raw PCM bytes per input_audio_buffer.append; a longer audio() call is split (the service
  // takes at most 15 MiB of base64 per event in Manual mode, §3.2).
  static constexpr std::size_t kMaxAppendBytes = 1024 * 1024;

  // Manual-mode commits (see above).
  static constexpr int64_t kPauseWindowMs = 100;
  static constexpr int64_t kPauseSearchAfterMs = 30000;
  static constexpr int64_t kMaxUncommittedMs = 55000;
  // s16 scale: about -41 dBFS, below speech and above a quiet room.
  static constexpr double kPauseRms = 300.0;
  // A window this close to the quietest one since the last commit is background noise.
  static constexpr double kPauseNoiseFactor = 2.0;
  // The finish rule (see above; protocol/sent_audio.h).
  static constexpr int64_t kFinishMarginMs = SentAudio::kFinishMarginMs;
  static constexpr int64_t kMaxFinishWaitMs = SentAudio::kMaxFinishWaitMs;

  // `ids` makes the local session id and every client event_id; it must outlive the machine.
  // Manual mode is is_manual_commit(request) (protocol/realtime_messages.h).
  RealtimeMachine(Request request, IdGenerator& ids);

  // Sends session.update. A request that cannot be expressed (a bad session_extra value) ends
  // the session at once with Failed{"InvalidRequest", ..., retryable=false}. Only the first call
  // does anything.
  void open(Output& out) override;
  bool accepting_audio() const override;
  // Drops the chunk (no frame) unless accepting_audio(); an empty chunk produces no frame.
  void audio(const int16_t* samples, size_t count, Output& out) override;
  // Idempotent. Before session.updated it is deferred until the session is updated.
  void finish(Output& out) override;
  bool finish_pending() const override { return finish_pending_; }
  int64_t finish_wait_ms(int64_t since_first_audio_ms) const override;
  void finish_now(Output& out) override;
  bool speech_unheard() const override;
  void receive(std::string_view message, Output& out) override;
  bool done() const override { return state_ == State::kDone; }
  const std::string& task_id() const override { return task_id_; }

  bool manual_commit() const { return manual_; }
  // Audio appended so far, in ms of this session's timeline.
  int64_t sent_ms() const;

 private:
  enum class State { kIdle, kStarting, kStreaming, kDone };

  struct Item {
    int64_t ordinal = 0;
    std::optional<int64_t> begin_ms;
    std::optional<int64_t> end_ms;
    std::optional<std::string> language;
    std::optional<std::string> emotion;
    std::string interim;    // the last text + stash
    bool resolved = false;  // completed or failed
  };

  struct Span {
    int64_t begin_ms = 0;
    int64_t end_ms = 0;
  };

  void receive_message(std::string_view message, Output& out);
  void on_session_created(const rapidjson::Value& doc, Output& out);
  void on_session_updated(Output& out);
  void on_speech(const rapidjson::Value& doc, bool started, Output& out);
  void on_committed(const rapidjson::Value& doc, Output& out);
  void on_item_created(const rapidjson::Value& doc, Output& out);
  void on_text(const rapidjson::Value& doc, Output& out);
  void on_completed(const rapidjson::Value& doc, Output& out);
  void on_failed(const rapidjson::Value& doc, Output& out);
  void on_error(const rapidjson::Value& doc, Output& out);
  void on_session_finished(Output& out);

  Item& item(const std::string& id);
  void note_language(Item& it, const rapidjson::Value& doc);
  void emit_final(Item& it, std::string text, Output& out);
  // input_audio_buffer.append events for these samples (split at kMaxAppendBytes).
  void append(const int16_t* samples, size_t count, Output& out);
  // input_audio_buffer.commit of everything appended since the last commit.
  void send_commit(Output& out);
  // The finish rule (see above): commit or silence, then wait.
  void begin_finish(Output& out);
  bool heard_everything() const;
  void maybe_finish(Output& out);
  // Speech and trailing-quiet measurement of everything appended, in kPauseWindowMs windows.
  void send_finish(Output& out);
  void fail_protocol(std::string message, Output& out);
  void warn(std::string message, Output& out);
  void progress(int64_t ms, Output& out);

  Request request_;
  IdGenerator& ids_;
  std::string task_id_;
  bool manual_ = false;

  State state_ = State::kIdle;
  bool finish_requested_ = false;
  bool finish_pending_ = false;  // finish asked for and prepared; session.finish held back
  bool finish_sent_ = false;
  bool speech_started_seen_ = false;
  bool transcript_seen_ = false;              // a completed item with text
  SentAudio sent_;                            // what went out, for the finish rule
  uint64_t samples_at_commit_ = 0;            // sent_.samples() when the last commit went out
  double window_energy_ = 0;                  // sum of squares of the current pause window so far
  uint64_t window_samples_ = 0;               // samples in the current pause window so far
  std::optional<double> quietest_rms_;        // quietest window since the last commit
  std::deque<Span> pending_commits_;          // Manual mode: commits not yet answered, oldest first
  std::deque<std::string> commit_event_ids_;  // our commit events, for errors that name them
  std::map<std::string, Item> items_;         // by item_id ("" for events that lack one)
  int64_t next_ordinal_ = 1;
  int64_t last_end_ms_ = 0;  // end of the latest Final
  std::optional<int64_t> progress_ms_;
};

}  // namespace dsasr::protocol
