#include "stream/send_policy.h"

#include <catch2/catch.hpp>

using namespace dsasr::stream;
using namespace std::chrono_literals;
using Kind = SendDecision::Kind;

namespace {

const TimePoint kT0 = FakeClock().now();

SendPolicyConfig config(PaceMode mode, bool live = false, std::chrono::milliseconds window = 10s) {
  SendPolicyConfig c;
  c.pacing.mode = mode;
  c.pacing.window = window;
  c.live = live;
  return c;
}

// Sends chunks at `now` while the policy says so; returns how many went.
int64_t burst(SendPolicy& p, int64_t& chunks, int64_t reported_ms, TimePoint now, int64_t most) {
  int64_t sent = 0;
  while (sent < most && p.decide(chunks, reported_ms, now).kind == Kind::kNow) {
    p.sent(now);
    ++chunks;
    ++sent;
  }
  return sent;
}

}  // namespace

TEST_CASE("max: a file runs 30 s ahead of the service, then at real time", "[send_policy]") {
  SendPolicy p(config(PaceMode::kMax), kT0);
  p.start_task(kT0);
  int64_t chunks = 0;
  // 30 s ahead is allowed (300 chunks and one more: the lead is checked before sending).
  CHECK(burst(p, chunks, 0, kT0, 10000) == 301);
  CHECK(p.holding_back());
  SendDecision d = p.decide(chunks, 0, kT0);
  CHECK(d.kind == Kind::kWaitUntil);
  CHECK(d.at == kT0 + 100ms);
  // Held back: one chunk per 100 ms, even with no progress report (a long silence).
  CHECK(burst(p, chunks, 0, kT0 + 100ms, 10) == 1);
  CHECK(burst(p, chunks, 0, kT0 + 150ms, 10) == 0);
  CHECK(burst(p, chunks, 0, kT0 + 200ms, 10) == 1);
}

TEST_CASE("a held-back file catches up only 5 s below the limit, in one burst", "[send_policy]") {
  SendPolicy p(config(PaceMode::kMax), kT0);
  p.start_task(kT0);
  int64_t chunks = 0;
  burst(p, chunks, 0, kT0, 10000);  // 301 chunks: 30.1 s sent
  REQUIRE(p.holding_back());
  TimePoint now = kT0 + 100ms;
  // The service reports 2 s: the lead is 28.1 s, above 25 s: still at real time.
  CHECK(burst(p, chunks, 2000, now, 100) == 1);  // 30.2 s sent
  now += 50ms;
  CHECK(burst(p, chunks, 2000, now, 100) == 0);
  // At 5.2 s reported the lead is 25.0 s: caught up, in one burst to the limit again.
  CHECK(burst(p, chunks, 5200, now, 1000) == 51);  // up to 35.3 s sent: lead 30.1 s
  CHECK(p.holding_back());
}

TEST_CASE("a live input is never held back", "[send_policy]") {
  SendPolicy p(config(PaceMode::kMax, /*live=*/true), kT0);
  p.start_task(kT0);
  int64_t chunks = 0;
  CHECK(burst(p, chunks, 0, kT0, 2000) == 2000);  // an outage's backlog goes at once
  CHECK_FALSE(p.holding_back());
}

TEST_CASE("realtime follows the pacer's schedule", "[send_policy]") {
  SendPolicy p(config(PaceMode::kRealtime), kT0);
  p.start_task(kT0);
  int64_t chunks = 0;
  CHECK(burst(p, chunks, 0, kT0, 100) == 1);
  SendDecision d = p.decide(chunks, 0, kT0 + 40ms);
  CHECK(d.kind == Kind::kWaitUntil);
  CHECK(d.at == kT0 + 100ms);
  CHECK(burst(p, chunks, 0, kT0 + 100ms, 100) == 1);
}

TEST_CASE("auto: the window, then real time until the service reports", "[send_policy]") {
  SendPolicy p(config(PaceMode::kAuto, false, 2s), kT0);
  p.start_task(kT0);
  int64_t chunks = 0;
  // 2 s window: chunks 0..20 go at once (20 * 100 ms <= 0 + 2000 ms).
  CHECK(burst(p, chunks, 0, kT0, 1000) == 21);
  SendDecision d = p.decide(chunks, 0, kT0 + 10ms);
  CHECK(d.kind == Kind::kWaitUntil);
  CHECK(d.at == kT0 + 100ms);  // one chunk per chunk duration after the last send
  // A progress report opens the window again at once.
  CHECK(burst(p, chunks, 1000, kT0 + 20ms, 1000) == 10);
}

TEST_CASE("a new task starts afresh", "[send_policy]") {
  SendPolicy p(config(PaceMode::kMax), kT0);
  p.start_task(kT0);
  int64_t chunks = 0;
  burst(p, chunks, 0, kT0, 10000);
  REQUIRE(p.holding_back());
  p.start_task(kT0 + 1s);
  chunks = 0;
  CHECK_FALSE(p.holding_back());
  CHECK(burst(p, chunks, 0, kT0 + 1s, 10) == 10);
}
