// Configuration layers and where each setting came from. Layers, later ones winning:
//   1. built-in defaults
//   2. the configuration file's top level
//   3. its [profile.NAME] (--profile NAME, else DSASR_PROFILE)
//   4. environment variables (DASHSCOPE_WEBSOCKET_BASE_URL, DASHSCOPE_API_KEY and
//      DASHSCOPE_API_KEY_FILE_PATH, NO_COLOR)
//   5. the command line
// The file's values are added to the command line's ParsedArgs for every option that layers 4
// and 5 leave unset, so resolution (resolve.cpp) sees one set of values and reads the
// environment as before. Options that stand for one another (--format and --srt, --heartbeat
// and --no-heartbeat, -q and -v) are layered together: a higher layer that sets one of them
// hides the lower layers' others. Pure apart from the injected Environment.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.h"
#include "cli/config_file.h"
#include "cli/environment.h"
#include "cli/parsed_args.h"
#include "util/result.h"

namespace dsasr::cli {

enum class Layer { kDefault, kConfig, kProfile, kEnvironment, kCommandLine };

struct SettingOrigin {
  Layer layer = Layer::kDefault;
  // kConfig: "PATH:LINE"; kProfile: "profile NAME, PATH:LINE"; kEnvironment: the variable;
  // kCommandLine: "command line"; kDefault: "default".
  std::string where = "default";
};

struct Layered {
  ParsedArgs args;  // the command line plus what the file adds
  std::array<SettingOrigin, kOptionCount> origins;
  std::optional<std::string> config_path;  // where the file was looked for
  bool config_found = false;
  std::vector<std::string> profiles;   // the file's profiles, by name
  std::optional<std::string> profile;  // the profile applied
  std::string profile_origin;          // "--profile" or "DSASR_PROFILE"
};

// The environment variables that stand in for an option, highest first ({} for most).
std::vector<std::string_view> environment_for(OptionId id);

// Loads the file (load_config_file) and layers it under `args`. A --profile or DSASR_PROFILE
// naming a profile the file does not have is a usage error naming the file.
util::Result<Layered> layer_settings(const ParsedArgs& args, const Environment& env);

// The same, with the file already parsed (nullopt: no file at `config_path`).
util::Result<Layered> layer_settings(const ParsedArgs& args, const std::optional<ConfigFile>& file,
                                     std::optional<std::string> config_path,
                                     const Environment& env);

// A resolution error about an option whose value came from the file also says where it was
// set ("... (speed at /home/u/.config/dsasr/config.toml:3)").
util::Error with_origin(util::Error error, const Layered& layered);

// Origins in `config` that resolution wrote as if from the command line ("--api-key-file F",
// "--endpoint") when the value came from the file.
void note_origins(Config& config, const Layered& layered);

}  // namespace dsasr::cli
