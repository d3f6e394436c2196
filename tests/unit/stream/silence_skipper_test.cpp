#include "stream/silence_skipper.h"

#include <catch2/catch.hpp>
#include <string>

using namespace dsasr::stream;

namespace {

// Frames as a string: 'S' speech, '.' silence; one sample per frame for readability.
struct Input {
  std::string frames;
  SilenceSkipper::Lookup lookup() const {
    return [this](uint64_t f) -> std::optional<bool> {
      if (f >= frames.size()) return std::nullopt;
      return frames[f] == 'S';
    };
  }
};

// Runs the skipper over the whole input as a session would (one frame per decision at most
// `chunk`), returning what was sent: kept frames as they are, skipped ones as '_'.
std::string run(SilenceSkipper& s, const Input& in, bool ended, uint64_t chunk = 1,
                uint64_t* stopped_at = nullptr) {
  std::string out;
  uint64_t pos = 0;
  const uint64_t end = in.frames.size();
  for (;;) {
    SkipDecision d = s.decide(pos, end, ended, chunk, in.lookup());
    if (d.kind == SkipDecision::Kind::kWait) break;
    if (d.kind == SkipDecision::Kind::kSkip) {
      out += std::string(d.samples, '_');
    } else {
      out += in.frames.substr(pos, d.samples);
    }
    pos += d.samples;
    if (pos >= end) break;
  }
  if (stopped_at) *stopped_at = pos;
  return out;
}

}  // namespace

TEST_CASE("skipper: a long silence keeps its head and tail", "[silence_skipper]") {
  SilenceSkipper s(1, 3, 2);
  Input in{"SSS...............SS"};
  CHECK(run(s, in, true) == "SSS...__________..SS");
}

TEST_CASE("skipper: a short silence is sent whole", "[silence_skipper]") {
  SilenceSkipper s(1, 3, 2);
  Input in{"SS.....SS"};  // 5 = head + tail
  CHECK(run(s, in, true) == "SS.....SS");
  SilenceSkipper s2(1, 3, 2);
  Input in2{"SS......SS"};  // 6: one frame goes
  CHECK(run(s2, in2, true) == "SS..._..SS");
}

TEST_CASE("skipper: the input's end ends the silence; a leading silence keeps only its tail",
          "[silence_skipper]") {
  SilenceSkipper s(1, 3, 2);
  Input in{"SS.........."};
  CHECK(run(s, in, true) == "SS..._______");
  SilenceSkipper lead(1, 3, 2);
  Input quiet_start{"..........SS"};
  // The head counts from the first frame seen: the start of the input is a sentence's "end" too.
  CHECK(run(lead, quiet_start, true) == "..._____..SS");
}

TEST_CASE("skipper: a live input waits for at most `tail` frames of silence", "[silence_skipper]") {
  SilenceSkipper s(1, 3, 2);
  Input in{"SS........"};  // still being recorded: its end is not known
  uint64_t pos = 0;
  CHECK(run(s, in, false, 1, &pos) == "SS...___");
  CHECK(pos == 8);  // the last two frames are held until the silence's end is known
  // More audio arrives: speech. The two frames held go out before it.
  Input more{"SS........SSS"};
  std::string rest;
  for (;;) {
    SkipDecision d = s.decide(pos, more.frames.size(), true, 1, more.lookup());
    if (d.kind != SkipDecision::Kind::kSend) break;
    rest += more.frames.substr(pos, d.samples);
    pos += d.samples;
    if (pos >= more.frames.size()) break;
  }
  CHECK(rest == "..SSS");
}

TEST_CASE("skipper: sends stop before a skip, and frames are whole samples", "[silence_skipper]") {
  SilenceSkipper s(10, 2, 1);  // 10 samples a frame
  Input in{"S......S"};        // frame flags
  // From 0 with room for 100 samples: the speech frame and the two head frames, then stop.
  SkipDecision d = s.decide(0, 80, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSend);
  CHECK(d.samples == 30);
  d = s.decide(30, 80, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSkip);
  CHECK(d.samples == 30);  // frames 3..5; frame 6 is the tail
  d = s.decide(60, 80, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSend);
  CHECK(d.samples == 20);
}

TEST_CASE("skipper: an unclassified partial frame at the end goes out; reset forgets the run",
          "[silence_skipper]") {
  SilenceSkipper s(10, 1, 1);
  Input in{"S..."};
  // 45 samples written and ended: frames 0..3 classified, samples 40..44 are a partial frame.
  SkipDecision d = s.decide(0, 45, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSend);
  CHECK(d.samples == 20);  // speech and one head frame
  d = s.decide(20, 45, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSkip);
  CHECK(d.samples == 20);  // silence to the end of what is classified
  d = s.decide(40, 45, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSend);
  CHECK(d.samples == 5);
  // A resume rewinds into the silence: after reset() its head is sent again.
  s.reset();
  d = s.decide(20, 45, true, 100, in.lookup());
  CHECK(d.kind == SkipDecision::Kind::kSend);
  CHECK(d.samples == 10);
}
