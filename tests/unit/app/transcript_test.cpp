#include "app/transcript.h"

#include <catch2/catch.hpp>
#include <vector>

namespace dsasr::app {
namespace {

class RecordingWriter final : public output::Writer {
 public:
  void partial(const protocol::Sentence& s, const std::string&) override { partials.push_back(s); }
  void final(const protocol::Sentence& s, const std::string&) override { finals.push_back(s); }
  void error(const std::string&, const std::string&, int) override {}
  void stats(const output::Stats&) override {}
  void finish() override {}
  std::vector<protocol::Sentence> partials, finals;
};

protocol::Sentence sentence(int64_t begin, int64_t end) {
  protocol::Sentence s;
  s.begin_ms = begin;
  s.end_ms = end;
  s.words.push_back({begin, begin + 100, "w", ""});
  return s;
}

TEST_CASE("transcript: times move to the input's timeline, numbers run across tasks",
          "[transcript]") {
  RecordingWriter w;
  Transcript t(w);
  stream::Timeline timeline(1000);  // one sample per millisecond
  timeline.sent(0, 5000);
  CHECK_FALSE(t.any_final());
  t.partial(sentence(100, 900), timeline, "task-1");
  CHECK(t.final(sentence(100, 1200), timeline, "task-1") == 1200);
  CHECK(t.any_final());
  // A resume from 1200: the next task's 0 is the input's 1200.
  timeline.start_task(1200);
  timeline.sent(1200, 3000);
  t.partial(sentence(300, 800), timeline, "task-2");
  CHECK(t.final(sentence(300, 1000), timeline, "task-2") == 2200);
  REQUIRE(w.finals.size() == 2);
  CHECK(w.finals[0].sentence_id == 1);
  CHECK(w.finals[1].sentence_id == 2);
  CHECK(w.finals[1].begin_ms == 1500);
  CHECK(*w.finals[1].end_ms == 2200);
  CHECK(w.finals[1].words[0].begin_ms == 1500);
  CHECK(w.finals[1].words[0].end_ms == 1600);
  REQUIRE(w.partials.size() == 2);
  CHECK(w.partials[1].sentence_id == 2);  // the number its final will have
  CHECK(w.partials[1].begin_ms == 1500);
}

}  // namespace
}  // namespace dsasr::app
