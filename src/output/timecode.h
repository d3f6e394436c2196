// Caption timecodes from integer milliseconds. Pure functions; any thread.
//
// Hours have at least two digits and keep growing past 99 (100:00:00,000) rather than wrapping;
// negative times are clamped to 0.
#pragma once

#include <cstdint>
#include <string>

namespace dsasr::output {

// SubRip: HH:MM:SS,mmm
std::string srt_timecode(int64_t time_ms);

// WebVTT: HH:MM:SS.mmm
std::string vtt_timecode(int64_t time_ms);

}  // namespace dsasr::output
