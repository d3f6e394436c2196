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

  // Qwen-Omni (a model name with "-omni-"; protocol.md §11): the conversation's settings.
  bool omni = false;
  std::optional<std::string> instructions;
  bool input_transcription = false;  // input_audio_transcription is an object (not null)
  bool create_response = true;       // turn_detection.create_response
  bool interrupt_response = true;    // turn_detection.interrupt_response
};

// True for the Qwen-Omni realtime models the emulator serves as a conversation.
bool is_omni_model(const std::string& model);

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
