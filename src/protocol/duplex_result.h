// Decoding one sentence-shaped object of a duplex result-generated event: Fun-ASR/Paraformer
// `payload.output.sentence`, Gummy `payload.output.transcription` and each of
// `payload.output.translations[]` (protocol.md §2.8). Pure and defensive: every member is
// type-checked, unknown members are ignored, a missing or mistyped member reads as absent, and
// negative times read as absent. Any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "protocol/events.h"

namespace dsasr::protocol {

// At most this many words are kept per sentence (a real minute-long sentence has a few hundred).
inline constexpr size_t kMaxWordsPerSentence = 4096;

struct ResultSentence {
  // sentence_id (0 when absent), begin_ms (first word's begin, else 0, when absent), end_ms
  // (absent when null), text ("" when absent), words (with fixed and speaker_id), emotion and
  // emotion_confidence, service_sentence_id, stash (its text), speaker_id, vad_pre_end and
  // pre_end_*.
  Sentence sentence;
  std::optional<bool> sentence_end;        // absent when missing or not a bool
  bool heartbeat = false;                  // Fun-ASR/Paraformer keep-alive packet
  std::optional<int64_t> current_time_ms;  // Gummy interims (UNCONFIRMED on the wire)
  std::optional<std::string> lang;         // translations[] entries only

  // Final when sentence_end says so; when sentence_end is missing, when end_time is a number
  // (the Java SDK's rule; the Python SDK looks only at end_time).
  bool is_final() const { return sentence_end.value_or(sentence.end_ms.has_value()); }

  // The audio time this result shows the service has reached: end_time, else current_time,
  // else the last word's end_time, else begin_time (absent if the object had no time at all).
  std::optional<int64_t> progress_ms;

  // The sentence as a final: end_ms filled from the last word's end, else begin_ms, when the
  // service sent end_time null on a final; no stash.
  Sentence as_final() const;
  // The sentence as an interim: text followed by the stash's text, as the SDKs display it.
  Sentence as_partial() const;
};

// Decodes `v`; nullopt when it is not a JSON object.
std::optional<ResultSentence> decode_result_sentence(const rapidjson::Value& v);

}  // namespace dsasr::protocol
