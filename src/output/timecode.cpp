#include "output/timecode.h"

#include <cinttypes>
#include <cstdio>

namespace dsasr::output {

namespace {

std::string format_timecode(int64_t time_ms, char fraction_separator) {
  const int64_t ms = time_ms < 0 ? 0 : time_ms;
  const int64_t hours = ms / 3'600'000;
  const int64_t minutes = ms / 60'000 % 60;
  const int64_t seconds = ms / 1000 % 60;
  const int64_t millis = ms % 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02" PRId64 ":%02" PRId64 ":%02" PRId64 "%c%03" PRId64, hours,
                minutes, seconds, fraction_separator, millis);
  return buf;
}

}  // namespace

std::string srt_timecode(int64_t time_ms) {
  return format_timecode(time_ms, ',');
}

std::string vtt_timecode(int64_t time_ms) {
  return format_timecode(time_ms, '.');
}

}  // namespace dsasr::output
