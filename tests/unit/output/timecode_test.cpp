#include "output/timecode.h"

#include <catch2/catch.hpp>

using dsasr::output::srt_timecode;
using dsasr::output::vtt_timecode;

TEST_CASE("SRT timecodes use a comma before milliseconds", "[timecode]") {
  CHECK(srt_timecode(0) == "00:00:00,000");
  CHECK(srt_timecode(1) == "00:00:00,001");
  CHECK(srt_timecode(999) == "00:00:00,999");
  CHECK(srt_timecode(1000) == "00:00:01,000");
  CHECK(srt_timecode(61'234) == "00:01:01,234");
}

TEST_CASE("VTT timecodes use a dot before milliseconds", "[timecode]") {
  CHECK(vtt_timecode(0) == "00:00:00.000");
  CHECK(vtt_timecode(61'234) == "00:01:01.234");
}

TEST_CASE("timecodes roll over at the hour boundary", "[timecode]") {
  CHECK(srt_timecode(3'599'999) == "00:59:59,999");
  CHECK(srt_timecode(3'600'000) == "01:00:00,000");
  CHECK(vtt_timecode(3'599'999) == "00:59:59.999");
  CHECK(vtt_timecode(3'600'000) == "01:00:00.000");
  CHECK(srt_timecode(5'025'678) == "01:23:45,678");
}

TEST_CASE("hours keep growing past 99", "[timecode]") {
  CHECK(srt_timecode(99LL * 3'600'000 + 3'599'999) == "99:59:59,999");
  CHECK(srt_timecode(100LL * 3'600'000) == "100:00:00,000");
  CHECK(vtt_timecode(1234LL * 3'600'000 + 1) == "1234:00:00.001");
}

TEST_CASE("negative times clamp to zero", "[timecode]") {
  CHECK(srt_timecode(-1) == "00:00:00,000");
  CHECK(vtt_timecode(INT64_MIN) == "00:00:00.000");
}
