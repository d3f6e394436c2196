#include "stream/cut_planner.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace dsasr::stream {

std::vector<Segment> plan_segments(const CutPlan& plan, std::vector<SilenceSpan> silences) {
  const int64_t length = std::max<int64_t>(plan.length_ms, 0);
  std::vector<Segment> whole{{0, length}};
  if (plan.segments <= 1 || length == 0) return whole;

  // Candidate cut points: the middle of every silence long enough, inside the recording.
  std::vector<int64_t> candidates;
  for (const SilenceSpan& s : silences) {
    const int64_t begin = std::max<int64_t>(s.begin_ms, 0);
    const int64_t end = std::min(s.end_ms, length);
    if (end - begin <= plan.min_silence_ms) continue;
    candidates.push_back(begin + (end - begin) / 2);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Each ideal cut k * length / N takes the nearest candidate that keeps the segments on both
  // sides at least min_segment_ms long, left to right.
  std::vector<int64_t> cuts;
  int64_t last = 0;
  for (int k = 1; k < plan.segments; ++k) {
    const int64_t ideal = length * k / plan.segments;
    std::optional<int64_t> best;
    for (int64_t c : candidates) {
      if (c - last < plan.min_segment_ms || length - c < plan.min_segment_ms) continue;
      if (!best || std::llabs(c - ideal) < std::llabs(*best - ideal)) best = c;
    }
    if (!best) continue;
    cuts.push_back(*best);
    last = *best;
    // Later cuts only after this one.
    candidates.erase(candidates.begin(),
                     std::upper_bound(candidates.begin(), candidates.end(), *best));
  }
  if (cuts.empty()) return whole;
  std::vector<Segment> out;
  int64_t begin = 0;
  for (int64_t c : cuts) {
    out.push_back({begin, c});
    begin = c;
  }
  out.push_back({begin, length});
  return out;
}

}  // namespace dsasr::stream
