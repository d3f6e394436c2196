#include "stream/pacer.h"

#include <cstdint>
#include <random>

#include <catch2/catch.hpp>

using namespace dsasr::stream;
using namespace std::chrono_literals;
using Kind = PaceDecision::Kind;

namespace {

const TimePoint kT0 = FakeClock().now();

PacerConfig config(PaceMode mode, double speed = 1.0) {
  PacerConfig c;
  c.mode = mode;
  c.speed = speed;
  return c;
}

}  // namespace

TEST_CASE("realtime: chunk n is due at t0 + n * 100 ms", "[pacer]") {
  Pacer p(config(PaceMode::kRealtime), kT0);
  for (int64_t n = 0; n < 50; ++n) CHECK(p.scheduled(n) - kT0 == n * 100ms);

  PaceDecision d = p.decide(0, 0, kT0);
  CHECK(d.kind == Kind::kNow);
  d = p.decide(1, 0, kT0);
  CHECK(d.kind == Kind::kWait);
  CHECK(d.at == kT0 + 100ms);
  d = p.decide(1, 0, kT0 + 99ms);
  CHECK(d.kind == Kind::kWait);
  CHECK(p.decide(1, 0, kT0 + 100ms).kind == Kind::kNow);
  // Progress reports do not speed up realtime pacing.
  CHECK(p.decide(5, 1'000'000, kT0 + 100ms).kind == Kind::kWait);
}

