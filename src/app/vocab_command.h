// `dsasr vocab ...` and `--hotwords FILE`: the hot-word vocabulary commands over the HTTP API
// (http/), and the find-or-create step that turns --hotwords into the task's vocabulary_id.
// Main thread, before any session starts.
#pragma once

#include "app/reporter.h"
#include "cli/config.h"
#include "util/result.h"

namespace dsasr::app {

// Runs `config.vocab`; returns the exit status. Results go to stdout, messages to `reporter`.
int run_vocab(const cli::Config& config, Reporter& reporter);

// For file and mic with --hotwords: reads and checks the word file, finds or creates its
// vocabulary for the model, and sets the request's vocabulary_id (and its run-task parameter)
// exactly as --vocabulary-id would have.
util::Status apply_hotwords(cli::Config& config, Reporter& reporter);

}  // namespace dsasr::app
