#include "stream/retention.h"

#include <catch2/catch.hpp>

using namespace dsasr::stream;

namespace {
constexpr uint64_t kRate = 16000;           // samples per second
constexpr uint64_t kCap = 120 * kRate;      // a 120 s ring
constexpr uint64_t kKeepFile = 60 * kRate;  // twice the 30 s unconfirmed limit
}  // namespace

TEST_CASE("resume keeps everything below the ring's high-water mark", "[retention]") {
  // 90 s unfinalised is exactly 75%: kept.
  CHECK_FALSE(resume_release({90 * kRate, 80 * kRate, 0, kCap}, kKeepFile, false));
  // One sample more: release up to 60 s behind the read position.
  auto to = resume_release({90 * kRate + 1, 80 * kRate, 0, kCap}, kKeepFile, false);
  REQUIRE(to);
  CHECK(*to == 20 * kRate);
}

TEST_CASE("at the ring's edges nothing is released that is not retained", "[retention]") {
  // The read position is within `keep` of the start: nothing to release.
  CHECK_FALSE(resume_release({100 * kRate, 50 * kRate, 0, kCap}, kKeepFile, false));
  // Release point at or before the retain position: nothing to do.
  CHECK_FALSE(resume_release({100 * kRate, 70 * kRate, 10 * kRate, kCap}, kKeepFile, false));
  // A live input keeps at most a quarter of its ring.
  auto to = resume_release({100 * kRate, 95 * kRate, 5 * kRate, kCap}, kKeepFile, true);
  REQUIRE(to);
  CHECK(*to == 95 * kRate - kCap / 4);
}

TEST_CASE("a live ring keeps room for the capture and drops the oldest audio", "[retention]") {
  const uint64_t room = live_room(kCap, 2 * kRate);
  CHECK(room == 2 * kRate);
  CHECK(live_room(10 * kRate, 2 * kRate) == 2 * kRate);  // a fifth of 10 s is 2 s
  CHECK(live_room(5 * kRate, 2 * kRate) == kRate);

  // 1 s free in a 120 s ring: short of room; drop until 4 s are free.
  RingPositions full{200 * kRate, 81 * kRate, 81 * kRate, kCap};
  CHECK(live_short_of_room(full, room));
  auto to = live_discard_to(full, room);
  REQUIRE(to);
  CHECK(*to == 84 * kRate);
  CHECK(full.write - *to == kCap - 2 * room);

  RingPositions roomy{200 * kRate, 90 * kRate, 90 * kRate, kCap};
  CHECK_FALSE(live_short_of_room(roomy, room));
  // Already discarded beyond the target: nothing more.
  CHECK_FALSE(live_discard_to({200 * kRate, 90 * kRate, 90 * kRate, kCap}, room));
}
