// Plain text: one line per final sentence (prefix + text), each translation on its own following
// line (prefix + text); options.languages chooses which of them (languages.h), and a partial
// shows what its final would show first. With live_partials (a terminal), the partial result is
// drawn in place as
// "\r\033[K" + prefix + the newest part of the text that fits in terminal_columns - 1 columns,
// and every final starts with "\r\033[K" so it replaces whatever partial line is showing (also
// another input's, when -j N shares the terminal). Without live_partials no escape sequence is
// ever written. Control characters in recognised text are removed (display_width.h).
#pragma once

#include "output/writer.h"

namespace dsasr::output {

class TextWriter final : public Writer {
 public:
  TextWriter(const WriterOptions& options, Sink& sink);

  void partial(const protocol::Sentence& sentence, const std::string& task_id) override;
  void final(const protocol::Sentence& sentence, const std::string& task_id) override;
  void error(const std::string& code, const std::string& message, int exit_code) override;
  void stats(const Stats& stats) override;
  void finish() override;

 private:
  void clear_partial();

  Sink& sink_;
  std::string prefix_;
  CaptionLanguages languages_;
  bool live_partials_;
  bool timestamps_;
  int terminal_columns_;
  bool partial_shown_ = false;  // this writer's partial line is on screen
};

}  // namespace dsasr::output
