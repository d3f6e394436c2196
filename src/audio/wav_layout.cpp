#include "audio/wav_layout.h"

#include <cstring>

namespace dsasr::audio {

namespace {

uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

}  // namespace

std::optional<WavDataChunk> find_wav_data_chunk(const uint8_t* header, size_t size) {
  if (size < 12 || std::memcmp(header, "RIFF", 4) != 0 || std::memcmp(header + 8, "WAVE", 4) != 0) {
    return std::nullopt;
  }
  uint64_t pos = 12;
  while (pos + 8 <= size) {
    const uint8_t* chunk = header + pos;
    const uint32_t chunk_size = le32(chunk + 4);
    if (std::memcmp(chunk, "data", 4) == 0) {
      WavDataChunk out;
      out.offset = pos + 8;
      out.declared_size = chunk_size;
      out.streaming = chunk_size == 0 || chunk_size >= 0x7FFF0000u;
      return out;
    }
    // Chunks are padded to an even size.
    pos += 8 + static_cast<uint64_t>(chunk_size) + (chunk_size & 1u);
  }
  return std::nullopt;
}

bool wav_is_truncated(const WavDataChunk& chunk, uint64_t file_size) {
  if (chunk.streaming) return false;
  return chunk.offset + chunk.declared_size > file_size;
}

}  // namespace dsasr::audio
