// The command table: one entry per `dsasr` command. It drives subcommand parsing (parse.cpp)
// and the command list in --help. Immutable data; any thread may read it.
#pragma once

#include <string_view>
#include <vector>

#include "cli/config.h"

namespace dsasr::cli {

struct CommandSpec {
  Command command;
  std::string_view name;         // "file"
  std::string_view arguments;    // synopsis after the options: "INPUT...", or ""
  std::string_view summary;      // one line for the command list
  std::string_view description;  // a short paragraph for the command's --help
};

// The commands a user can type, in the order --help lists them.
const std::vector<CommandSpec>& all_commands();

// The command with this name, or nullptr.
const CommandSpec* find_command(std::string_view name);
const CommandSpec* find_command(Command c);

}  // namespace dsasr::cli
