// Resolution: from what the command line said (ParsedArgs), the environment and small files to
// the Config app/ runs. Pure apart from the injected Environment; never prints.
//
// Layers, later ones winning: 1. built-in defaults, 2. files (~/.dashscope/api_key),
// 3. environment variables, 4. the command line. Every setting that can come from several
// layers records its Origin.
#pragma once

#include "cli/config.h"
#include "cli/environment.h"
#include "cli/parsed_args.h"
#include "util/result.h"

namespace dsasr::cli {

// Every failure is a util::ErrorKind::kUsage error with a one-line message. A missing API key is
// not a failure: Config::service.api_key is then empty and api_key_searched says where dsasr
// looked. For kHelp and kVersion only `command` is set.
util::Result<Config> resolve(const ParsedArgs& args, const Environment& env);

}  // namespace dsasr::cli
