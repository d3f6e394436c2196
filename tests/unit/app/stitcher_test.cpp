#include "app/stitcher.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "stream/clock.h"

namespace dsasr::app {
namespace {

using std::chrono::milliseconds;

// Every record the stitcher writes, as one line, with the fake time it was written at.
class RecordingWriter final : public output::Writer {
 public:
  explicit RecordingWriter(const stream::FakeClock& clock) : clock_(clock) {}
  void partial(const protocol::Sentence& s, const std::string&) override {
    add("partial " + std::to_string(s.sentence_id) + " " + std::to_string(s.begin_ms) + " part " +
        std::to_string(s.segment.value_or(-1)));
  }
  void final(const protocol::Sentence& s, const std::string& task) override {
    add("final " + std::to_string(s.sentence_id) + " " + std::to_string(s.begin_ms) + "-" +
        std::to_string(*s.end_ms) + " word " + std::to_string(s.words.at(0).begin_ms) + " part " +
        std::to_string(s.segment.value_or(-1)) + " " + task);
  }
  void error(const std::string& code, const std::string&, int) override { add("error " + code); }
  void part_failed(int part, int64_t begin, int64_t end, const std::string& code,
                   const std::string&, int exit_code) override {
    add("failed part " + std::to_string(part) + " " + std::to_string(begin) + "-" +
        std::to_string(end) + " " + code + " " + std::to_string(exit_code));
  }
  void gap(int64_t begin, int64_t end) override {
    add("gap " + std::to_string(begin) + "-" + std::to_string(end));
  }
  void stats(const output::Stats& st) override { add("stats " + std::to_string(st.audio_ms)); }
  void finish() override { add("finish"); }

  struct Record {
    int64_t at_ms;
    std::string text;
  };
  std::vector<Record> records;
  std::vector<std::string> texts() const {
    std::vector<std::string> out;
    for (const Record& r : records) out.push_back(r.text);
    return out;
  }

 private:
  void add(std::string text) {
    const auto since = clock_.now() - start_;
    records.push_back({std::chrono::duration_cast<milliseconds>(since).count(), std::move(text)});
  }
  const stream::FakeClock& clock_;
  stream::TimePoint start_ = clock_.now();
};

protocol::Sentence sentence(int64_t begin, int64_t end) {
  protocol::Sentence s;
  s.sentence_id = 1;  // each part numbers its own from 1
  s.begin_ms = begin;
  s.end_ms = end;
  s.words.push_back({begin + 10, begin + 200, "w", ""});
  return s;
}

// Three parts of a 30 s input: [0, 10 s), [10 s, 22 s), [22 s, 30 s).
std::vector<stream::Segment> three_parts() {
  return {{0, 10000}, {10000, 22000}, {22000, 30000}};
}

TEST_CASE("stitcher: later parts wait, times shift to the input, numbers run on", "[stitcher]") {
  stream::FakeClock clock;
  RecordingWriter out(clock);
  Stitcher s(out, three_parts());
  auto p0 = s.part_writer(0);
  auto p1 = s.part_writer(1);
  auto p2 = s.part_writer(2);

  // The parts run at once; their results come in whatever order the connections give them.
  clock.advance(milliseconds(1000));
  p2->final(sentence(500, 2500), "task-c");   // part 2's first sentence: held
  p1->partial(sentence(100, 900), "task-b");  // not the part being written: not shown
  p0->partial(sentence(300, 800), "task-a");  // shown at once, as the input's sentence 1
  clock.advance(milliseconds(1000));
  p1->final(sentence(100, 3000), "task-b");  // held
  p0->final(sentence(300, 4000), "task-a");  // out at once
  CHECK(s.held() == 2);
  clock.advance(milliseconds(1000));
  p0->final(sentence(5000, 9000), "task-a");
  clock.advance(milliseconds(1000));
  p2->finish();  // part 2 is done before part 1: still waits
  CHECK(s.held() == 2);
  clock.advance(milliseconds(1000));
  p0->finish();  // part 1's held sentence goes out; part 1 is now the one written
  p1->partial(sentence(4000, 4500), "task-b");
  clock.advance(milliseconds(1000));
  p1->final(sentence(4000, 6000), "task-b");
  clock.advance(milliseconds(1000));
  p1->finish();  // part 2's held sentence goes out
  CHECK(s.all_done());
  CHECK(s.held() == 0);
  output::Stats stats;
  stats.audio_ms = 30000;
  s.finish(stats);

  const std::vector<RecordingWriter::Record> expected = {
      {1000, "partial 1 300 part 0"},
      {2000, "final 1 300-4000 word 310 part 0 task-a"},
      {3000, "final 2 5000-9000 word 5010 part 0 task-a"},
      {5000, "final 3 10100-13000 word 10110 part 1 task-b"},
      {5000, "partial 4 14000 part 1"},
      {6000, "final 4 14000-16000 word 14010 part 1 task-b"},
      {7000, "final 5 22500-24500 word 22510 part 2 task-c"},
      {7000, "stats 30000"},
      {7000, "finish"},
  };
  REQUIRE(out.records.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("record " << i);
    CHECK(out.records[i].text == expected[i].text);
    CHECK(out.records[i].at_ms == expected[i].at_ms);
  }
  CHECK(s.sentences() == 5);
}

TEST_CASE("stitcher: a failed part leaves an error record with its missing range, in place",
          "[stitcher]") {
  stream::FakeClock clock;
  RecordingWriter out(clock);
  Stitcher s(out, three_parts());
  auto p0 = s.part_writer(0);
  auto p1 = s.part_writer(1);
  auto p2 = s.part_writer(2);
  p2->final(sentence(500, 2500), "task-c");
  p2->finish();
  p1->final(sentence(100, 3000), "task-b");  // transcribed up to 13 s, then it failed
  p1->error("network", "the connection kept failing", 5);
  p1->finish();
  p0->final(sentence(300, 4000), "task-a");
  p0->finish();
  s.finish(std::nullopt);
  CHECK(out.texts() == std::vector<std::string>{
                           "final 1 300-4000 word 310 part 0 task-a",
                           "final 2 10100-13000 word 10110 part 1 task-b",
                           "failed part 1 13000-22000 network 5",
                           "final 3 22500-24500 word 22510 part 2 task-c",
                           "finish",
                       });
}

TEST_CASE("stitcher: a part that failed before any result misses its whole range", "[stitcher]") {
  stream::FakeClock clock;
  RecordingWriter out(clock);
  Stitcher s(out, three_parts());
  auto p0 = s.part_writer(0);
  p0->error("InvalidApiKey", "refused", 4);
  p0->finish();
  CHECK(out.texts() == std::vector<std::string>{"failed part 0 0-10000 InvalidApiKey 4"});
}

TEST_CASE("stitcher: parts that never ran are closed by finish, held results still go out",
          "[stitcher]") {
  stream::FakeClock clock;
  RecordingWriter out(clock);
  Stitcher s(out, three_parts());
  auto p1 = s.part_writer(1);
  p1->final(sentence(100, 3000), "task-b");
  p1->gap(5000, 6000);
  p1->finish();
  CHECK(out.records.empty());  // part 0 has not finished
  s.finish(std::nullopt);      // Ctrl+C before part 0 and 2 started
  CHECK(out.texts() == std::vector<std::string>{
                           "final 1 10100-13000 word 10110 part 1 task-b",
                           "gap 15000-16000",
                           "finish",
                       });
}

}  // namespace
}  // namespace dsasr::app
