#include "emulator/wav_strip.h"

#include <catch2/catch.hpp>

#include "test_wav.h"

namespace dsasr::emulator {
namespace {

TEST_CASE("WavStripper yields exactly the data chunk whatever the piece sizes", "[wav]") {
  test::WavFile w = test::read_wav(std::string(DSASR_TEST_DATA_DIR) + "/en.wav");
  for (size_t piece : {size_t{1}, size_t{7}, size_t{44}, size_t{12800}}) {
    WavStripper s;
    std::vector<uint8_t> pcm;
    for (size_t off = 0; off < w.bytes.size(); off += piece) {
      auto out = s.feed(w.bytes.data() + off, std::min(piece, w.bytes.size() - off));
      pcm.insert(pcm.end(), out.begin(), out.end());
    }
    CAPTURE(piece);
    CHECK(pcm == w.pcm);
  }
}

TEST_CASE("WavStripper skips unknown chunks, odd-padded", "[wav]") {
  std::vector<uint8_t> b = {'R', 'I', 'F', 'F', 0,    0,    0,    0,    'W', 'A', 'V', 'E',
                            'L', 'I', 'S', 'T', 3,    0,    0,    0,    'a', 'b', 'c', 0,
                            'd', 'a', 't', 'a', 0xff, 0xff, 0xff, 0x7f, 1,   2,   3};
  WavStripper s;
  CHECK(s.feed(b.data(), b.size()) == std::vector<uint8_t>{1, 2, 3});
}

TEST_CASE("WavStripper passes a stream without RIFF header through", "[wav]") {
  std::vector<uint8_t> b(20, 5);
  WavStripper s;
  CHECK(s.feed(b.data(), 5).empty());
  CHECK(s.feed(b.data() + 5, 15).size() == 20);
}

}  // namespace
}  // namespace dsasr::emulator
