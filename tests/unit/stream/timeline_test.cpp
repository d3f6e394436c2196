#include "stream/timeline.h"

#include <catch2/catch.hpp>

using namespace dsasr::stream;

TEST_CASE("timeline: milliseconds and samples at the send rate", "[timeline]") {
  Timeline t16(16000);
  CHECK(t16.ms(16000) == 1000);
  CHECK(t16.ms(15) == 0);  // rounded down
  CHECK(t16.samples(250) == 4000);
  CHECK(t16.samples(-5) == 0);
  Timeline t8(8000);
  CHECK(t8.ms(8000) == 1000);
  CHECK(t8.samples(1000) == 8000);
}

TEST_CASE("timeline: a first task maps its time onto the input as it is", "[timeline]") {
  Timeline t(16000);
  t.sent(0, 1600);
  t.sent(1600, 1600);
  CHECK(t.task_start() == 0);
  CHECK(t.task_sent() == 3200);
  CHECK(t.input_ms(150) == 150);
  CHECK(t.input_pos(3199) == 3199);
}

TEST_CASE("timeline: a resumed task is shifted by where it starts", "[timeline]") {
  Timeline t(16000);
  t.sent(0, 16000 * 5);
  t.start_task(16000 * 3);  // resume from 3 s (the end of the last final)
  CHECK(t.task_sent() == 0);
  t.sent(16000 * 3, 1600);
  CHECK(t.input_ms(0) == 3000);
  CHECK(t.input_ms(1234) == 4234);  // beyond what was sent: extrapolated on the same segment
}

TEST_CASE("timeline: skipped audio is a break inside the task", "[timeline]") {
  Timeline t(1000);  // one sample per millisecond, for readability
  t.sent(0, 10);     // input 0..9
  t.sent(16, 10);    // input 6..15 skipped; task 10..19 is input 16..25
  t.sent(26, 5);     // contiguous again: no new break
  CHECK(t.input_ms(9) == 9);
  CHECK(t.input_ms(10) == 16);  // exactly at the break: the audio after it
  CHECK(t.input_ms(19) == 25);
  CHECK(t.input_ms(24) == 30);
  // A resume inside the skipped stretch of a later skip: the new task starts where the ring
  // kept audio from, and its own breaks start afresh.
  t.sent(40, 10);  // input 31..39 skipped; task 25..34 is input 40..49
  CHECK(t.input_ms(25) == 40);
  t.start_task(35);  // retained from input 35, inside the skipped stretch 31..39
  t.sent(40, 10);    // the sender skips again to 40
  CHECK(t.input_ms(0) == 40);
  CHECK(t.input_ms(9) == 49);
}

TEST_CASE("timeline: a skip before anything is sent moves the task's start", "[timeline]") {
  Timeline t(1000);
  t.start_task(100);
  t.sent(150, 10);  // the first 50 ms were silence, not sent
  CHECK(t.input_ms(0) == 150);
  CHECK(t.input_ms(5) == 155);
  CHECK(t.task_start() == 100);  // the task still holds audio from 100 for a resume
}
