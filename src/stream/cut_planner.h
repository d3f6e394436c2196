// CutPlanner: where --parallel N cuts one long recording into segments that are transcribed at
// once, each on its own connection (issue 22).
//
// A cut is only ever made in the middle of a silence longer than the model's sentence-ending
// silence, so no sentence is split (the service would have ended a sentence there anyway). The
// ideal cuts divide the recording into N equal parts; each takes the eligible silence nearest
// to it, keeping every segment at least `min_segment_ms` long. A recording with no eligible
// silence is not cut. The result may have fewer than N segments.
//
// Pure (tests: tests/unit/stream/cut_planner_test.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace dsasr::stream {

struct SilenceSpan {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
};

struct Segment {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
};

struct CutPlan {
  int64_t length_ms = 0;       // the whole recording
  int segments = 1;            // at most this many
  int64_t min_silence_ms = 0;  // a silence must be longer than this to take a cut
  int64_t min_segment_ms = 0;  // no segment shorter than this
};

// The segments, in order, covering [0, length_ms) without gaps or overlaps. `silences` in any
// order; they may overlap or reach past the end.
std::vector<Segment> plan_segments(const CutPlan& plan, std::vector<SilenceSpan> silences);

}  // namespace dsasr::stream
