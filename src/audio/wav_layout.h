// Where a WAV file says its audio is: the `data` chunk's offset and declared size, read from the
// RIFF chunk list. Pure, no I/O. Used to notice a file whose header promises more audio than the
// file holds (a truncated copy, an interrupted recording): libsndfile quietly decodes what is
// there, and dsasr must not pass that off as the whole recording.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace dsasr::audio {

struct WavDataChunk {
  uint64_t offset = 0;         // of the first sample byte
  uint64_t declared_size = 0;  // bytes, as the header says
  bool streaming = false;      // a placeholder size (0, 0xFFFFFFFF, >= 0x7FFF0000): length unknown
};

// Parses the RIFF/WAVE chunk list in `header` (the first bytes of the file). Returns nothing
// when it is not a RIFF/WAVE file or the data chunk does not start within `header`.
std::optional<WavDataChunk> find_wav_data_chunk(const uint8_t* header, size_t size);

// The declared data size goes past the end of a file of `file_size` bytes.
bool wav_is_truncated(const WavDataChunk& chunk, uint64_t file_size);

}  // namespace dsasr::audio
