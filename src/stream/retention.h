// Retention: how much of the input's audio a session keeps in its ring, and when it lets go.
//
// Resume needs every sample after the end of the last final sentence (the ring's retain
// position): a new task is fed from there. Two rules bound it:
//
//   - resume_release(): when unfinalised audio fills the ring's high-water mark (75%: a very
//     long stretch with no final sentence, such as silence), the oldest part is given up, keeping
//     `keep` samples behind the read position (a file: twice the 30 s unconfirmed limit, since it
//     was certainly processed by then; a live input: at most a quarter of its buffer).
//   - live_discard(): a live input cannot wait for room (the microphone keeps talking). When
//     its ring has less than `room` free (2 s, at most a fifth of the ring), and no task can
//     take audio, the oldest audio is dropped until twice that is free; the caller reports the
//     gap.
//
// Pure functions of ring positions (sample counts since the start of the input).
#pragma once

#include <cstdint>
#include <optional>

namespace dsasr::stream {

struct RingPositions {
  uint64_t write = 0;     // audio the capture has written
  uint64_t read = 0;      // audio handed to the current task
  uint64_t retain = 0;    // the oldest audio kept for a resume
  uint64_t capacity = 0;  // the ring's size
};

// The position up to which retained audio may be released, or nullopt to keep it all.
// `keep_file` is what a file keeps behind its read position; `live` caps it at capacity / 4.
std::optional<uint64_t> resume_release(const RingPositions& ring, uint64_t keep_file, bool live);

// The free room a live input's ring must keep: min(`two_seconds`, capacity / 5).
uint64_t live_room(uint64_t capacity, uint64_t two_seconds);
// True when the ring has less than `room` free.
bool live_short_of_room(const RingPositions& ring, uint64_t room);
// Where to drop the oldest audio to (a position after ring.retain) so that twice `room` is free,
// or nullopt when nothing needs to go.
std::optional<uint64_t> live_discard_to(const RingPositions& ring, uint64_t room);

}  // namespace dsasr::stream
