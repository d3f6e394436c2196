// Random identifiers the emulator hands out (request ids, session/event/item ids). Not secret;
// a seeded PRNG keeps tests deterministic. Owned by the event-loop thread.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace dsasr::emulator {

class IdSource {
 public:
  explicit IdSource(uint64_t seed) : rng_(seed) {}
  std::string hex(size_t digits);  // lowercase hex
  std::string uuid();              // 8-4-4-4-12, version 4 layout

 private:
  std::mt19937_64 rng_;
};

}  // namespace dsasr::emulator
