#include "app/session_messages.h"

#include <catch2/catch.hpp>

using namespace dsasr::app;

TEST_CASE("session messages: clock positions", "[session_messages]") {
  CHECK(format_clock(0) == "00:00.0");
  CHECK(format_clock(62345) == "01:02.3");
  CHECK(format_clock(59999) == "00:59.9");
  CHECK(format_clock(3600 * 1000 + 500) == "60:00.5");  // minutes go on past the hour
  CHECK(format_clock(-20) == "00:00.0");
}

TEST_CASE("session messages: resume, gap and overflow lines", "[session_messages]") {
  CHECK(resume_message("the connection dropped", 12345, 750, 1, 5) ==
        "the connection dropped; resuming from 00:12.3 in 750 ms (retry 1 of 5)");
  CHECK(gap_message(61000, 73450) ==
        "lost 12.4 s of audio, from 01:01.0 to 01:13.4: the buffer overflowed while the "
        "service was unreachable");
  CHECK(buffer_full_message(60000) ==
        "the audio buffer is full while the service is unreachable; dropping the oldest audio "
        "(--buffer 60 s)");
  CHECK(stalled_message(31999) == "the connection stalled: 31 s of audio could not be sent");
  CHECK(capture_behind_message(300, 2) ==
        "the capture fell behind: 300 ms of audio were lost and replaced by silence (2 device "
        "overflows)");
  CHECK(telephone_hint("call.wav", 8000).rfind("call.wav is 8000 Hz telephone audio; ", 0) == 0);
}

TEST_CASE("session messages: the parts of a --parallel input", "[session_messages]") {
  CHECK(part_name("talk.wav", 1, 8, 60000, 122300) == "talk.wav (part 2 of 8, 01:00.0-02:02.3)");
  CHECK(part_failed_message(2, 4, 60000, 90000, "the connection kept failing", 1) ==
        "part 3 of 4 (01:00.0-01:30.0) failed: the connection kept failing; the other parts' "
        "results are written");
  CHECK(part_failed_message(0, 4, 0, 30000, "refused", 2) ==
        "part 1 of 4 (00:00.0-00:30.0) failed: refused (and 1 more part); the other parts' "
        "results are written");
  CHECK(part_failed_message(0, 4, 0, 30000, "refused", 4) ==
        "part 1 of 4 (00:00.0-00:30.0) failed: refused (and every other part)");
  CHECK(cut_message({}, 1300) ==
        "not cut: no silence longer than 1300 ms (the silence that ends a sentence) to cut at; "
        "transcribed in one part");
  CHECK(cut_message({16000, 62345}, 1300) == "cut into 3 parts at 00:16.0, 01:02.3");
}
