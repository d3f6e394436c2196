#include "cli/values.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace dsasr::cli {

namespace {

// Formats a bound without a trailing ".000000": 6000, 0.5, -1.
std::string format_bound(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

bool is_blank(std::string_view text) {
  return text.empty() || text.find_first_of(" \t\r\n") != std::string_view::npos;
}

}  // namespace

std::string_view output_format_name(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText:
      return "text";
    case OutputFormat::kJsonl:
      return "jsonl";
    case OutputFormat::kSrt:
      return "srt";
    case OutputFormat::kVtt:
      return "vtt";
  }
  return "text";
}

util::Error usage_error(std::string message, std::string hint) {
  return util::Error(util::ErrorKind::kUsage, std::move(message), std::move(hint));
}

std::string closest_match(std::string_view text, const std::vector<std::string_view>& candidates,
                          std::size_t max_distance) {
  std::string best;
  std::size_t best_distance = max_distance + 1;
  for (std::string_view c : candidates) {
    // Levenshtein distance, one row at a time.
    std::vector<std::size_t> row(c.size() + 1);
    for (std::size_t j = 0; j <= c.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= text.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= c.size(); ++j) {
        std::size_t up = row[j];
        std::size_t cost = text[i - 1] == c[j - 1] ? 0 : 1;
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
        diagonal = up;
      }
    }
    if (row[c.size()] < best_distance) {
      best_distance = row[c.size()];
      best = std::string(c);
    }
  }
  return best;
}

std::string join_or(std::initializer_list<std::string_view> items) {
  std::string out;
  std::size_t i = 0;
  for (std::string_view item : items) {
    if (i > 0) out += (i + 1 == items.size()) ? " or " : ", ";
    out += item;
    ++i;
  }
  return out;
}

util::Result<long> parse_integer(std::string_view option, std::string_view text, long min,
                                 long max) {
  auto fail = [&] {
    return usage_error(std::string(option) + ": expected a whole number from " +
                       std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                       std::string(text) + "'");
  };
  if (is_blank(text)) return fail();
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size() || v < min || v > max) return fail();
  return v;
}

util::Result<double> parse_number(std::string_view option, std::string_view text, double min,
                                  double max) {
  auto fail = [&] {
    return usage_error(std::string(option) + ": expected a number from " + format_bound(min) +
                       " to " + format_bound(max) + ", got '" + std::string(text) + "'");
  };
  if (is_blank(text)) return fail();
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  // strtod also accepts "inf", "nan" and hex floats; none is a sensible option value.
  if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v) ||
      s.find_first_of("xXnN") != std::string::npos || v < min || v > max) {
    return fail();
  }
  return v;
}

util::Result<double> parse_positive(std::string_view option, std::string_view text, double max) {
  auto fail = [&] {
    return usage_error(std::string(option) + ": expected a number greater than 0 and at most " +
                       format_bound(max) + ", got '" + std::string(text) + "'");
  };
  auto v = parse_number(option, text, 0.0, max);
  if (!v.ok() || *v <= 0.0) return fail();
  return v;
}

util::Result<std::size_t> parse_choice(std::string_view option, std::string_view text,
                                       std::initializer_list<std::string_view> choices) {
  std::size_t i = 0;
  for (std::string_view c : choices) {
    if (c == text) return i;
    ++i;
  }
  return usage_error(std::string(option) + ": expected " + join_or(choices) + ", got '" +
                     std::string(text) + "'");
}

}  // namespace dsasr::cli
