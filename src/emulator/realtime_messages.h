// Builders for the Qwen realtime server events (protocol.md §3.3). Pure; any thread. Each returns
// one compact JSON text; ids are passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dsasr::emulator {

using OptString = std::optional<std::string>;

// type: "session.created" or "session.updated"; session: the JSON from session_json().
std::string session_event(const std::string& event_id, const char* type,
                          const std::string& session);
std::string error_event(const std::string& event_id, const char* error_type,
                        const std::string& code, const std::string& message, const OptString& param,
                        const OptString& client_event_id);
std::string speech_started_event(const std::string& event_id, int64_t audio_start_ms,
                                 const std::string& item_id);
std::string speech_stopped_event(const std::string& event_id, int64_t audio_end_ms,
                                 const std::string& item_id);
std::string committed_event(const std::string& event_id, const OptString& previous_item_id,
                            const std::string& item_id);
std::string item_created_event(const std::string& event_id, const OptString& previous_item_id,
                               const std::string& item_id);
std::string transcription_text_event(const std::string& event_id, const std::string& item_id,
                                     const std::string& language, const std::string& text,
                                     const std::string& stash);
std::string transcription_completed_event(const std::string& event_id, const std::string& item_id,
                                          const std::string& language,
                                          const std::string& transcript);
std::string session_finished_event(const std::string& event_id);

// Qwen-Omni conversation events (protocol.md §11): the answer to one turn, as the vendor's
// server-event reference describes them. `item_id` is the assistant message's id; its one
// content part is text.
std::string response_created_event(const std::string& event_id, const std::string& response_id);
std::string output_item_added_event(const std::string& event_id, const std::string& response_id,
                                    const std::string& item_id);
std::string content_part_added_event(const std::string& event_id, const std::string& response_id,
                                     const std::string& item_id);
std::string text_delta_event(const std::string& event_id, const std::string& response_id,
                             const std::string& item_id, const std::string& delta);
std::string text_done_event(const std::string& event_id, const std::string& response_id,
                            const std::string& item_id, const std::string& text);
std::string content_part_done_event(const std::string& event_id, const std::string& response_id,
                                    const std::string& item_id, const std::string& text);
std::string output_item_done_event(const std::string& event_id, const std::string& response_id,
                                   const std::string& item_id, const std::string& text);
// Tokens of one answer: the input side (the prompt's text and the turn's audio) and the output.
struct OmniUsage {
  int64_t input_text_tokens = 0;
  int64_t input_audio_tokens = 0;
  int64_t output_text_tokens = 0;
};
std::string response_done_event(const std::string& event_id, const std::string& response_id,
                                const std::string& item_id, const std::string& text,
                                const OmniUsage& usage);

}  // namespace dsasr::emulator
