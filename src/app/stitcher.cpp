#include "app/stitcher.h"

#include <algorithm>
#include <utility>

namespace dsasr::app {

class Stitcher::PartWriter final : public output::Writer {
 public:
  PartWriter(Stitcher& stitcher, size_t k) : stitcher_(stitcher), k_(k) {}

  void partial(const protocol::Sentence& sentence, const std::string& task_id) override {
    stitcher_.partial(k_, sentence, task_id);
  }
  void final(const protocol::Sentence& sentence, const std::string& task_id) override {
    stitcher_.final(k_, sentence, task_id);
  }
  void error(const std::string& code, const std::string& message, int exit_code) override {
    stitcher_.failed(k_, code, message, exit_code);
  }
  void gap(int64_t begin_ms, int64_t end_ms) override { stitcher_.gap(k_, begin_ms, end_ms); }
  void stats(const output::Stats&) override {}
  void finish() override { stitcher_.part_done(k_); }

 private:
  Stitcher& stitcher_;
  size_t k_;
};

Stitcher::Stitcher(output::Writer& out, std::vector<stream::Segment> parts)
    : out_(out),
      parts_(std::move(parts)),
      order_(parts_.size()),
      done_(parts_.size(), false),
      covered_to_ms_(parts_.size()) {
  for (size_t k = 0; k < parts_.size(); ++k) covered_to_ms_[k] = parts_[k].begin_ms;
}

std::unique_ptr<output::Writer> Stitcher::part_writer(size_t k) {
  return std::make_unique<PartWriter>(*this, k);
}

void Stitcher::shift(size_t k, protocol::Sentence& s) const {
  const int64_t offset = parts_[k].begin_ms;
  s.begin_ms += offset;
  if (s.end_ms) *s.end_ms += offset;
  for (protocol::Word& w : s.words) {
    w.begin_ms += offset;
    w.end_ms += offset;
  }
  s.segment = static_cast<int>(k);
}

void Stitcher::partial(size_t k, protocol::Sentence sentence, const std::string& task_id) {
  if (k != order_.current()) return;  // only the part being written shows its interim text
  shift(k, sentence);
  sentence.sentence_id = released_finals_ + 1;
  out_.partial(sentence, task_id);
}

void Stitcher::final(size_t k, protocol::Sentence sentence, const std::string& task_id) {
  shift(k, sentence);
  int64_t end = sentence.end_ms.value_or(sentence.begin_ms);
  if (!sentence.end_ms && !sentence.words.empty()) end = sentence.words.back().end_ms;
  covered_to_ms_[k] = std::max(covered_to_ms_[k], end);
  Item item;
  item.sentence = std::move(sentence);
  item.task_id = task_id;
  order_.add(k, std::move(item));
  release();
}

void Stitcher::gap(size_t k, int64_t begin_ms, int64_t end_ms) {
  Item item;
  item.kind = Item::Kind::kGap;
  item.begin_ms = begin_ms + parts_[k].begin_ms;
  item.end_ms = end_ms + parts_[k].begin_ms;
  order_.add(k, std::move(item));
  release();
}

void Stitcher::failed(size_t k, const std::string& code, const std::string& message,
                      int exit_code) {
  Item item;
  item.kind = Item::Kind::kFailed;
  item.part = static_cast<int>(k);
  item.begin_ms = std::min(covered_to_ms_[k], parts_[k].end_ms);
  item.end_ms = parts_[k].end_ms;
  item.code = code;
  item.message = message;
  item.exit_code = exit_code;
  order_.add(k, std::move(item));
  release();
}

void Stitcher::part_done(size_t k) {
  if (done_.at(k)) return;
  done_[k] = true;
  order_.done(k);
  release();
}

void Stitcher::part_failed(size_t k, const std::string& code, const std::string& message,
                           int exit_code) {
  if (done_.at(k)) return;
  failed(k, code, message, exit_code);
  part_done(k);
}

bool Stitcher::all_done() const {
  return std::all_of(done_.begin(), done_.end(), [](bool d) { return d; });
}

void Stitcher::release() {
  for (Item& item : order_.take()) {
    switch (item.kind) {
      case Item::Kind::kFinal:
        item.sentence.sentence_id = ++released_finals_;
        out_.final(item.sentence, item.task_id);
        break;
      case Item::Kind::kGap:
        out_.gap(item.begin_ms, item.end_ms);
        break;
      case Item::Kind::kFailed:
        out_.part_failed(item.part, item.begin_ms, item.end_ms, item.code, item.message,
                         item.exit_code);
        break;
    }
  }
}

void Stitcher::finish(const std::optional<output::Stats>& stats) {
  if (finished_) return;
  for (size_t k = 0; k < parts_.size(); ++k) part_done(k);
  finished_ = true;
  if (stats) out_.stats(*stats);
  out_.finish();
}

}  // namespace dsasr::app
