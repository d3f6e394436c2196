// `dsasr config`: every setting a command can take from the configuration file, with its
// effective value and where it came from (default, PATH:LINE, profile NAME, an environment
// variable, the command line), like ccache --show-config; then where the API key was found and
// its shape, never the key. The output is valid TOML. Pure apart from the injected Environment.
#pragma once

#include <string>
#include <string_view>

#include "cli/environment.h"
#include "cli/settings.h"

namespace dsasr::cli {

std::string settings_report(const Layered& layered, const Environment& env);

// The built-in default of an option as `dsasr config` shows it ("" when it has none).
std::string_view default_text(OptionId id);

}  // namespace dsasr::cli
