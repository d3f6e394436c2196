// Messages for the user on stderr: errors (`dsasr: error: <input>: <what> (<code>)` and an
// optional hint line), warnings and hints (hidden by -q), and progress notes (-v). Never
// given the API key. Main thread or service thread, one at a time.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include "util/error.h"

namespace dsasr::app {

class Reporter {
 public:
  Reporter(int verbosity, bool quiet, bool color, std::FILE* out = stderr)
      : verbosity_(verbosity), quiet_(quiet), color_(color), out_(out) {}

  // `input` names the input the error concerns; when empty, the error's own input field does
  // (util::Error::text()), and an error that concerns no input prints its message alone.
  void error(const std::string& input, const util::Error& error);
  void warning(const std::string& input, const std::string& message);
  void hint(const std::string& message);
  // Shown with -v (level 1) or -vv (level 2).
  void info(int level, const std::string& message);
  // Always shown (e.g. --stats lines).
  void line(const std::string& message);

  int verbosity() const { return verbosity_; }

  // Called before every message (the progress line clears itself from the terminal).
  void set_before_write(std::function<void()> f) { before_write_ = std::move(f); }

 private:
  void emit(const char* label, const char* color_code, const std::string& text);

  int verbosity_;
  bool quiet_;
  bool color_;
  std::FILE* out_;
  std::function<void()> before_write_;
};

}  // namespace dsasr::app
