// A tiny RIFF/WAVE reader for the committed 16-bit PCM fixtures (tests only).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsasr::emulator::test {

struct WavFile {
  int sample_rate_hz = 0;
  int channels = 0;
  std::vector<uint8_t> pcm;    // the data chunk, s16le
  std::vector<uint8_t> bytes;  // the whole file
};

// Reads `path`; REQUIREs that it is 16-bit PCM.
WavFile read_wav(const std::string& path);

}  // namespace dsasr::emulator::test
