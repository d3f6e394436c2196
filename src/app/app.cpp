#include "app/app.h"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>

#include "app/devices_command.h"
#include "app/doctor.h"
#include "app/exit_status.h"
#include "app/reporter.h"
#include "app/signals.h"
#include "app/transcribe.h"
#include "app/vocab_command.h"
#include "audio/mic_portaudio.h"
#include "cli/parse.h"
#include "output/jsonl_schema.h"

namespace dsasr::app {

namespace {

bool use_color(cli::ColorMode mode) {
  switch (mode) {
    case cli::ColorMode::kAlways:
      return true;
    case cli::ColorMode::kNever:
      return false;
    case cli::ColorMode::kAuto:
      return isatty(STDERR_FILENO) != 0;
  }
  return false;
}

int run(int argc, char** argv) {
  // 1. Signals first: every thread started later inherits the blocked SIGINT/SIGTERM.
  install_signal_watcher();

  // 2. Command line, environment and key files -> one resolved Config.
  std::string text;
  auto config = cli::parse(argc, argv, cli::system_environment(), &text);
  if (!config) {
    Reporter reporter(0, false, isatty(STDERR_FILENO) != 0 && !std::getenv("NO_COLOR"));
    reporter.error("", config.error());
    return exit_status_for(config.error().kind);
  }

  // 3. Run the command, after what the user should know about the request.
  Reporter reporter(config->diag.verbosity, config->diag.quiet, use_color(config->output.color));
  for (const std::string& warning : config->request.warnings) reporter.warning("", warning);
  switch (config->command) {
    case cli::Command::kHelp:
    case cli::Command::kVersion:
    case cli::Command::kModels:
    case cli::Command::kSchema:
    case cli::Command::kConfig:
    case cli::Command::kCompletion:
      if (config->command == cli::Command::kSchema) text = output::jsonl_schema();
      std::fwrite(text.data(), 1, text.size(), stdout);
      return std::fflush(stdout) == 0 ? kExitSuccess : kExitInternal;
    case cli::Command::kFile:
    case cli::Command::kMic:
      if (config->command == cli::Command::kMic) {
        audio::set_backend_verbose(config->diag.verbosity > 0);
      }
      // --hotwords: the vocabulary is found or created once, before the first task.
      if (auto st = apply_hotwords(*config, reporter); !st) {
        reporter.error("", st.error());
        return exit_status_for(st.error().kind);
      }
      return run_transcribe(*config, reporter);
    case cli::Command::kVocab:
      return run_vocab(*config, reporter);
    case cli::Command::kDevices:
      audio::set_backend_verbose(config->diag.verbosity > 0);
      return run_devices(reporter);
    case cli::Command::kDoctor:
      audio::set_backend_verbose(config->diag.verbosity > 0);
      return run_doctor(*config);
    case cli::Command::kNone:
      break;
  }
  reporter.error("", util::Error(util::ErrorKind::kUsage, "no command given",
                                 "run 'dsasr --help' for the commands"));
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dsasr: error: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "dsasr: error: internal error\n");
  }
  return kExitInternal;
}

}  // namespace dsasr::app
