// What the value of an option can be — a fixed list of words, a file, a directory, a model name
// or free text — for shell completion (completion.cpp) and the tests that keep the lists in step
// with resolution. Derived from the option table; pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "cli/option_table.h"

namespace dsasr::cli {

enum class ValueKind {
  kFlag,       // takes no value
  kText,       // free text: nothing to offer
  kChoice,     // one of `choices`
  kFile,       // a path to a file
  kDirectory,  // a path to a directory
  kModel,      // a model name (`dsasr models`), or any other name with --protocol
};

struct OptionValues {
  ValueKind kind = ValueKind::kText;
  std::vector<std::string_view> choices;  // kChoice: the accepted words; kModel: the listed models
};

OptionValues option_values(const OptionSpec& spec);

// The shells `dsasr completion` writes scripts for, in the order help lists them.
const std::vector<std::string_view>& completion_shells();

}  // namespace dsasr::cli
