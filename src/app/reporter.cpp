#include "app/reporter.h"

namespace dsasr::app {

void Reporter::emit(const char* label, const char* color_code, const std::string& text) {
  std::string line = "dsasr: ";
  if (label) {
    if (color_) line += color_code;
    line += label;
    if (color_) line += "\033[0m";
    line += ": ";
  }
  line += text;
  line += '\n';
  if (before_write_) before_write_();
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

void Reporter::error(const std::string& input, const util::Error& error) {
  std::string text = input.empty() ? error.text() : input + ": " + error.message;
  emit("error", "\033[1;31m", text);
  if (!error.hint.empty()) emit("hint", "\033[1;36m", error.hint);
}

void Reporter::warning(const std::string& input, const std::string& message) {
  if (quiet_) return;
  emit("warning", "\033[1;33m", input.empty() ? message : input + ": " + message);
}

void Reporter::hint(const std::string& message) {
  if (quiet_) return;
  emit("hint", "\033[1;36m", message);
}

void Reporter::info(int level, const std::string& message) {
  if (quiet_ || verbosity_ < level) return;
  emit(nullptr, "", message);
}

void Reporter::line(const std::string& message) {
  emit(nullptr, "", message);
}

}  // namespace dsasr::app
