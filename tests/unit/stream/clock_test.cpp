#include "stream/clock.h"

#include <catch2/catch.hpp>

using namespace dsasr::stream;
using namespace std::chrono_literals;

TEST_CASE("FakeClock moves only when told and never backwards", "[clock]") {
  FakeClock clock;
  const TimePoint start = clock.now();
  CHECK(clock.now() == start);
  clock.advance(250ms);
  CHECK(clock.now() - start == 250ms);
  clock.set(start);  // earlier: ignored
  CHECK(clock.now() - start == 250ms);
  clock.set(start + 1s);
  CHECK(clock.now() - start == 1s);
}

TEST_CASE("SteadyClock is monotonic", "[clock]") {
  SteadyClock clock;
  const Clock& c = clock;
  TimePoint a = c.now();
  TimePoint b = c.now();
  CHECK(b >= a);
}
