// The entry point app/ calls: the command line to a Config, or a usage error.
//
//   std::string text;
//   auto config = cli::parse(argc, argv, cli::system_environment(), &text);
//   if (!config) -> print "dsasr: error: <message>" (and the hint), exit 2
//   else if command is kHelp / kVersion / kModels -> print `text` to stdout, exit 0
//
// Call from the main thread before anything else starts. Never prints, never exits.
#pragma once

#include <string>

#include "cli/config.h"
#include "cli/environment.h"
#include "cli/parsed_args.h"
#include "util/result.h"

namespace dsasr::cli {

// Parses and resolves. `text_out` (may be null) receives the text to print for kHelp,
// kVersion and kModels (`--json` gives JSON); it is left empty for other commands.
util::Result<Config> parse(int argc, const char* const* argv, const Environment& env,
                           std::string* text_out);

// Only the syntax step (the one that uses CLI11): which command, which options with which
// raw values, which positional arguments. Unknown commands and options, a missing value and
// `--api-key` are usage errors here.
util::Result<ParsedArgs> parse_args(int argc, const char* const* argv);

}  // namespace dsasr::cli
