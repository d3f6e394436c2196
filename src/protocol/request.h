// What the user asked the service for, resolved from options and the model table (cli/) and
// turned into wire messages by the protocol machines. Plain data, no I/O.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/models.h"

namespace dsasr::protocol {

// The Qwen server-VAD values both official SDKs always send.
inline constexpr double kDefaultVadThreshold = 0.2;
inline constexpr int kDefaultVadPrefixPaddingMs = 300;
inline constexpr int kDefaultVadSilenceMs = 800;

// A JSON member: key and its value as JSON text ("true", "800", "[\"zh\"]", "\"vocab-1\"").
using JsonMember = std::pair<std::string, std::string>;

// Recognition settings as the user asked for them, in no family's wire terms: cli/ resolves
// options into these, and each family maps them to its own names (duplex_parameters.h for
// run-task's payload.parameters; the realtime family reads `language` below).
struct Recognition {
  std::vector<std::string> languages;        // -l, in order, without repeats
  std::optional<std::string> vocabulary_id;  // hot words
  bool semantic_punctuation = false;         // end sentences by meaning
  std::optional<int> sentence_silence_ms;    // silence that ends a sentence
  bool multi_threshold = false;              // keep silence-split sentences short
  bool disfluency_removal = false;           // drop filler words
  bool punctuation = true;                   // add punctuation
  bool inverse_text_normalization = true;    // numbers as digits
  bool heartbeat = false;                    // keep a silent task alive
  std::optional<double> noise_threshold;     // speech/noise threshold, -1..1
  bool transcription = true;                 // false: translate only (Gummy)
};

struct Request {
  std::string model;
  Family family = Family::kDuplex;
  int sample_rate_hz = 16000;  // of the s16le mono PCM dsasr sends

  Recognition recognition;
  // Duplex family: payload.parameters members beyond format and sample_rate, exactly the
  // ones the user set: duplex_parameters(recognition) in option order, then --param KEY=JSON
  // entries (the last one wins).
  std::vector<JsonMember> parameters;
  std::optional<std::string> phrase_id;  // -> payload.resources[{resource_id, "asr_phrase"}]
  // Fun-ASR context text -> payload.input.context, one user turn (protocol.md §2.6).
  std::optional<std::string> input_context;

  // Realtime family: session.update fields.
  std::optional<std::string> language;     // input_audio_transcription.language
  std::optional<std::string> corpus_text;  // input_audio_transcription.corpus.text
  bool manual_commit = false;              // turn_detection: null
  // turn_detection (VAD mode), always sent: the official SDKs pin these values (protocol.md
  // §3.2, OmniRealtimeConfig), and the service's own defaults are undocumented.
  double vad_threshold = kDefaultVadThreshold;             // turn_detection.threshold
  int vad_prefix_padding_ms = kDefaultVadPrefixPaddingMs;  // turn_detection.prefix_padding_ms
  int vad_silence_ms = kDefaultVadSilenceMs;               // turn_detection.silence_duration_ms
  std::vector<JsonMember> session_extra;                   // --param KEY=JSON -> session.KEY
  // Qwen-Omni (protocol.md §11): the system prompt, session.instructions. Set: the session is a
  // conversation whose answers are the transcript (OmniMachine); unset: Qwen-ASR transcription.
  std::optional<std::string> instructions;

  // Gummy: the target language when translation is on (for labelling results).
  std::optional<std::string> translate_to;

  // Not sent: attach the service's own result message to each Sentence (Sentence::raw; --raw).
  bool keep_raw = false;

  // Not sent: what the user should be told about this request before it runs (an option or
  // language accepted although the sources disagree whether the model supports it).
  std::vector<std::string> warnings;
};

}  // namespace dsasr::protocol
