#include "output/tee_writer.h"

namespace dsasr::output {

void TeeWriter::partial(const protocol::Sentence& sentence, const std::string& task_id) {
  for (auto& w : writers_) w->partial(sentence, task_id);
}

void TeeWriter::final(const protocol::Sentence& sentence, const std::string& task_id) {
  for (auto& w : writers_) w->final(sentence, task_id);
}

void TeeWriter::error(const std::string& code, const std::string& message, int exit_code) {
  for (auto& w : writers_) w->error(code, message, exit_code);
}

void TeeWriter::part_failed(int segment, int64_t begin_ms, int64_t end_ms, const std::string& code,
                            const std::string& message, int exit_code) {
  for (auto& w : writers_) w->part_failed(segment, begin_ms, end_ms, code, message, exit_code);
}

void TeeWriter::gap(int64_t begin_ms, int64_t end_ms) {
  for (auto& w : writers_) w->gap(begin_ms, end_ms);
}

void TeeWriter::stats(const Stats& stats) {
  for (auto& w : writers_) w->stats(stats);
}

void TeeWriter::finish() {
  for (auto& w : writers_) w->finish();
}

}  // namespace dsasr::output
