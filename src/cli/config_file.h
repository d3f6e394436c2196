// The configuration file: $XDG_CONFIG_HOME/dsasr/config.toml (default ~/.config/dsasr/).
//
//   speed = "max"                      # top level: applies to every command that takes it
//   model = "paraformer-realtime-v2"
//   partials = true                    # flags are booleans
//   language = ["zh", "en"]            # repeatable options take a string or a list
//   api-key-file = "~/.config/dsasr/key"   # never the key itself
//
//   [profile.intl]                     # --profile intl or DSASR_PROFILE=intl
//   region = "singapore"
//
// Keys are the long option names without the dashes' prefix. Unknown keys, wrong types, a key
// that holds an API key and TOML syntax errors are usage errors "PATH:LINE: ...". Parsing is
// pure (toml++, included by config_file.cpp only); reading goes through cli::Environment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/environment.h"
#include "cli/option_table.h"
#include "util/result.h"

namespace dsasr::cli {

// One key of the file, as the command line would have given it.
struct ConfigSetting {
  OptionId id = OptionId::kHelp;
  // Value options: one value per occurrence (a list gives several). Flags: `count` occurrences
  // and no values; `false` is a count of 0, which still overrides a lower layer.
  std::vector<std::string> values;
  int count = 0;
  int line = 0;  // 1-based line of the key in the file
};

struct ConfigProfile {
  int line = 0;  // the [profile.NAME] header
  std::vector<ConfigSetting> settings;
};

struct ConfigFile {
  std::string path;
  std::vector<ConfigSetting> top;  // in file order
  std::map<std::string, ConfigProfile, std::less<>> profiles;
};

// Whether a key may name this option: per-run options (--output, --from, --shard) and those of
// no command that reads the file (--help, --version, --json, --profile) may not.
bool configurable(const OptionSpec& spec);

// Where dsasr looks: $XDG_CONFIG_HOME/dsasr/config.toml when XDG_CONFIG_HOME is set and
// absolute, else ~/.config/dsasr/config.toml; nullopt without a home directory.
std::optional<std::string> config_file_path(const Environment& env);
// Where --hotwords remembers the word files it was given (http/hotword_registry.h):
// $XDG_STATE_HOME/dsasr/hotwords (an absolute XDG_STATE_HOME only), else
// ~/.local/state/dsasr/hotwords; nullopt without a home directory.
std::optional<std::string> hotword_registry_path(const Environment& env);

// Parses the content of the file at `path` (named in errors).
util::Result<ConfigFile> parse_config_file(std::string_view text, const std::string& path);

// Reads and parses the file at config_file_path(env). No file (or no home) is nullopt; a file
// that exists but cannot be read is a usage error naming it.
util::Result<std::optional<ConfigFile>> load_config_file(const Environment& env);

}  // namespace dsasr::cli
