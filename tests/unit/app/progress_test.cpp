#include "app/progress.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

namespace dsasr::app {
namespace {

TEST_CASE("durations read as MM:SS, and H:MM:SS from an hour", "[progress]") {
  CHECK(format_duration(0) == "00:00");
  CHECK(format_duration(61'999) == "01:01");
  CHECK(format_duration(3'600'000) == "1:00:00");
  CHECK(format_duration(-5) == "00:00");
}

TEST_CASE("one input: position, duration, percent, speed and ETA", "[progress]") {
  ProgressSnapshot p;
  p.total = 1;
  p.active.push_back({"talk.wav", 133'000, 600'000, 133.0});
  CHECK(format_progress(p, 120) == "talk.wav  02:13 / 10:00  22%  1.0x  ETA 07:47");

  // Unknown length (stdin): no percent, no ETA.
  p.active[0] = {"stdin", 20'000, std::nullopt, 2.0};
  CHECK(format_progress(p, 120) == "stdin  00:20  10x");

  // Nothing yet: no speed.
  p.active[0] = {"talk.wav", 0, 600'000, 0.1};
  CHECK(format_progress(p, 120) == "talk.wav  00:00 / 10:00  0%");
}

TEST_CASE("a batch: done/total, failures, audio hours and the oldest active input", "[progress]") {
  ProgressSnapshot p;
  p.total = 2000;
  p.done = 312;
  p.failed = 2;
  p.skipped = 5;
  p.audio_done_ms = 5 * 3'600'000 + 720'000;
  p.active.push_back({"a/b.wav", 12'000, 30'000, 1.0});
  p.active.push_back({"a/c.wav", 1'000, 30'000, 0.1});
  CHECK(format_progress(p, 200) ==
        "[312/2000, 2 failed, 5 skipped] 5.2 h audio \u00b7 a/b.wav  00:12 / 00:30  40%  12x  "
        "ETA 00:01 \u00b7 +1");
}

TEST_CASE("the line fits the terminal, cut from the left", "[progress]") {
  ProgressSnapshot p;
  p.total = 1;
  p.active.push_back({"a-very-long-directory-name/and-a-long-file-name.wav", 1000, 2000, 1.0});
  const std::string line = format_progress(p, 30);
  CHECK(line.rfind("\u2026", 0) == 0);
  CHECK(line.size() <= 29 + 2);  // 29 columns; the ellipsis is 3 bytes, 1 column
  CHECK(line.find("ETA 00:01") != std::string::npos);
}

TEST_CASE("the summary counts every input", "[progress]") {
  ProgressSnapshot p;
  p.total = 10;
  p.done = 9;
  p.failed = 1;
  p.skipped = 3;
  p.audio_done_ms = 90'000;
  CHECK(format_summary(p, 75.2) ==
        "5 done, 3 skipped, 1 failed, 1 not started; 1.5 min of audio in 01:15");
  p.done = 10;
  p.audio_done_ms = 2 * 3'600'000;
  CHECK(format_summary(p, 3700) == "6 done, 3 skipped, 1 failed; 2.0 h of audio in 1:01:40");
}

TEST_CASE("the line is redrawn in place on a terminal, and plain lines elsewhere", "[progress]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    ProgressLine tty(fds[1], true);
    tty.draw("one");
    tty.draw("two");
    tty.clear();
    tty.clear();  // nothing drawn: nothing to clear
    ProgressLine plain(fds[1], false);
    plain.draw("three");
    plain.clear();
  }
  ::close(fds[1]);
  char buf[256];
  const ssize_t n = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  REQUIRE(n > 0);
  CHECK(std::string(buf, static_cast<size_t>(n)) == "\rone\033[K\rtwo\033[K\r\033[Kthree\n");
}

}  // namespace
}  // namespace dsasr::app
