// The sentence script: the texts the emulator "recognises", in order. Each task or session starts
// at the first line and wraps around after the last. Pure; immutable after construction, so any
// thread may read it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace dsasr::emulator {

struct ScriptLine {
  std::string text;
  std::string translation;  // the part after a TAB, "" if the line has none
};

class Script {
 public:
  // No lines: placeholder sentences "sentence 1", "sentence 2", ...
  Script() = default;
  explicit Script(std::vector<ScriptLine> lines) : lines_(std::move(lines)) {}

  // Parses script text: one sentence per line (LF or CRLF), empty lines ignored, an optional
  // translation after the first TAB.
  static Script parse(std::string_view text);
  // Reads and parses a UTF-8 file.
  static util::Result<Script> load(const std::string& path);

  // The sentence for the `index`-th (0-based) sentence of a task.
  ScriptLine line(size_t index) const;
  size_t size() const { return lines_.size(); }

 private:
  std::vector<ScriptLine> lines_;
};

}  // namespace dsasr::emulator
