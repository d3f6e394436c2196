#include "stream/cut_planner.h"

#include <catch2/catch.hpp>

using namespace dsasr::stream;

namespace {
CutPlan plan(int64_t length_ms, int n) {
  CutPlan p;
  p.length_ms = length_ms;
  p.segments = n;
  p.min_silence_ms = 1300;
  p.min_segment_ms = 10000;
  return p;
}
}  // namespace

TEST_CASE("cut planner: cuts in the middle of the silences nearest the equal parts",
          "[cut_planner]") {
  // 120 s with a 2 s silence every 20 s (at 19-21, 39-41, ...).
  std::vector<SilenceSpan> silences;
  for (int64_t t = 19000; t < 120000; t += 20000) silences.push_back({t, t + 2000});
  const auto segments = plan_segments(plan(120000, 4), silences);
  REQUIRE(segments.size() == 4);
  CHECK(segments[0].begin_ms == 0);
  CHECK(segments[0].end_ms == 20000);  // ideal 30 s: the silences at 20 s and 40 s tie; the first
  CHECK(segments[1].end_ms == 60000);
  CHECK(segments[2].end_ms == 80000);  // ideal 90 s: 80 s and 100 s tie
  CHECK(segments[3].end_ms == 120000);
}

TEST_CASE("cut planner: no cut inside speech or a short pause", "[cut_planner]") {
  // Only pauses of 1 s (shorter than the sentence-ending silence): not cut at all.
  std::vector<SilenceSpan> pauses;
  for (int64_t t = 5000; t < 120000; t += 10000) pauses.push_back({t, t + 1000});
  const auto segments = plan_segments(plan(120000, 8), pauses);
  REQUIRE(segments.size() == 1);
  CHECK(segments[0].begin_ms == 0);
  CHECK(segments[0].end_ms == 120000);
}

TEST_CASE("cut planner: segments keep their minimum length; fewer than N when needed",
          "[cut_planner]") {
  // Long silences only at 3 s and 60 s: the one at 3 s would make a 3 s segment.
  const auto segments = plan_segments(plan(100000, 4), {{2000, 4000}, {59000, 61000}});
  REQUIRE(segments.size() == 2);
  CHECK(segments[0].end_ms == 60000);
  CHECK(segments[1].begin_ms == 60000);
}

TEST_CASE("cut planner: one segment asked, or nothing to cut", "[cut_planner]") {
  CHECK(plan_segments(plan(100000, 1), {{40000, 45000}}).size() == 1);
  CHECK(plan_segments(plan(0, 8), {}).size() == 1);
  // Silences past the end and unsorted ones are fine.
  const auto segments =
      plan_segments(plan(60000, 2), {{90000, 95000}, {29000, 31000}, {58000, 70000}});
  REQUIRE(segments.size() == 2);
  CHECK(segments[0].end_ms == 30000);
}
