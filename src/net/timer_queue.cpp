#include "net/timer_queue.h"

namespace dsasr::net {

TimerId TimerQueue::add(Clock::time_point deadline, std::function<void()> fn) {
  TimerId id = next_id_++;
  timers_.emplace(id, Timer{deadline, std::move(fn)});
  by_deadline_.emplace(deadline, id);
  return id;
}

bool TimerQueue::cancel(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return false;
  by_deadline_.erase({it->second.deadline, id});
  timers_.erase(it);
  return true;
}

std::optional<TimerQueue::Clock::time_point> TimerQueue::next_deadline() const {
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first;
}

size_t TimerQueue::run_due(Clock::time_point now) {
  // Ids grow, so "added before this call" is "id below the first id this call did not see".
  const TimerId first_new = next_id_;
  size_t ran = 0;
  auto it = by_deadline_.begin();
  while (it != by_deadline_.end() && it->first <= now) {
    TimerId id = it->second;
    if (id >= first_new) {
      ++it;
      continue;
    }
    by_deadline_.erase(it);
    auto timer = timers_.find(id);
    std::function<void()> fn = std::move(timer->second.fn);
    timers_.erase(timer);
    ++ran;
    if (fn) fn();
    // The callback may have added or cancelled anything: start again from the front.
    it = by_deadline_.begin();
  }
  return ran;
}

void TimerQueue::clear() {
  timers_.clear();
  by_deadline_.clear();
}

}  // namespace dsasr::net
