// Stitcher: the results of one input's parts (--parallel), each transcribed by its own session,
// merged into the input's writer as if one task had transcribed the whole input:
//   - times (sentence, words, gaps) move from the part's timeline to the input's (+ its start);
//   - results go out in the input's order: a later part's wait until the earlier parts are done
//     (stream::InOrder), the earliest unfinished part's go out as they come;
//   - sentences are numbered 1, 2, ... across the parts, and carry their part's number;
//   - partials are shown for the earliest unfinished part only (a later part's would jump back
//     and forth in time);
//   - a part that failed leaves an error record at its place, with the range it leaves without
//     results (from its last final sentence to its end).
// Memory: the held-back results, never audio.
//
// Pure: a Writer in, Writers out (tests: tests/unit/app/stitcher_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/writer.h"
#include "protocol/events.h"
#include "stream/cut_planner.h"
#include "stream/in_order.h"

namespace dsasr::app {

class Stitcher {
 public:
  // `parts` in order, covering the input; `out` must outlive the stitcher.
  Stitcher(output::Writer& out, std::vector<stream::Segment> parts);

  // The writer part `k`'s session writes to: times on the part's timeline (0 = its start).
  // Its stats() are ignored (the caller sums the parts' outcomes); its finish() ends the part.
  std::unique_ptr<output::Writer> part_writer(size_t k);

  // Part `k` will give no results (it never ran: Ctrl+C, an output failed); idempotent.
  void part_done(size_t k);
  // Part `k` could not run (its audio could not be opened, the key was refused): its range is
  // missing, said by an error record at its place.
  void part_failed(size_t k, const std::string& code, const std::string& message, int exit_code);
  bool all_done() const;
  // Once every part is done: writes `stats` (when given) and finishes the writer.
  void finish(const std::optional<output::Stats>& stats);

  size_t held() const { return order_.held(); }
  int64_t sentences() const { return released_finals_; }

 private:
  class PartWriter;
  struct Item {
    enum class Kind { kFinal, kGap, kFailed } kind = Kind::kFinal;
    protocol::Sentence sentence;  // kFinal
    std::string task_id;          // kFinal
    int64_t begin_ms = 0;         // kGap, kFailed: the range
    int64_t end_ms = 0;
    int part = 0;      // kFailed
    std::string code;  // kFailed
    std::string message;
    int exit_code = 0;
  };

  void partial(size_t k, protocol::Sentence sentence, const std::string& task_id);
  void final(size_t k, protocol::Sentence sentence, const std::string& task_id);
  void gap(size_t k, int64_t begin_ms, int64_t end_ms);
  void failed(size_t k, const std::string& code, const std::string& message, int exit_code);
  void shift(size_t k, protocol::Sentence& sentence) const;
  void release();

  output::Writer& out_;
  std::vector<stream::Segment> parts_;
  stream::InOrder<Item> order_;
  std::vector<bool> done_;
  std::vector<int64_t> covered_to_ms_;  // per part: the end of its last final (input time)
  int64_t released_finals_ = 0;
  bool finished_ = false;
};

}  // namespace dsasr::app
