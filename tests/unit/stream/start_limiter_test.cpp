#include "stream/start_limiter.h"

#include <catch2/catch.hpp>
#include <chrono>

using dsasr::stream::FakeClock;
using dsasr::stream::StartLimiter;
using std::chrono::milliseconds;

TEST_CASE("start limiter: starts in a burst are spaced 1/limit apart", "[start_limiter]") {
  FakeClock clock;
  StartLimiter limiter(20);
  const auto t0 = clock.now();
  CHECK(limiter.reserve(t0) == t0);
  CHECK(limiter.reserve(t0) == t0 + milliseconds(50));
  CHECK(limiter.reserve(t0) == t0 + milliseconds(100));
  // Eight at once take 350 ms: never more than 20 in any second.
  StartLimiter eight(20);
  auto last = t0;
  for (int i = 0; i < 8; ++i) last = eight.reserve(t0);
  CHECK(last == t0 + milliseconds(350));
}

TEST_CASE("start limiter: a start after a quiet spell goes at once", "[start_limiter]") {
  FakeClock clock;
  StartLimiter limiter(10);
  const auto t0 = clock.now();
  limiter.reserve(t0);
  CHECK(limiter.reserve(t0 + milliseconds(30)) == t0 + milliseconds(100));
  CHECK(limiter.reserve(t0 + milliseconds(500)) == t0 + milliseconds(500));
  CHECK(limiter.reserve(t0 + milliseconds(520)) == t0 + milliseconds(600));
}

TEST_CASE("start limiter: no limit never waits", "[start_limiter]") {
  FakeClock clock;
  StartLimiter limiter(0);
  const auto t0 = clock.now();
  for (int i = 0; i < 100; ++i) CHECK(limiter.reserve(t0) == t0);
}
