#include "stream/retention.h"

#include <algorithm>

namespace dsasr::stream {

namespace {
constexpr double kHighWater = 0.75;
}

std::optional<uint64_t> resume_release(const RingPositions& ring, uint64_t keep_file, bool live) {
  const uint64_t retained = ring.write - ring.retain;
  if (static_cast<double>(retained) <= kHighWater * static_cast<double>(ring.capacity)) {
    return std::nullopt;
  }
  uint64_t keep = keep_file;
  if (live) keep = std::min<uint64_t>(keep, ring.capacity / 4);
  if (ring.read <= keep || ring.read - keep <= ring.retain) return std::nullopt;
  return ring.read - keep;
}

uint64_t live_room(uint64_t capacity, uint64_t two_seconds) {
  return std::min<uint64_t>(two_seconds, capacity / 5);
}

bool live_short_of_room(const RingPositions& ring, uint64_t room) {
  const uint64_t used = ring.write - ring.retain;
  return ring.capacity - used < room;
}

std::optional<uint64_t> live_discard_to(const RingPositions& ring, uint64_t room) {
  if (ring.write < ring.capacity - 2 * room) return std::nullopt;
  const uint64_t to = ring.write - (ring.capacity - 2 * room);
  if (to <= ring.retain) return std::nullopt;
  return to;
}

}  // namespace dsasr::stream
