// The words a session puts on stderr, as pure functions: one place for their wording, and unit
// tests (tests/unit/app/session_messages_test.cpp) for the numbers in them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsasr::app {

// A position on the input's timeline as "MM:SS.d" ("01:02.3"); minutes go past 59.
std::string format_clock(int64_t ms);

// "the connection dropped; resuming from 00:12.3 in 750 ms (retry 1 of 5)".
std::string resume_message(const std::string& why, int64_t from_ms, int64_t delay_ms, int retry,
                           int retries);
// The stderr line of a gap in the audio of a live input (its jsonl record is the writer's).
std::string gap_message(int64_t begin_ms, int64_t end_ms);
// The first time a live input's buffer overflows while the service is unreachable.
std::string buffer_full_message(int64_t buffer_ms);
// A connection that takes no audio although the ring is half full of it.
std::string stalled_message(int64_t unsent_ms);
// The capture could not keep up (a microphone's FIFO overran, the device overflowed).
std::string capture_behind_message(int64_t lost_ms, int64_t device_overflows);
// An input recorded at 8 kHz or less that goes out at 16 kHz (the model has no 8 kHz rate).
std::string telephone_hint(const std::string& input, int source_rate_hz);

// --parallel: the name of part `k` (0-based) of `n` of an input in messages:
// "talk.wav (part 2 of 8, 01:00.0-02:00.0)".
std::string part_name(const std::string& input, size_t k, size_t n, int64_t begin_ms,
                      int64_t end_ms);
// --parallel: why an input failed when one of its parts did.
std::string part_failed_message(size_t k, size_t n, int64_t begin_ms, int64_t end_ms,
                                const std::string& why, size_t failed_parts);
// --parallel, at -v: where the input is cut ("cut into 3 parts at 01:02.3, 02:10.0"), or why not.
std::string cut_message(const std::vector<int64_t>& cuts_ms, int64_t cut_silence_ms);

}  // namespace dsasr::app
