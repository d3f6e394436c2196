#include "stream/timeline.h"

#include <algorithm>

namespace dsasr::stream {

Timeline::Timeline(int rate_hz) : rate_hz_(rate_hz > 0 ? rate_hz : 16000) {
  start_task(0);
}

int64_t Timeline::ms(uint64_t samples) const {
  return static_cast<int64_t>(samples * 1000 / static_cast<uint64_t>(rate_hz_));
}

uint64_t Timeline::samples(int64_t ms) const {
  if (ms <= 0) return 0;
  return static_cast<uint64_t>(ms) * static_cast<uint64_t>(rate_hz_) / 1000;
}

void Timeline::start_task(uint64_t input_pos) {
  task_start_ = input_pos;
  task_sent_ = 0;
  next_input_ = input_pos;
  breaks_.assign(1, Break{0, input_pos});
}

void Timeline::sent(uint64_t input_pos, uint64_t n) {
  if (input_pos != next_input_) {
    if (breaks_.back().task_pos == task_sent_) {
      breaks_.back().input_pos = input_pos;  // nothing was sent since the last break
    } else {
      breaks_.push_back(Break{task_sent_, input_pos});
    }
  }
  task_sent_ += n;
  next_input_ = input_pos + n;
}

uint64_t Timeline::input_pos(uint64_t task_pos) const {
  // The last break at or before task_pos.
  auto after = std::upper_bound(breaks_.begin(), breaks_.end(), task_pos,
                                [](uint64_t pos, const Break& b) { return pos < b.task_pos; });
  const Break& b = *(after - 1);  // breaks_.front().task_pos == 0 <= task_pos
  return b.input_pos + (task_pos - b.task_pos);
}

}  // namespace dsasr::stream
