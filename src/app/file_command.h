// `dsasr file`: transcribes each input (a path or "-" for stdin), up to --jobs at a time, all
// in one event loop on the calling thread. Returns the process exit status.
#pragma once

#include "cli/config.h"

namespace dsasr::app {

class Reporter;

int run_file_command(const cli::Config& config, Reporter& reporter);

}  // namespace dsasr::app
