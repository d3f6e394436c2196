// Validation of duplex instructions (run-task, finish-task) against protocol.md §2.3-2.7.
// Pure; any thread.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <rapidjson/document.h>

namespace dsasr::emulator {

// Which result shape a duplex model produces.
enum class ResultShape { kSentence, kGummy };  // Fun-ASR/Paraformer vs. Gummy

struct TaskConfig {
  std::string task_id;
  std::string model;
  ResultShape shape = ResultShape::kSentence;
  bool emotion = false;       // paraformer-realtime-8k-v2: emo_tag / emo_confidence on finals
  bool one_sentence = false;  // gummy-chat-v1
  bool wav = false;           // format "wav": strip the RIFF header
  int sample_rate_hz = 16000;
  int silence_ms = 1300;  // max_sentence_silence, or Gummy's max_end_silence (700)
  bool heartbeat = false;
  bool transcription_enabled = true;
  bool translation_enabled = false;
  std::vector<std::string> target_languages;
  std::string vocabulary_id;  // "" when the task names none
};

struct TaskError {
  std::string code;
  std::string message;
};

constexpr const char* kInvalidPayload = "Invalid payload data";

// Validates a parsed run-task message (header.action already known to be "run-task").
std::variant<TaskConfig, TaskError> validate_run_task(const rapidjson::Value& message);

// True if a finish-task payload is exactly {"input":{}}.
bool valid_finish_payload(const rapidjson::Value& message);

}  // namespace dsasr::emulator
