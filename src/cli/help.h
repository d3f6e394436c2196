// `--help` text, generated from the command and option tables. Pure functions.
#pragma once

#include <string>

#include "cli/config.h"

namespace dsasr::cli {

// Help for one command (kFile, kModels, kHelp), or for `dsasr` itself with Command::kNone:
// usage line, description, then the command's options grouped as in the option table.
std::string help_text(Command command);

// "dsasr 0.1.0\n".
std::string version_text();

// Wraps `text` to `width` columns, indenting continuation lines by `indent` spaces. Words are
// split at spaces only; a word longer than a line stays whole. A \x1f joins two words into one
// and is shown as a space.
std::string wrap(const std::string& text, std::size_t width, std::size_t indent);

}  // namespace dsasr::cli
