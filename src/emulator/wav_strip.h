// Strips a RIFF/WAVE header from a byte stream that arrives in arbitrary pieces (format "wav"):
// chunks are skipped until the `data` chunk, whose payload is passed through as PCM. A stream that
// does not start with "RIFF" is passed through unchanged. Pure; one per task.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsasr::emulator {

class WavStripper {
 public:
  // Returns the PCM bytes contained in `data` (possibly none while the header is incomplete).
  std::vector<uint8_t> feed(const uint8_t* data, size_t size);
  bool in_data() const { return state_ == State::kData || state_ == State::kPassThrough; }

 private:
  enum class State { kRiff, kChunkHeader, kSkip, kData, kPassThrough };
  State state_ = State::kRiff;
  std::vector<uint8_t> header_;  // bytes of the RIFF preamble or a chunk header being collected
  uint64_t skip_ = 0;            // bytes of a non-data chunk still to skip
};

}  // namespace dsasr::emulator
