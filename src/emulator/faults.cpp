#include "emulator/faults.h"

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace dsasr::emulator {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (true) {
    size_t at = s.find(sep, pos);
    if (at == std::string_view::npos) {
      parts.push_back(s.substr(pos));
      return parts;
    }
    parts.push_back(s.substr(pos, at - pos));
    pos = at + 1;
  }
}

std::optional<int64_t> parse_non_negative(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<double> parse_positive_double(std::string_view s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(copy.c_str(), &end);
  if (errno != 0 || end != copy.c_str() + copy.size() || !(v > 0) || v > 1e6) return std::nullopt;
  return v;
}

bool valid_code(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// The optional argument of wrong-task-id; nullopt if it is not one.
std::optional<ForeignTaskEnd> foreign_end(const std::vector<std::string_view>& p) {
  if (p.size() == 1) return ForeignTaskEnd::kNone;
  if (p.size() != 2) return std::nullopt;
  if (p[1] == "finished") return ForeignTaskEnd::kFinished;
  if (p[1] == "failed") return ForeignTaskEnd::kFailed;
  return std::nullopt;
}

util::Error bad(std::string_view spec) {
  return util::Error(util::ErrorKind::kUsage, "unknown fault spec '" + std::string(spec) + "'");
}

}  // namespace

util::Result<Faults> parse_faults(std::string_view spec) {
  Faults f;
  if (spec.empty()) return f;
  for (std::string_view item : split(spec, ',')) {
    std::vector<std::string_view> p = split(item, ':');
    const std::string_view name = p[0];
    auto ms_arg = [&]() -> std::optional<int64_t> {
      return p.size() == 2 ? parse_non_negative(p[1]) : std::nullopt;
    };
    if (name == "drop" && ms_arg()) {
      f.drop_ms = ms_arg();
    } else if (name == "drop-first" && ms_arg()) {
      f.drop_first_ms = ms_arg();
    } else if (name == "close1011" && ms_arg()) {
      f.close1011_ms = ms_arg();
    } else if (name == "fail-start" && p.size() == 2 && valid_code(p[1])) {
      f.fail_start_code = std::string(p[1]);
    } else if (name == "fail-start-after" && p.size() == 3 && parse_non_negative(p[1]) &&
               *parse_non_negative(p[1]) <= 1000000 && valid_code(p[2])) {
      f.fail_start_after = static_cast<int>(*parse_non_negative(p[1]));
      f.fail_start_after_code = std::string(p[2]);
    } else if (name == "fail" && p.size() == 3 && parse_non_negative(p[1]) && valid_code(p[2])) {
      f.fail_ms = parse_non_negative(p[1]);
      f.fail_code = std::string(p[2]);
    } else if (name == "throttle" && ms_arg() && *ms_arg() <= 1000000) {
      f.throttle_count = static_cast<int>(*ms_arg());
    } else if (name == "slow" && p.size() == 2 && parse_positive_double(p[1])) {
      f.slow_factor = parse_positive_double(p[1]);
    } else if (name == "delay-start" && ms_arg()) {
      f.delay_start_ms = ms_arg();
    } else if (name == "fragment" && ms_arg() && *ms_arg() >= 1) {
      f.fragment_bytes = static_cast<size_t>(*ms_arg());
    } else if (name == "oversized" && ms_arg()) {
      f.oversized_bytes = static_cast<size_t>(*ms_arg());
    } else if (name == "unknown-fields" && p.size() == 1) {
      f.unknown_fields = true;
    } else if (name == "non-json" && p.size() == 1) {
      f.non_json = true;
    } else if (name == "unauthorized" && p.size() == 1) {
      f.unauthorized = true;
    } else if (name == "wrong-task-id" && foreign_end(p)) {
      f.wrong_task_id = true;
      f.wrong_task_end = *foreign_end(p);
    } else if (name == "after-finish" && p.size() == 1) {
      f.after_finish_ms = kDefaultAfterFinishMs;
    } else if (name == "after-finish" && ms_arg()) {
      f.after_finish_ms = ms_arg();
    } else {
      return bad(item);
    }
  }
  return f;
}

}  // namespace dsasr::emulator
