// `dsasr file` and `dsasr mic`: transcribes each input (a path, "-" for stdin, or the
// microphone), up to --jobs at a time, all in one event loop on the calling thread. Returns the
// process exit status.
#pragma once

#include "cli/config.h"

namespace dsasr::app {

class Reporter;

int run_transcribe(const cli::Config& config, Reporter& reporter);

}  // namespace dsasr::app
