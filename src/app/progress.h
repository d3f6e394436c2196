// The progress line: one redrawn status line on stderr for long work, so a long file at real
// time, or an archive, shows signs of life before (and between) sentences.
//
//   single input:  talk.wav  02:13 / 10:00  22%  1.0x  ETA 07:47
//   batch:         [312/2000, 2 failed] 5.2 h audio · a/b.wav 00:12 / 00:30 9.8x ETA 00:02 · +3
//
// format_progress() is pure (unit-tested); ProgressLine draws it on a descriptor: on a terminal
// redrawn in place ("\r...\e[K") and cleared before anything else is written to the same
// terminal; elsewhere (--progress to a pipe or file) as plain lines.
// Threads: the lws service thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dsasr::app {

struct ProgressSnapshot {
  struct Active {
    std::string name;
    int64_t position_ms = 0;             // audio sent so far
    std::optional<int64_t> duration_ms;  // unknown for stdin and pipes
    double elapsed_s = 0;                // since this input started
  };
  std::vector<Active> active;  // the inputs being transcribed, oldest first
  std::size_t total = 0;       // inputs in the batch
  std::size_t done = 0;        // finished, failed or skipped
  std::size_t failed = 0;
  std::size_t skipped = 0;
  int64_t audio_done_ms = 0;  // audio of the finished inputs
};

// "MM:SS", or "H:MM:SS" from an hour.
std::string format_duration(int64_t ms);

// The status line, at most `columns - 1` display columns (names are cut from the left).
std::string format_progress(const ProgressSnapshot& snapshot, int columns);

// The batch's last line: "2000 done, 3 skipped, 2 failed; 5.6 h of audio in 12:03".
std::string format_summary(const ProgressSnapshot& snapshot, double wall_s);

class ProgressLine {
 public:
  // `terminal`: redraw in place; otherwise one line per draw.
  ProgressLine(int fd, bool terminal) : fd_(fd), terminal_(terminal) {}
  ~ProgressLine() { clear(); }

  void draw(const std::string& line);
  // Removes a drawn line from a terminal (before other output reaches it). No-op otherwise.
  void clear();
  bool terminal() const { return terminal_; }

 private:
  void write_all(const std::string& s);

  int fd_;
  bool terminal_;
  bool shown_ = false;
};

}  // namespace dsasr::app
