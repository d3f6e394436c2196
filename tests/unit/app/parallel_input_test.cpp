#include "app/parallel_input.h"

#include <catch2/catch.hpp>

namespace dsasr::app {
namespace {

cli::Config parallel_config(int segments, bool automatic) {
  cli::Config c;
  c.parallel.segments = segments;
  c.parallel.automatic = automatic;
  c.parallel.cut_silence_ms = 1300;
  return c;
}

TEST_CASE("parallel cut plan: N parts of at least 10 s, cut in silences over the sentence end",
          "[parallel_input]") {
  const stream::CutPlan plan = parallel_cut_plan(parallel_config(8, false), 3600000);
  CHECK(plan.segments == 8);
  CHECK(plan.length_ms == 3600000);
  CHECK(plan.min_silence_ms == 1300);
  CHECK(plan.min_segment_ms == 10000);
}

TEST_CASE("parallel cut plan: auto takes a part per whole minute, at most the cap, 30 s each",
          "[parallel_input]") {
  CHECK(parallel_cut_plan(parallel_config(8, true), 3600000).segments == 8);
  CHECK(parallel_cut_plan(parallel_config(8, true), 135000).segments == 2);
  CHECK(parallel_cut_plan(parallel_config(8, true), 59999).segments == 1);
  CHECK(parallel_cut_plan(parallel_config(16, true), 3600000).segments == 16);  // -j 16
  CHECK(parallel_cut_plan(parallel_config(8, true), 600000).min_segment_ms == 30000);
}

TEST_CASE("parallel cut plan with the planner: a two-minute talk in four parts at its pauses",
          "[parallel_input]") {
  // Speech with a 2 s pause every 22 s, and shorter pauses (1 s) that must not take a cut.
  std::vector<stream::SilenceSpan> silences;
  for (int64_t t = 20000; t < 132000; t += 22000) {
    silences.push_back({t, t + 2000});
    silences.push_back({t - 10000, t - 9000});
  }
  const auto parts =
      stream::plan_segments(parallel_cut_plan(parallel_config(4, false), 132000), silences);
  REQUIRE(parts.size() == 4);
  for (size_t k = 1; k < parts.size(); ++k) {
    INFO("cut " << k << " at " << parts[k].begin_ms);
    CHECK((parts[k].begin_ms - 21000) % 22000 == 0);  // the middle of a 2 s pause
  }
}

}  // namespace
}  // namespace dsasr::app
