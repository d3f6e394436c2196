// Protocol-neutral recognition events. Both protocol families (duplex, realtime) turn server
// messages into these; writers and the session see nothing else. Times are milliseconds on
// the timeline of the audio the current task or session received (the session shifts them
// onto the input's own timeline before writers see them).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dsasr::protocol {

struct Word {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  std::string text;
  std::string punct;  // punctuation following the word ("" when none)
  // (Default member initializers keep brace-initialised Words short and warning-free.)
  std::optional<bool> fixed = std::nullopt;  // Gummy: the word will not change any more
  std::optional<std::string> speaker_id{};   // the service's speaker_id, as compact JSON (1, "a")
};

struct Sentence {
  int64_t sentence_id = 0;  // as numbered by the service (1-based for Fun-ASR/Paraformer)
  int64_t begin_ms = 0;
  std::optional<int64_t> end_ms;  // null on interim results
  std::string text;
  std::vector<Word> words;
  std::map<std::string, std::string> translations;  // target language -> text (Gummy)
  std::optional<std::string> language;              // detected or requested language
  std::optional<std::string> emotion;               // paraformer-8k-v2 emo_tag, qwen emotion
  std::optional<double> emotion_confidence;         // paraformer-8k-v2 emo_confidence

  // What the official SDKs parse besides the above, kept for jsonl (protocol.md §2.8, §3.3).
  std::optional<int64_t> service_sentence_id;  // the service's own sentence_id (duplex)
  // The not-yet-final tail of an interim (duplex/Gummy `stash.text`, Qwen `stash`); `text`
  // already ends with it.
  std::optional<std::string> stash;
  std::optional<std::string> speaker_id;  // the service's speaker_id, as compact JSON
  // Gummy pre-end detection, passed through unchanged (meaning undocumented, times on the
  // service's task timeline).
  std::optional<bool> vad_pre_end;
  std::optional<bool> pre_end_failed;
  std::optional<int64_t> pre_end_timemillis;
  std::optional<int64_t> pre_end_start_time;
  std::optional<int64_t> pre_end_end_time;
  // payload.usage.duration sent with this result: billed seconds of the task so far.
  std::optional<double> usage_seconds;
  // Qwen-Omni: the response this final is (response.id) and the tokens response.done's usage
  // reports for it (input: the turn's audio and the prompt; output: the text).
  std::optional<std::string> response_id;
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
  // With Request::keep_raw: the service's result object (the whole server message), compact.
  std::string raw;
  // dsasr's, not the service's: with --parallel, the part of the input (0-based) whose task
  // gave this result (app/parallel_input.h).
  std::optional<int> segment;
};

// The task (duplex) or session (realtime) is accepted; audio may flow.
struct Started {
  std::string task_id;
};

// An interim result; replaces the previous partial of the same sentence.
struct Partial {
  Sentence sentence;
};

// A final sentence. `billed_seconds` is the service's usage for the task so far, if reported.
struct Final {
  Sentence sentence;
  std::optional<double> billed_seconds;
};

// The service reports the audio time it has processed up to (used by the auto pacer); sent
// for every result, partial or final, that carries a usable time.
struct Progress {
  int64_t audio_ms = 0;
};

// The service finished the task or session normally; no more results follow.
// `billed_seconds` is the usage the service reported with the end, if any (duplex task-finished
// may carry payload.usage.duration).
struct Finished {
  std::string task_id;
  std::optional<double> billed_seconds;
};

// The service failed the task or session. `retryable` is true where a new task may succeed
// (throttling, server-side errors); false for parameter and permission errors.
struct Failed {
  std::string code;
  std::string message;
  bool retryable = false;
};

// The service could not recognise one utterance, but the task or session goes on (Qwen
// `conversation.item.input_audio_transcription.failed`). Not a task failure: no retry, no exit
// status; the user should still learn that part of the input has no transcript.
// `code` is the service's error.code ("TranscriptionFailed" when it gave none); `message` its
// error.message ("" when none), one line, control bytes replaced, at most a few hundred bytes.
struct ResultFailed {
  std::string code;
  std::string message;
};

// Something odd arrived that the machine ignored (a non-JSON frame, an unknown event name, a
// result of the wrong shape). The task goes on; the session may log it at -v. `message` is one
// line with control bytes replaced, never more than a few hundred bytes. This exists so the
// official SDKs' strictness (the Python SDK fails the task on an unknown event name) need not be
// copied: dsasr stays robust to additive server changes and still lets the user see them.
struct Warning {
  std::string message;
};

using Event =
    std::variant<Started, Partial, Final, Progress, Finished, Failed, ResultFailed, Warning>;

}  // namespace dsasr::protocol
