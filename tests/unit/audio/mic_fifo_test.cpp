#include "audio/mic_fifo.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <thread>
#include <vector>

namespace dsasr::audio {
namespace {

TEST_CASE("MicFifo moves whole interleaved frames across wrap-around", "[mic_fifo]") {
  MicFifo<int16_t> fifo(4, 2);
  const std::vector<int16_t> first = {1, -1, 2, -2, 3, -3};
  CHECK(fifo.push(first.data(), 3) == 3);
  std::vector<int16_t> out(4);
  REQUIRE(fifo.pop(out.data(), 2) == 2);
  CHECK(out == std::vector<int16_t>{1, -1, 2, -2});
  const std::vector<int16_t> second = {4, -4, 5, -5, 6, -6};
  CHECK(fifo.push(second.data(), 3) == 3);  // wraps
  CHECK(fifo.size_frames() == 4);
  std::vector<int16_t> rest(8);
  REQUIRE(fifo.pop(rest.data(), 10) == 4);
  CHECK(rest == std::vector<int16_t>{3, -3, 4, -4, 5, -5, 6, -6});
  CHECK(fifo.pop(rest.data(), 1) == 0);
}

TEST_CASE("MicFifo push keeps what fits and reports it", "[mic_fifo]") {
  MicFifo<float> fifo(3, 1);
  const std::vector<float> in = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
  CHECK(fifo.push(in.data(), 5) == 3);
  CHECK(fifo.push(in.data(), 1) == 0);
  std::vector<float> out(3);
  REQUIRE(fifo.pop(out.data(), 3) == 3);
  CHECK(out == std::vector<float>{0.1f, 0.2f, 0.3f});
}

TEST_CASE("MicFifo pushes silence for a null buffer", "[mic_fifo]") {
  MicFifo<int16_t> fifo(4, 1);
  const std::vector<int16_t> ones = {7, 7, 7, 7};
  fifo.push(ones.data(), 4);
  std::vector<int16_t> out(4);
  fifo.pop(out.data(), 3);
  CHECK(fifo.push(nullptr, 3) == 3);  // wraps over slots that held 7s
  REQUIRE(fifo.pop(out.data(), 4) == 4);
  CHECK(out == std::vector<int16_t>{7, 0, 0, 0});
}

TEST_CASE("MicFifo hands every frame over in order between two threads", "[mic_fifo]") {
  MicFifo<int16_t> fifo(64, 1);
  constexpr int kTotal = 200000;
  std::thread producer([&fifo] {
    int next = 0;
    while (next < kTotal) {
      int16_t block[17];
      int n = 0;
      for (; n < 17 && next + n < kTotal; ++n) block[n] = static_cast<int16_t>(next + n);
      next += static_cast<int>(fifo.push(block, static_cast<size_t>(n)));
    }
  });
  int expected = 0;
  bool in_order = true;
  std::vector<int16_t> out(23);
  while (expected < kTotal) {
    const size_t n = fifo.pop(out.data(), out.size());
    for (size_t i = 0; i < n; ++i) {
      in_order = in_order && out[i] == static_cast<int16_t>(expected);
      ++expected;
    }
  }
  producer.join();
  CHECK(in_order);
  CHECK(fifo.size_frames() == 0);
}

}  // namespace
}  // namespace dsasr::audio
