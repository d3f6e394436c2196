#include "audio/wav_layout.h"

#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

using dsasr::audio::find_wav_data_chunk;
using dsasr::audio::wav_is_truncated;

namespace {

void put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Byte by byte: GCC 12 at -O3 flags vector::insert of a 4-byte range into an empty vector as an
// overflow (-Wstringop-overflow false positive), which breaks Release builds.
void put_tag(std::vector<uint8_t>& b, const char* tag) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(tag[i]));
}

// RIFF/WAVE with a fmt chunk, an odd-sized LIST chunk (padded) and a data chunk of `data_size`.
std::vector<uint8_t> wav_header(uint32_t data_size) {
  std::vector<uint8_t> b;
  put_tag(b, "RIFF");
  put32(b, 36 + data_size);
  put_tag(b, "WAVE");
  put_tag(b, "fmt ");
  put32(b, 16);
  b.insert(b.end(), 16, 0);
  put_tag(b, "LIST");
  put32(b, 3);
  b.insert(b.end(), 4, 0);  // 3 bytes + 1 pad byte
  put_tag(b, "data");
  put32(b, data_size);
  return b;
}

}  // namespace

TEST_CASE("wav layout: the data chunk is found after padded chunks", "[wav_layout]") {
  auto h = wav_header(32000);
  auto chunk = find_wav_data_chunk(h.data(), h.size());
  REQUIRE(chunk);
  CHECK(chunk->offset == h.size());
  CHECK(chunk->declared_size == 32000);
  CHECK_FALSE(chunk->streaming);
  CHECK_FALSE(wav_is_truncated(*chunk, h.size() + 32000));
  CHECK_FALSE(wav_is_truncated(*chunk, h.size() + 40000));  // trailing chunks are fine
  CHECK(wav_is_truncated(*chunk, h.size() + 31998));
}

TEST_CASE("wav layout: placeholder sizes of streamed WAVs mean an unknown length", "[wav_layout]") {
  for (uint32_t size : {0u, 0x7FFFF000u, 0xFFFFFFFFu}) {
    auto h = wav_header(size);
    auto chunk = find_wav_data_chunk(h.data(), h.size());
    REQUIRE(chunk);
    CHECK(chunk->streaming);
    CHECK_FALSE(wav_is_truncated(*chunk, h.size() + 10));
  }
}

TEST_CASE("wav layout: not a WAV, or no data chunk within the header", "[wav_layout]") {
  const uint8_t flac[] = {'f', 'L', 'a', 'C', 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK_FALSE(find_wav_data_chunk(flac, sizeof flac));
  auto h = wav_header(100);
  CHECK_FALSE(find_wav_data_chunk(h.data(), h.size() - 8));  // cut before the data chunk
  CHECK_FALSE(find_wav_data_chunk(h.data(), 8));
}
