// The Qwen realtime session configuration (protocol.md §3.2): defaults, session.update
// validation and merging, and its JSON form for session.created / session.updated.
// Pure; any thread.
#pragma once

#include <optional>
#include <string>

#include <rapidjson/document.h>

namespace dsasr::emulator {

struct RealtimeConfig {
  std::string id;  // sess_...
  std::string model;
  std::string input_audio_format = "pcm";
  int sample_rate_hz = 16000;
  std::optional<std::string> language;  // input_audio_transcription.language
  std::optional<std::string> corpus_text;
  bool server_vad = true;  // false: Manual mode (turn_detection null)
  double threshold = 0.2;
  int silence_duration_ms = 800;
};

struct ConfigError {
  std::string param;  // e.g. "session.sample_rate"
  std::string message;
};

// Applies a session.update's `session` object to `config`. On error `config` is unchanged.
std::optional<ConfigError> apply_session_update(const rapidjson::Value& session,
                                                RealtimeConfig& config);

// The `session` object as session.created / session.updated carry it (compact JSON).
std::string session_json(const RealtimeConfig& config);

}  // namespace dsasr::emulator