TEST_CASE("factor 1.5: chunk n is due at t0 + n * 100 ms / 1.5, exactly", "[pacer]") {
  Pacer p(config(PaceMode::kFactor, 1.5), kT0);
  CHECK(p.scheduled(0) == kT0);
  CHECK(p.scheduled(1) - kT0 == 66'666'667ns);  // rounded to the nearest nanosecond
  CHECK(p.scheduled(2) - kT0 == 133'333'333ns);
  CHECK(p.scheduled(3) - kT0 == 200ms);
  CHECK(p.scheduled(30) - kT0 == 2s);
  CHECK(p.scheduled(3'000'000) - kT0 == 200'000s);
  CHECK(p.decide(3, 0, kT0 + 199ms).kind == Kind::kWait);
  CHECK(p.decide(3, 0, kT0 + 200ms).kind == Kind::kNow);
}

TEST_CASE("factor 2 and 4 halve and quarter the interval", "[pacer]") {
  CHECK(Pacer(config(PaceMode::kFactor, 2.0), kT0).scheduled(7) - kT0 == 350ms);
  CHECK(Pacer(config(PaceMode::kFactor, 4.0), kT0).scheduled(7) - kT0 == 175ms);
}

TEST_CASE("realtime: no drift over 10000 chunks sent late by random jitter", "[pacer]") {
  Pacer p(config(PaceMode::kRealtime), kT0);
  FakeClock clock(kT0);
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> jitter_us(0, 30'000);  // up to 30 ms late every time
  TimePoint last_sent{};
  for (int64_t n = 0; n < 10'000; ++n) {
    PaceDecision d = p.decide(n, 0, clock.now());
    if (d.kind == Kind::kWait) {
      // The event loop wakes late by a random amount.
      clock.set(d.at + std::chrono::microseconds(jitter_us(rng)));
      d = p.decide(n, 0, clock.now());
    }
    REQUIRE(d.kind == Kind::kNow);
    CHECK(p.scheduled(n) - kT0 == n * 100ms);
    last_sent = clock.now();
  }
  // The last chunk went at its own due time plus at most one wake-up's lateness.
  const TimePoint last_due = kT0 + 9'999 * 100ms;
  CHECK(last_sent >= last_due);
  CHECK(last_sent - last_due <= 30ms);
}

TEST_CASE("realtime: a long stall is followed by a catch-up burst, not a shifted schedule",
          "[pacer]") {
  Pacer p(config(PaceMode::kRealtime), kT0);
  // Chunks 0..9 were sent on time; the loop then stalled for 1 s.
  const TimePoint now = kT0 + 1900ms;
  for (int64_t n = 10; n <= 19; ++n) CHECK(p.decide(n, 0, now).kind == Kind::kNow);
  PaceDecision d = p.decide(20, 0, now);
  CHECK(d.kind == Kind::kWait);
  CHECK(d.at == kT0 + 2s);
}

TEST_CASE("max: every chunk is due at once", "[pacer]") {
  Pacer p(config(PaceMode::kMax), kT0);
  for (int64_t n = 0; n < 100'000; n += 997) CHECK(p.decide(n, 0, kT0).kind == Kind::kNow);
}

TEST_CASE("auto: runs a window ahead of the service, then waits for progress", "[pacer]") {
  PacerConfig c = config(PaceMode::kAuto);
  c.window = 10s;
  Pacer p(c, kT0);
  // With no progress yet, chunks starting at 0 .. 10 000 ms go at once (101 chunks).
  for (int64_t n = 0; n <= 100; ++n) REQUIRE(p.decide(n, 0, kT0).kind == Kind::kNow);
  PaceDecision d = p.decide(101, 0, kT0);
  CHECK(d.kind == Kind::kBlocked);
  CHECK(d.at == kT0 + 10'100ms);  // the realtime fallback

  // The service reports 2.5 s: the window now reaches chunk 125.
  CHECK(p.decide(101, 2'500, kT0 + 50ms).kind == Kind::kNow);
  CHECK(p.decide(125, 2'500, kT0 + 50ms).kind == Kind::kNow);
  CHECK(p.decide(126, 2'500, kT0 + 50ms).kind == Kind::kBlocked);
}

TEST_CASE("auto: never slower than real time when the service reports nothing", "[pacer]") {
  PacerConfig c = config(PaceMode::kAuto);
  c.window = 1s;
  Pacer p(c, kT0);
  FakeClock clock(kT0);
  for (int64_t n = 0; n < 1000; ++n) {
    PaceDecision d = p.decide(n, 0, clock.now());
    if (d.kind != Kind::kNow) {
      REQUIRE(d.kind == Kind::kBlocked);
      clock.set(d.at);
      d = p.decide(n, 0, clock.now());
    }
    REQUIRE(d.kind == Kind::kNow);
    // Sent no later than its realtime due time.
    CHECK(clock.now() <= kT0 + n * 100ms);
  }
}

TEST_CASE("auto: a fast service lets the whole input go at once", "[pacer]") {
  Pacer p(config(PaceMode::kAuto), kT0);
  // The service keeps reporting that it has processed everything sent so far.
  for (int64_t n = 0; n < 5000; ++n) {
    CHECK(p.decide(n, n * 100, kT0).kind == Kind::kNow);
  }
}

TEST_CASE("auto: huge or negative reported times are harmless", "[pacer]") {
  Pacer p(config(PaceMode::kAuto), kT0);
  CHECK(p.decide(1'000'000, INT64_MAX, kT0).kind == Kind::kNow);
  CHECK(p.decide(1'000, -5, kT0).kind == Kind::kBlocked);
}

TEST_CASE("reset restarts the schedule at the resume chunk", "[pacer]") {
  Pacer p(config(PaceMode::kRealtime), kT0);
  const TimePoint t1 = kT0 + 42s;
  p.reset(t1, 300);
  CHECK(p.first_chunk() == 300);
  CHECK(p.scheduled(300) == t1);
  CHECK(p.scheduled(310) == t1 + 1s);
  CHECK(p.decide(300, 0, t1).kind == Kind::kNow);
  CHECK(p.decide(301, 0, t1).kind == Kind::kWait);

  // Auto measures the window on the new task's timeline.
  PacerConfig c = config(PaceMode::kAuto);
  c.window = 1s;
  Pacer a(c, kT0);
  a.reset(t1, 300);
  CHECK(a.decide(310, 0, t1).kind == Kind::kNow);
  CHECK(a.decide(311, 0, t1).kind == Kind::kBlocked);
  CHECK(a.decide(311, 100, t1).kind == Kind::kNow);
}

TEST_CASE("invalid speed and chunk fall back to sane values", "[pacer]") {
  PacerConfig c = config(PaceMode::kFactor, 0.0);
  c.chunk = 0ms;
  Pacer p(c, kT0);
  CHECK(p.config().speed == 1.0);
  CHECK(p.scheduled(3) - kT0 == 300ms);
  CHECK(Pacer(config(PaceMode::kFactor, -2.0), kT0).scheduled(1) - kT0 == 100ms);
  // Realtime ignores a stray speed value.
  CHECK(Pacer(config(PaceMode::kRealtime, 3.0), kT0).scheduled(1) - kT0 == 100ms);
}
