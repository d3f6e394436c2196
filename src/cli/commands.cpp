#include "cli/commands.h"

namespace dsasr::cli {

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = {
      {Command::kFile, "file", "INPUT...", "transcribe audio files; INPUT '-' reads standard input",
       "Transcribe audio files (WAV, FLAC, Ogg, Opus, MP3, or headerless PCM with --raw-rate) and "
       "print the sentences as they are recognised. INPUT '-' reads standard input."},
      {Command::kMic, "mic", "", "transcribe the microphone until Ctrl+C or --duration",
       "Transcribe what a capture device hears, live, until Ctrl+C or --duration. The heartbeat "
       "parameter is on by default (on models that have it) so long silences do not end the "
       "task; --no-heartbeat turns it off."},
      {Command::kDevices, "devices", "",
       "list capture devices (index, name, host API, channels, default rate)",
       "List the audio capture devices: index, name, host API, input channels and default "
       "sample rate. An index or name goes to 'dsasr mic --device'."},
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
