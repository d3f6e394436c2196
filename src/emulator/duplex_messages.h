// Builders for the duplex protocol's server events (protocol.md §2.8): task-started,
// result-generated in the Fun-ASR/Paraformer and Gummy shapes, task-finished, task-failed.
// Pure; any thread. Every builder returns one compact JSON text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dsasr::emulator {

struct Word {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  std::string text;
  std::string punctuation;
};

// Fun-ASR / Paraformer `payload.output.sentence`.
struct SentenceResult {
  int sentence_id = 0;
  int64_t begin_ms = 0;
  std::optional<int64_t> end_ms;  // null on interims and heartbeats
  std::string text;
  bool heartbeat = false;
  bool sentence_end = false;
  std::vector<Word> words;
  bool emotion = false;                     // add emo_tag "neutral" / emo_confidence 0.9
  std::optional<int64_t> usage_duration_s;  // payload.usage: null when absent
};

// One Gummy `transcription` or `translations[]` entry.
struct GummySentence {
  int sentence_id = 0;
  std::string lang;  // translations only
  int64_t begin_ms = 0;
  std::optional<int64_t> end_ms;  // null on interims, which carry current_time instead
  int64_t current_time_ms = 0;
  std::string text;
  std::vector<Word> words;  // `fixed` = sentence_end
  bool sentence_end = false;
};

struct GummyResult {
  std::optional<GummySentence> transcription;
  std::vector<GummySentence> translations;
  bool has_translations = false;  // emit the translations member (translation enabled)
  std::optional<int64_t> usage_duration_s;
};

std::string task_started_message(const std::string& task_id);
std::string task_finished_message(const std::string& task_id);
std::string task_failed_message(const std::string& task_id, const std::string& code,
                                const std::string& message);
std::string sentence_result_message(const std::string& task_id, const SentenceResult& r);
std::string gummy_result_message(const std::string& task_id, const GummyResult& r);

}  // namespace dsasr::emulator
