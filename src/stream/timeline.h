// Timeline: where the audio a task was sent sits on the input's timeline.
//
// Results come back in the task's own time: 0 is its first sample. A task that resumes after a
// dropped connection starts later in the input, and later features send only part of the input
// (silence shortened before it is sent), so task time and input time differ by an offset that
// can grow inside a task. The timeline records, per task, each point where the audio sent stops
// being contiguous on the input ("breaks"), and maps a task time back to the input:
//
//   input  |0.....9|skipped|16.....25|              task 2 resumes at input sample 30
//   task 1 |0.....9|10.......19|                    task 2 |0.........|
//
// A task time inside a skipped stretch cannot occur (nothing was sent there); a time exactly at a
// break maps to the audio after it. Positions are sample counts at the send rate; milliseconds
// are rounded down.
//
// Pure (unit-tested in tests/unit/stream/timeline_test.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace dsasr::stream {

class Timeline {
 public:
  explicit Timeline(int rate_hz);

  int rate_hz() const { return rate_hz_; }
  int64_t ms(uint64_t samples) const;
  uint64_t samples(int64_t ms) const;  // 0 for ms <= 0

  // A new task's first sample will be `input_pos`; forgets the previous task's breaks.
  void start_task(uint64_t input_pos);
  // `n` samples starting at `input_pos` were sent in the current task (after all the earlier
  // ones). A position after the end of the previous send records a break.
  void sent(uint64_t input_pos, uint64_t n);

  uint64_t task_start() const { return task_start_; }
  // Samples sent in the current task.
  uint64_t task_sent() const { return task_sent_; }
  // The input position of the task's sample `task_pos`.
  uint64_t input_pos(uint64_t task_pos) const;
  // The input time of the task's time `task_ms`.
  int64_t input_ms(int64_t task_ms) const { return ms(input_pos(samples(task_ms))); }

 private:
  struct Break {
    uint64_t task_pos;   // from this task sample on ...
    uint64_t input_pos;  // ... the audio came from here
  };

  int rate_hz_;
  uint64_t task_start_ = 0;
  uint64_t task_sent_ = 0;
  uint64_t next_input_ = 0;    // where the next contiguous send would start
  std::vector<Break> breaks_;  // ascending; the first is {0, task_start_}
};

}  // namespace dsasr::stream
