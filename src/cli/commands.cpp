#include "cli/commands.h"

namespace dsasr::cli {

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = {
      {Command::kFile, "file", "INPUT...", "transcribe audio files; INPUT '-' reads standard input",
       "Transcribe audio files (WAV, FLAC, Ogg, Opus, MP3, or headerless PCM with --raw-rate) and "
       "print the sentences as they are recognised. INPUT '-' reads standard input."},
      {Command::kModels, "models", "", "list the supported models and what each one supports",
       "List the models dsasr knows: protocol family, sample rates, languages, optional "
       "features, request-rate limit and regions. Other model names can be used with "
       "--protocol."},
      {Command::kHelp, "help", "[COMMAND]", "show help for a command",
       "Show help for COMMAND, or the list of commands."},
  };
  return commands;
}

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& c : all_commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const CommandSpec* find_command(Command command) {
  for (const CommandSpec& c : all_commands()) {
    if (c.command == command) return &c;
  }
  return nullptr;
}

}  // namespace dsasr::cli
