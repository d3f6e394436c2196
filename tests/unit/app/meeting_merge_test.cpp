#include "app/meeting_merge.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace dsasr::app {
namespace {

constexpr MeetingStream kMic = MeetingStream::kMic;
constexpr MeetingStream kSystem = MeetingStream::kSystem;

protocol::Sentence sentence(int64_t begin_ms, int64_t end_ms, std::string text) {
  protocol::Sentence s;
  s.begin_ms = begin_ms;
  s.end_ms = end_ms;
  s.text = std::move(text);
  return s;
}

protocol::Sentence partial_at(int64_t begin_ms) {
  protocol::Sentence s;
  s.begin_ms = begin_ms;
  s.text = "...";
  return s;
}

// "mic:hello" for each released sentence, in order.
std::vector<std::string> names(const std::vector<MeetingMerge::Released>& released) {
  std::vector<std::string> out;
  for (const auto& r : released) {
    out.push_back(std::string(r.stream == kMic ? "mic:" : "system:") + r.sentence.text);
  }
  return out;
}

TEST_CASE("a sentence waits while the other stream has an earlier sentence under way",
          "[meeting]") {
  MeetingMerge merge(false);
  merge.partial(kSystem, partial_at(1000));
  merge.final(kMic, sentence(2000, 4000, "B"), "t1");
  CHECK(merge.release(4500).empty());
  merge.final(kSystem, sentence(1000, 5000, "A"), "t2");
  CHECK(names(merge.release(5200)) == std::vector<std::string>{"system:A", "mic:B"});
}

TEST_CASE("a sentence goes at once when the other stream's sentence under way begins later",
          "[meeting]") {
  MeetingMerge merge(false);
  merge.partial(kSystem, partial_at(3000));
  merge.final(kMic, sentence(1000, 2500, "A"), "t1");
  CHECK(names(merge.release(2600)) == std::vector<std::string>{"mic:A"});
}

TEST_CASE("an idle other stream holds a sentence only until 1.5 s after it began", "[meeting]") {
  MeetingMerge merge(false);
  merge.final(kMic, sentence(1000, 2000, "A"), "t1");
  CHECK(merge.release(2400).empty());  // 2400 - 1500 < 1000
  CHECK(names(merge.release(2500)) == std::vector<std::string>{"mic:A"});
}

TEST_CASE("sentences go out in begin order, the microphone's first on a tie", "[meeting]") {
  MeetingMerge merge(false);
  merge.final(kSystem, sentence(1000, 2000, "S1"), "t2");
  merge.final(kMic, sentence(1000, 1800, "M1"), "t1");
  merge.final(kSystem, sentence(2500, 3000, "S2"), "t2");
  merge.final(kMic, sentence(2200, 2900, "M2"), "t1");
  merge.ended(kMic);
  merge.ended(kSystem);
  CHECK(names(merge.release(0)) ==
        std::vector<std::string>{"mic:M1", "system:S1", "mic:M2", "system:S2"});
  CHECK(merge.all_ended());
}

TEST_CASE("an ended stream holds nothing back", "[meeting]") {
  MeetingMerge merge(false);
  merge.partial(kSystem, partial_at(0));
  merge.final(kMic, sentence(1000, 2000, "A"), "t1");
  CHECK(merge.release(2100).empty());
  merge.ended(kSystem);
  CHECK(names(merge.release(2100)) == std::vector<std::string>{"mic:A"});
}

TEST_CASE("a late sentence goes out after those already written", "[meeting]") {
  MeetingMerge merge(false);
  merge.final(kMic, sentence(1000, 2000, "A"), "t1");
  CHECK(names(merge.release(3000)) == std::vector<std::string>{"mic:A"});
  // The idle rule guessed wrong: the system stream reports a sentence that began earlier.
  merge.final(kSystem, sentence(800, 3500, "B"), "t2");
  CHECK(names(merge.release(3600)) == std::vector<std::string>{"system:B"});
}

TEST_CASE("text similarity ignores case, spaces and punctuation", "[meeting]") {
  CHECK(text_similarity("Hello, world!", "hello world") == 1.0);
  CHECK(text_similarity("今天天气很好。", "今天天气很好") == 1.0);
  CHECK(text_similarity("abcd", "abce") == Approx(0.75));
  CHECK(text_similarity("", "") == 1.0);
  CHECK(text_similarity("abc", "") == 0.0);
  CHECK(text_similarity("the quick brown fox", "a slow red dog") < 0.5);
}

TEST_CASE("an echo: times within 1.5 s at both ends and texts at least 80% alike", "[meeting]") {
  const protocol::Sentence played = sentence(1000, 4000, "The quick brown fox jumps.");
  CHECK(is_echo(sentence(1200, 4300, "the quick brown fox jumps"), played));
  CHECK(is_echo(sentence(2500, 5500, "The quick brown fox jumps."), played));
  CHECK_FALSE(is_echo(sentence(2501, 4000, "The quick brown fox jumps."), played));
  CHECK_FALSE(is_echo(sentence(1000, 5501, "The quick brown fox jumps."), played));
  CHECK_FALSE(is_echo(sentence(1000, 4000, "The quick brown cat sleeps."), played));
}

TEST_CASE("the echo guard drops the microphone's copy, whichever arrives first", "[meeting]") {
  SECTION("system first") {
    MeetingMerge merge(true);
    merge.final(kSystem, sentence(1000, 3000, "Hello there."), "t2");
    merge.final(kMic, sentence(1050, 3020, "hello there"), "t1");
    merge.ended(kSystem);
    merge.ended(kMic);
    CHECK(names(merge.release(9000)) == std::vector<std::string>{"system:Hello there."});
    CHECK(merge.echoes_dropped() == 1);
  }
  SECTION("microphone first: held until the system's twin can have arrived") {
    MeetingMerge merge(true);
    merge.final(kMic, sentence(1050, 3020, "hello there"), "t1");
    // Idle system stream: without the guard this would go at 2550; with it, at 3020 + 1500 +
    // 1500.
    CHECK(merge.release(3000).empty());
    merge.final(kSystem, sentence(1000, 3000, "Hello there."), "t2");
    CHECK(names(merge.release(6100)) == std::vector<std::string>{"system:Hello there."});
    CHECK(merge.echoes_dropped() == 1);
  }
  SECTION("the microphone's own words pass") {
    MeetingMerge merge(true);
    merge.final(kMic, sentence(1050, 3020, "Can you hear me?"), "t1");
    CHECK(merge.release(6000).empty());
    CHECK(names(merge.release(6020)) == std::vector<std::string>{"mic:Can you hear me?"});
    CHECK(merge.echoes_dropped() == 0);
  }
}

}  // namespace
}  // namespace dsasr::app
