// MicFifo: the lock-free single-producer single-consumer queue between the PortAudio callback
// (producer) and the mic worker thread (consumer). It holds interleaved samples of one type (s16
// or float) and moves whole frames only, so channels never get out of step.
//
// Positions are absolute frame counts that only increase (two atomics); the buffer is allocated
// once, at construction. push() and pop() never block, never lock, never allocate and make no
// system call, which is what a PortAudio callback may do.
//
// Threads. push() from ONE producer thread (the callback), pop() from ONE consumer thread (the
// worker); the rest from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dsasr::audio {

template <class T>
class MicFifo {
  static_assert(std::atomic<uint64_t>::is_always_lock_free,
                "the callback side must not take a lock");

 public:
  MicFifo(size_t capacity_frames, int channels)
      : channels_(static_cast<size_t>(std::max(channels, 1))),
        capacity_frames_(std::max<size_t>(capacity_frames, 1)),
        buffer_(capacity_frames_ * channels_) {}
  MicFifo(const MicFifo&) = delete;
  MicFifo& operator=(const MicFifo&) = delete;

  size_t capacity_frames() const { return capacity_frames_; }
  int channels() const { return static_cast<int>(channels_); }
  // Frames pushed and not popped yet (a snapshot).
  size_t size_frames() const {
    return static_cast<size_t>(write_.load(std::memory_order_acquire) -
                               read_.load(std::memory_order_acquire));
  }

  // Producer: appends up to `frames` frames from `interleaved` (silence when it is nullptr) and
  // returns how many fitted; the rest are the caller's to count as lost.
  size_t push(const T* interleaved, size_t frames) {
    const uint64_t w = write_.load(std::memory_order_relaxed);
    // acquire: the consumer has finished copying out the frames before read_, so their slots
    // may be overwritten.
    const uint64_t r = read_.load(std::memory_order_acquire);
    const size_t count = std::min(frames, capacity_frames_ - static_cast<size_t>(w - r));
    const size_t start = static_cast<size_t>(w % capacity_frames_);
    const size_t first = std::min(count, capacity_frames_ - start);
    copy_in(start, interleaved, first);
    copy_in(0, interleaved ? interleaved + first * channels_ : nullptr, count - first);
    // release: the frames are in place before the consumer can see the new write position.
    write_.store(w + count, std::memory_order_release);
    return count;
  }

  // Consumer: moves up to max_frames frames into `interleaved`; returns how many.
  size_t pop(T* interleaved, size_t max_frames) {
    const uint64_t r = read_.load(std::memory_order_relaxed);
    const uint64_t w = write_.load(std::memory_order_acquire);
    const size_t count = static_cast<size_t>(std::min<uint64_t>(max_frames, w - r));
    const size_t start = static_cast<size_t>(r % capacity_frames_);
    const size_t first = std::min(count, capacity_frames_ - start);
    std::memcpy(interleaved, buffer_.data() + start * channels_, first * channels_ * sizeof(T));
    std::memcpy(interleaved + first * channels_, buffer_.data(),
                (count - first) * channels_ * sizeof(T));
    read_.store(r + count, std::memory_order_release);
    return count;
  }

 private:
  void copy_in(size_t at_frame, const T* from, size_t frames) {
    T* to = buffer_.data() + at_frame * channels_;
    if (from) {
      std::memcpy(to, from, frames * channels_ * sizeof(T));
    } else {
      std::fill(to, to + frames * channels_, T{});
    }
  }

  const size_t channels_;
  const size_t capacity_frames_;
  std::vector<T> buffer_;
  std::atomic<uint64_t> write_{0};  // written by the producer only
  std::atomic<uint64_t> read_{0};   // written by the consumer only
};

}  // namespace dsasr::audio
