// What the command line said, before any interpretation: the command, each option's raw values
// in the order given, and the positional arguments. parse.cpp fills it (with CLI11); resolve.cpp
// turns it into a Config. Plain data.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "cli/config.h"
#include "cli/option_table.h"

namespace dsasr::cli {

struct ParsedArgs {
  Command command = Command::kNone;  // kNone: `dsasr` with no command
  std::string help_topic;            // `dsasr help TOPIC`
  std::string shell;                 // `dsasr completion SHELL`
  std::vector<std::string> inputs;   // positional arguments of `file` and `vocab`

  // Per option (indexed by OptionId): its values in command-line order (empty for flags) and how
  // many times it was given.
  std::array<std::vector<std::string>, kOptionCount> values;
  std::array<int, kOptionCount> counts{};

  bool has(OptionId id) const { return counts[index(id)] > 0; }
  int count(OptionId id) const { return counts[index(id)]; }
  const std::vector<std::string>& all(OptionId id) const { return values[index(id)]; }
  // The last value given (the one that wins for a single-valued option); "" when absent.
  const std::string& last(OptionId id) const {
    static const std::string kEmpty;
    const auto& v = values[index(id)];
    return v.empty() ? kEmpty : v.back();
  }

  // For tests and parse.cpp: records one occurrence.
  void add(OptionId id, std::string value = {}) {
    ++counts[index(id)];
    if (!option(id).is_flag()) values[index(id)].push_back(std::move(value));
  }

 private:
  static std::size_t index(OptionId id) { return static_cast<std::size_t>(id); }
};

}  // namespace dsasr::cli
