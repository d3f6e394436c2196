#include "app/transcript.h"

namespace dsasr::app {

void Transcript::shift(protocol::Sentence& s, const stream::Timeline& timeline) {
  s.begin_ms = timeline.input_ms(s.begin_ms);
  if (s.end_ms) *s.end_ms = timeline.input_ms(*s.end_ms);
  for (protocol::Word& w : s.words) {
    w.begin_ms = timeline.input_ms(w.begin_ms);
    w.end_ms = timeline.input_ms(w.end_ms);
  }
}

void Transcript::partial(protocol::Sentence sentence, const stream::Timeline& timeline,
                         const std::string& task_id) {
  shift(sentence, timeline);
  sentence.sentence_id = next_sentence_id_;
  writer_.partial(sentence, task_id);
}

uint64_t Transcript::final(protocol::Sentence sentence, const stream::Timeline& timeline,
                           const std::string& task_id) {
  const int64_t task_end_ms = sentence.end_ms.value_or(sentence.begin_ms);
  shift(sentence, timeline);
  sentence.sentence_id = next_sentence_id_++;
  writer_.final(sentence, task_id);
  return timeline.input_pos(timeline.samples(task_end_ms));
}

}  // namespace dsasr::app
