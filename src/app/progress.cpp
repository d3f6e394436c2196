#include "app/progress.h"

#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "output/display_width.h"

namespace dsasr::app {

std::string format_duration(int64_t ms) {
  if (ms < 0) ms = 0;
  const int64_t s = ms / 1000;
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%" PRId64 ":%02" PRId64 ":%02" PRId64, s / 3600, s / 60 % 60,
                  s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%02" PRId64 ":%02" PRId64, s / 60, s % 60);
  }
  return buf;
}

namespace {

std::string one_input(const ProgressSnapshot::Active& a) {
  std::string s = a.name + "  " + format_duration(a.position_ms);
  if (a.duration_ms && *a.duration_ms > 0) {
    s += " / " + format_duration(*a.duration_ms);
    const int64_t percent = std::min<int64_t>(100, a.position_ms * 100 / *a.duration_ms);
    s += "  " + std::to_string(percent) + "%";
  }
  if (a.elapsed_s >= 0.5 && a.position_ms > 0) {
    const double speed = static_cast<double>(a.position_ms) / 1000.0 / a.elapsed_s;
    char buf[32];
    std::snprintf(buf, sizeof buf, speed < 10 ? "  %.1fx" : "  %.0fx", speed);
    s += buf;
    if (a.duration_ms && *a.duration_ms > a.position_ms) {
      const double eta_s = static_cast<double>(*a.duration_ms - a.position_ms) / 1000.0 / speed;
      s += "  ETA " + format_duration(static_cast<int64_t>(std::llround(eta_s * 1000)));
    }
  }
  return s;
}

// Cuts `s` to at most `columns` display columns, keeping its end ("…" marks the cut).
std::string fit(const std::string& s, int columns) {
  if (columns < 1) return {};
  if (output::display_width(s) <= columns) return s;
  // Drop whole UTF-8 characters from the front until it fits.
  std::size_t from = 0;
  while (from < s.size() && output::display_width(s.substr(from)) > columns - 1) {
    ++from;
    while (from < s.size() && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) ++from;
  }
  return "\u2026" + s.substr(from);
}

}  // namespace

std::string format_progress(const ProgressSnapshot& p, int columns) {
  std::string line;
  if (p.total > 1) {
    line = "[" + std::to_string(p.done) + "/" + std::to_string(p.total);
    if (p.failed) line += ", " + std::to_string(p.failed) + " failed";
    if (p.skipped) line += ", " + std::to_string(p.skipped) + " skipped";
    char hours[32];
    std::snprintf(hours, sizeof hours, "] %.1f h audio",
                  static_cast<double>(p.audio_done_ms) / 3'600'000.0);
    line += hours;
    if (!p.active.empty()) line += " \u00b7 " + one_input(p.active.front());
    if (p.active.size() > 1) line += " \u00b7 +" + std::to_string(p.active.size() - 1);
  } else if (!p.active.empty()) {
    line = one_input(p.active.front());
  }
  return fit(line, (columns < 2 ? 80 : columns) - 1);
}

std::string format_summary(const ProgressSnapshot& p, double wall_s) {
  char audio[48];
  const double hours = static_cast<double>(p.audio_done_ms) / 3'600'000.0;
  if (hours >= 0.1) {
    std::snprintf(audio, sizeof audio, "%.1f h", hours);
  } else {
    std::snprintf(audio, sizeof audio, "%.1f min", static_cast<double>(p.audio_done_ms) / 60'000.0);
  }
  const std::size_t succeeded = p.done - p.failed - p.skipped;
  std::string not_started;
  if (p.total > p.done) not_started = ", " + std::to_string(p.total - p.done) + " not started";
  return std::to_string(succeeded) + " done, " + std::to_string(p.skipped) + " skipped, " +
         std::to_string(p.failed) + " failed" + not_started + "; " + audio + " of audio in " +
         format_duration(static_cast<int64_t>(std::llround(wall_s * 1000)));
}

void ProgressLine::write_all(const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd_, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone: the progress line is not worth an error
    done += static_cast<std::size_t>(n);
  }
}

void ProgressLine::draw(const std::string& line) {
  if (line.empty()) return;
  if (terminal_) {
    write_all("\r" + line + "\033[K");
    shown_ = true;
  } else {
    write_all(line + "\n");
  }
}

void ProgressLine::clear() {
  if (!shown_) return;
  write_all("\r\033[K");
  shown_ = false;
}

}  // namespace dsasr::app
