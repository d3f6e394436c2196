// An independent reader for the SRT and WebVTT the writers produce, written from the formats'
// rules rather than from the writers' code: it parses cue blocks and reports the first rule a
// file breaks ("" when none). Test support only.
#pragma once

#include <cstdint>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace dsasr::output::testing {

struct ParsedCue {
  int64_t number = 0;
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  std::vector<std::string> lines;
};

enum class CaptionFormat { kSrt, kVtt };

// Checks: optional header (VTT: first line exactly "WEBVTT", then a blank line); blocks separated
// by one blank line; each block is a number counting up from 1, a timing line, one or more
// non-empty text lines; times well formed (minutes and seconds < 60), end > begin, each cue
// starting at or after the previous cue's end; the file ends with the blank line after a cue
// (or right after the header).
inline std::string check_captions(const std::string& text, CaptionFormat format,
                                  std::vector<ParsedCue>* cues_out = nullptr) {
  const char sep = format == CaptionFormat::kSrt ? ',' : '.';
  const std::regex timing(std::string("^(\\d{2,}):([0-5]\\d):([0-5]\\d)\\") + sep +
                          "(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\" + sep + "(\\d{3})$");
  std::vector<std::string> lines;
  {
    std::string line;
    std::istringstream in(text);
    while (std::getline(in, line)) lines.push_back(line);
  }
  if (!text.empty() && text.back() != '\n') return "file does not end with a newline";
  std::size_t i = 0;
  if (format == CaptionFormat::kVtt) {
    if (lines.size() < 2 || lines[0] != "WEBVTT" || !lines[1].empty()) {
      return "missing WEBVTT header and blank line";
    }
    i = 2;
  }
  std::vector<ParsedCue> cues;
  int64_t previous_end = 0;
  while (i < lines.size()) {
    ParsedCue cue;
    const std::string where = "cue at line " + std::to_string(i + 1) + ": ";
    if (lines[i].empty() || lines[i].find_first_not_of("0123456789") != std::string::npos) {
      return where + "expected a cue number, got '" + lines[i] + "'";
    }
    cue.number = std::stoll(lines[i]);
    if (cue.number != static_cast<int64_t>(cues.size()) + 1) return where + "number out of order";
    if (++i >= lines.size()) return where + "missing timing line";
    std::smatch m;
    if (!std::regex_match(lines[i], m, timing)) return where + "bad timing '" + lines[i] + "'";
    auto ms = [&](int first) {
      return ((std::stoll(m[first]) * 60 + std::stoll(m[first + 1])) * 60 +
              std::stoll(m[first + 2])) *
                 1000 +
             std::stoll(m[first + 3]);
    };
    cue.begin_ms = ms(1);
    cue.end_ms = ms(5);
    if (cue.end_ms <= cue.begin_ms) return where + "end is not after begin";
    if (cue.begin_ms < previous_end) return where + "overlaps or goes back before the previous cue";
    previous_end = cue.end_ms;
    ++i;
    while (i < lines.size() && !lines[i].empty()) {
      if (lines[i].find("-->") != std::string::npos) return where + "text contains -->";
      cue.lines.push_back(lines[i++]);
    }
    if (cue.lines.empty()) return where + "no text";
    if (i >= lines.size()) return where + "not ended by a blank line";
    ++i;  // the blank line
    cues.push_back(cue);
  }
  if (cues_out) *cues_out = cues;
  return "";
}

}  // namespace dsasr::output::testing
