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
      {Command::kSchema, "schema", "", "print the JSON Schema of the jsonl records",
       "Print the JSON Schema (draft 2020-12) of every record type dsasr writes as JSON lines "
       "(--format jsonl). The schema is versioned: a field, once there, keeps its name, type and "
       "meaning within a major version; new optional fields may appear."},
      {Command::kConfig, "config", "", "show every effective setting and where it came from",
       "Show every setting with its effective value and where it came from: the built-in "
       "default, the configuration file ($XDG_CONFIG_HOME/dsasr/config.toml, by default "
       "~/.config/dsasr/config.toml) and its line, a profile (--profile NAME or DSASR_PROFILE), "
       "an environment variable or the command line. Later ones win, in that order. The output "
       "is valid TOML. The API key itself is never shown, only where it was found and its "
       "shape."},
      {Command::kDoctor, "doctor", "",
       "check the key, the network path to the service and the capture device",
       "Check, one line each with OK or FAIL and a hint: where the API key was found and its "
       "shape; DNS, TCP, TLS (certificate verified, expiry) and the WebSocket handshake to the "
       "endpoint, with timings; a one-second silent task on each protocol family's endpoint "
       "(the chosen model on its own); when the key is refused, whether the other region "
       "accepts it; the default capture device. Exit status 0 when every check passes, else "
       "the status of the first failure."},
      {Command::kVocab, "vocab", "ACTION [ARG...]",
       "manage hot-word vocabularies: create, list, show, update, delete, prune",
       "Manage the account's hot-word vocabularies (the service's customization API): "
       "'create --model M [--prefix P] FILE', 'list [--prefix P] [--json]', "
       "'show ID [--json]', 'update ID FILE', 'delete ID', and 'prune [FILE...] "
       "[--older-than DAYS]', which deletes the vocabularies --hotwords created that match none "
       "of the FILEs (for --model), or only those older than DAYS. FILE has one word per line, "
       "text[TAB weight[TAB lang]], or is the SDK's JSON list when its name ends in .json."},
      {Command::kCompletion, "completion", "SHELL",
       "print the completion script for bash, zsh or fish",
       "Print the shell completion script for SHELL (bash, zsh or fish), generated from the "
       "option table. Packages install it; to try it: source <(dsasr completion bash)."},
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
