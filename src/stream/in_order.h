// InOrder: the results of N segments of one recording, transcribed at once, released in the
// recording's order (issue 22). Segment k's results wait until segments 0..k-1 are done; the
// results of the earliest unfinished segment go out as they come (they are in order among
// themselves). Memory: the results held back, never audio.
//
// Pure; T is any movable result type (tests: tests/unit/stream/in_order_test.cpp).
#pragma once

#include <cstddef>
#include <deque>
#include <utility>
#include <vector>

namespace dsasr::stream {

template <typename T>
class InOrder {
 public:
  explicit InOrder(size_t segments) : held_(segments), done_(segments, false) {}

  // A result of `segment`, after the ones it already gave.
  void add(size_t segment, T item) { held_.at(segment).push_back(std::move(item)); }
  // `segment` will give no more results (it ended, or failed).
  void done(size_t segment) { done_.at(segment) = true; }

  // The results that may go out now, in order: everything of the finished segments before the
  // first unfinished one, and what that one gave so far.
  std::vector<T> take() {
    std::vector<T> out;
    while (next_ < held_.size()) {
      for (T& item : held_[next_]) out.push_back(std::move(item));
      held_[next_].clear();
      if (!done_[next_]) break;
      ++next_;
    }
    return out;
  }

  // The segment whose results are going out now (== segments once all are done).
  size_t current() const { return next_; }
  // Results held back for later segments.
  size_t held() const {
    size_t n = 0;
    for (const auto& h : held_) n += h.size();
    return n;
  }

 private:
  std::vector<std::deque<T>> held_;
  std::vector<bool> done_;
  size_t next_ = 0;
};

}  // namespace dsasr::stream
