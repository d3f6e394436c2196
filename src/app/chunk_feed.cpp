#include "app/chunk_feed.h"

#include <algorithm>

namespace dsasr::app {

Take next_chunk(audio::Ring& ring, size_t chunk_samples, std::optional<uint64_t> stop_pos) {
  for (;;) {
    const audio::Ring::State input_state = ring.state();  // before available(): then it is final
    size_t available = ring.available();
    bool ended = input_state != audio::Ring::State::kOpen;
    if (stop_pos) {
      const uint64_t left = *stop_pos > ring.read_pos() ? *stop_pos - ring.read_pos() : 0;
      available = static_cast<size_t>(std::min<uint64_t>(available, left));
      ended = true;
    }
    if (available == 0 && ended) return {Take::Kind::kEnd, 0};
    if (available >= chunk_samples || (available > 0 && ended)) {
      return {Take::Kind::kChunk, std::min(available, chunk_samples)};
    }
    // Ask the capture to wake us, then look once more: it may have written in between, before
    // it could see the request.
    ring.want_data();
    if (ring.available() > available || ring.state() != input_state) continue;
    return {Take::Kind::kWait, 0};
  }
}

}  // namespace dsasr::app
