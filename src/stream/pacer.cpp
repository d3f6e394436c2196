#include "stream/pacer.h"

#include <cmath>

namespace dsasr::stream {

namespace {

PacerConfig sanitised(PacerConfig c) {
  if (c.mode != PaceMode::kFactor || !std::isfinite(c.speed) || c.speed <= 0) c.speed = 1.0;
  if (c.chunk.count() <= 0) c.chunk = std::chrono::milliseconds(100);
  if (c.window.count() < 0) c.window = std::chrono::milliseconds(0);
  return c;
}

}  // namespace

Pacer::Pacer(PacerConfig config, TimePoint t0, int64_t first_chunk)
    : config_(sanitised(config)), t0_(t0), first_chunk_(first_chunk) {}

void Pacer::reset(TimePoint t0, int64_t first_chunk) {
  t0_ = t0;
  first_chunk_ = first_chunk;
}

TimePoint Pacer::scheduled(int64_t chunk_index) const {
  const int64_t k = chunk_index > first_chunk_ ? chunk_index - first_chunk_ : 0;
  const auto chunk_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(config_.chunk);
  // Computed from the index every time (never by adding intervals), so rounding cannot
  // accumulate: chunk n is off by at most half a nanosecond however long the stream.
  const long double offset_ns = static_cast<long double>(k) *
                                static_cast<long double>(chunk_ns.count()) /
                                static_cast<long double>(config_.speed);
  const auto offset = std::chrono::nanoseconds(std::llround(offset_ns));
  return t0_ + std::chrono::duration_cast<Duration>(offset);
}

PaceDecision Pacer::decide(int64_t chunk_index, int64_t service_reported_ms, TimePoint now) const {
  using Kind = PaceDecision::Kind;
  if (config_.mode == PaceMode::kMax) return {Kind::kNow, now};

  const TimePoint due = scheduled(chunk_index);
  if (config_.mode == PaceMode::kAuto) {
    const int64_t k = chunk_index > first_chunk_ ? chunk_index - first_chunk_ : 0;
    const int64_t chunk_start_ms = k * config_.chunk.count();
    const int64_t reported_ms = service_reported_ms > 0 ? service_reported_ms : 0;
    // Written as a difference: a huge reported time must not overflow.
    if (chunk_start_ms - config_.window.count() <= reported_ms) return {Kind::kNow, now};
    if (due <= now) return {Kind::kNow, due};
    return {Kind::kBlocked, due};
  }
  if (due <= now) return {Kind::kNow, due};
  return {Kind::kWait, due};
}

}  // namespace dsasr::stream
