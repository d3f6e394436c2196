// Transcript: one input's results on their way to its writer. Every time in a result (sentence,
// words) is moved from the task's timeline to the input's (stream::Timeline: resumes, skipped
// audio); sentences are numbered 1, 2, ... across all the input's tasks, and a partial carries
// the number its final will have.
#pragma once

#include <cstdint>
#include <string>

#include "output/writer.h"
#include "protocol/events.h"
#include "stream/timeline.h"

namespace dsasr::app {

class Transcript {
 public:
  explicit Transcript(output::Writer& writer) : writer_(writer) {}

  void partial(protocol::Sentence sentence, const stream::Timeline& timeline,
               const std::string& task_id);
  // Writes a final sentence; returns the input position where it ends: all the audio before it
  // is transcribed and need not be sent again.
  uint64_t final(protocol::Sentence sentence, const stream::Timeline& timeline,
                 const std::string& task_id);
  bool any_final() const { return next_sentence_id_ > 1; }

  // The sentence's times, task -> input.
  static void shift(protocol::Sentence& sentence, const stream::Timeline& timeline);

 private:
  output::Writer& writer_;
  int64_t next_sentence_id_ = 1;
};

}  // namespace dsasr::app
