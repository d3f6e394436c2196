#include "emulator/wav_strip.h"

#include <cstring>

namespace dsasr::emulator {

std::vector<uint8_t> WavStripper::feed(const uint8_t* data, size_t size) {
  std::vector<uint8_t> pcm;
  size_t i = 0;
  while (i < size) {
    switch (state_) {
      case State::kData:
      case State::kPassThrough:
        pcm.insert(pcm.end(), data + i, data + size);
        i = size;
        break;
      case State::kRiff:
        header_.push_back(data[i++]);
        if (header_.size() == 12) {
          bool riff = std::memcmp(header_.data(), "RIFF", 4) == 0 &&
                      std::memcmp(header_.data() + 8, "WAVE", 4) == 0;
          if (riff) {
            state_ = State::kChunkHeader;
          } else {
            state_ = State::kPassThrough;
            pcm.insert(pcm.end(), header_.begin(), header_.end());
          }
          header_.clear();
        }
        break;
      case State::kChunkHeader:
        header_.push_back(data[i++]);
        if (header_.size() == 8) {
          uint32_t len =
              static_cast<uint32_t>(header_[4]) | (static_cast<uint32_t>(header_[5]) << 8) |
              (static_cast<uint32_t>(header_[6]) << 16) | (static_cast<uint32_t>(header_[7]) << 24);
          if (std::memcmp(header_.data(), "data", 4) == 0) {
            // The data length is ignored: streaming WAVs (espeak-ng --stdout) carry a bogus one.
            state_ = State::kData;
          } else {
            skip_ = len + (len & 1u);  // chunks are padded to even length
            state_ = skip_ ? State::kSkip : State::kChunkHeader;
          }
          header_.clear();
        }
        break;
      case State::kSkip: {
        uint64_t take = size - i;
        if (take > skip_) take = skip_;
        i += static_cast<size_t>(take);
        skip_ -= take;
        if (skip_ == 0) state_ = State::kChunkHeader;
        break;
      }
    }
  }
  // A short non-RIFF stream never reaches 12 bytes; it still counts as PCM at the end of the task,
  // which the caller does not need: fewer than 12 bytes is under a millisecond of audio.
  return pcm;
}

}  // namespace dsasr::emulator
