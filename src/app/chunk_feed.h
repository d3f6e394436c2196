// ChunkFeed: what the sender can take from an input's ring right now — a chunk of audio, nothing
// yet (and the capture thread has been asked to wake the service thread when it writes), or the
// end of the input.
//
// A chunk is whole (chunk_samples) unless the input has ended, when the rest goes as it is.
// After Ctrl+C the input ends at `stop_pos` even though the capture may have written more.
// The lost-wakeup race is handled here: after asking for data the ring is looked at once more,
// since the capture may have written between the first look and the request.
//
// Runs on the service thread only; the capture thread writes the ring concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "audio/ring.h"

namespace dsasr::app {

struct Take {
  enum class Kind { kChunk, kWait, kEnd };
  Kind kind = Kind::kWait;
  size_t samples = 0;  // kChunk: how many, from ring.read_pos()
};

Take next_chunk(audio::Ring& ring, size_t chunk_samples, std::optional<uint64_t> stop_pos);

}  // namespace dsasr::app
