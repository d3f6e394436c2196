#include "audio/ring.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstring>
#include <utility>

namespace dsasr::audio {

namespace {

// A sleeping producer re-checks the ring at least this often. The wake-up protocol does not need
// it; it only bounds the damage should a future change break that protocol.
constexpr auto kFullRingRecheck = std::chrono::seconds(2);

}  // namespace

size_t Ring::default_capacity_samples(int model_rate_hz) {
  return static_cast<size_t>(model_rate_hz) * 120;
}

// The buffer is deliberately left uninitialised (new[] without "()"): pages are only touched,
// and so only count in the resident set, once audio is written to them.
Ring::Ring(size_t capacity_samples)
    : capacity_(std::max<size_t>(capacity_samples, 1)), buffer_(new int16_t[capacity_]) {}

bool Ring::write(const int16_t* samples, size_t n) {
  assert(state_.load(std::memory_order_relaxed) == State::kOpen);
  const size_t capacity = capacity_;
  uint64_t wp = write_pos_.load(std::memory_order_relaxed);
  while (n > 0) {
    // acquire: the consumer has finished reading everything before retain_pos, so those slots
    // may be overwritten.
    const uint64_t used = wp - retain_pos_.load(std::memory_order_acquire);
    const size_t free_samples = capacity - static_cast<size_t>(used);
    if (free_samples == 0) {
      // Abort only ends waiting: what fits is still written, so a stop keeps the decoded tail.
      if (aborted_.load(std::memory_order_acquire)) return false;
      // A release() before the bell is armed is seen by the look, one after it rings.
      room_.sleep_unless(
          [&] {
            return wp - retain_pos_.load(std::memory_order_acquire) != capacity ||
                   aborted_.load(std::memory_order_acquire);
          },
          kFullRingRecheck);
      continue;
    }
    const size_t count = std::min(n, free_samples);
    const size_t start = static_cast<size_t>(wp % capacity);
    const size_t first = std::min(count, capacity - start);
    std::memcpy(buffer_.get() + start, samples, first * sizeof(int16_t));
    std::memcpy(buffer_.get(), samples + first, (count - first) * sizeof(int16_t));
    if (detector_) classify(samples, count);
    wp += count;
    samples += count;
    n -= count;
    // seq_cst (a release store and more): the samples are in place before the consumer can see
    // the new write_pos, and the store is ordered before take_data_wanted()'s load.
    write_pos_.store(wp, std::memory_order_seq_cst);
  }
  return true;
}

void Ring::detect_speech(std::unique_ptr<SpeechDetector> detector) {
  frame_samples_ = detector->frame_samples();
  detector_ = std::move(detector);
  speech_.assign(capacity_ / frame_samples_ + 2, 0);
  frame_.clear();
  frame_.reserve(frame_samples_);
}

void Ring::classify(const int16_t* samples, size_t n) {
  while (n > 0) {
    const size_t take = std::min(n, frame_samples_ - frame_.size());
    frame_.insert(frame_.end(), samples, samples + take);
    samples += take;
    n -= take;
    if (frame_.size() == frame_samples_) {
      speech_[frames_classified_ % speech_.size()] = detector_->speech(frame_.data()) ? 1 : 0;
      ++frames_classified_;
      frame_.clear();
    }
  }
}

std::optional<bool> Ring::speech(uint64_t frame) const {
  if (frame_samples_ == 0) return std::nullopt;
  const uint64_t complete = write_pos() / frame_samples_;  // acquire: flags before it are in
  if (frame >= complete || complete - frame > speech_.size() - 1) return std::nullopt;
  return speech_[frame % speech_.size()] != 0;
}

void Ring::close() {
  State expected = State::kOpen;
  state_.compare_exchange_strong(expected, State::kClosed, std::memory_order_release,
                                 std::memory_order_relaxed);
}

void Ring::fail(std::string message) {
  if (state_.load(std::memory_order_relaxed) != State::kOpen) return;
  error_message_ = std::move(message);
  state_.store(State::kFailed, std::memory_order_release);
}

void Ring::abort() {
  aborted_.store(true, std::memory_order_release);
  room_.ring();
}

size_t Ring::copy(uint64_t from_pos, int16_t* out, size_t n) const {
  const uint64_t wp = write_pos();
  assert(from_pos >= retain_pos() && from_pos <= wp);
  if (from_pos >= wp) return 0;
  const size_t capacity = capacity_;
  const size_t count = static_cast<size_t>(std::min<uint64_t>(n, wp - from_pos));
  const size_t start = static_cast<size_t>(from_pos % capacity);
  const size_t first = std::min(count, capacity - start);
  std::memcpy(out, buffer_.get() + start, first * sizeof(int16_t));
  std::memcpy(out + first, buffer_.get(), (count - first) * sizeof(int16_t));
  return count;
}

void Ring::advance(size_t n) {
  assert(n <= available());
  read_pos_.store(read_pos() + n, std::memory_order_relaxed);
}

void Ring::release(uint64_t up_to) {
  const uint64_t clamped = std::clamp(up_to, retain_pos(), read_pos());
  if (clamped == retain_pos()) return;
  // release: our reads of the freed slots are done before the producer may overwrite them.
  retain_pos_.store(clamped, std::memory_order_release);
  room_.ring();
}

uint64_t Ring::discard_until(uint64_t to) {
  const uint64_t target = std::clamp(to, retain_pos(), write_pos());
  uint64_t unsent = 0;
  if (target > read_pos()) {
    unsent = target - read_pos();
    read_pos_.store(target, std::memory_order_relaxed);
  }
  release(target);
  return unsent;
}

void Ring::rewind(uint64_t to) {
  assert(to >= retain_pos() && to <= read_pos());
  read_pos_.store(std::clamp(to, retain_pos(), read_pos()), std::memory_order_relaxed);
}

}  // namespace dsasr::audio
