// A readable dump of a resolved Config for `-v` diagnostics, one "name: value" per line. The API
// key is never shown: only whether there is one and where it came from. Pure function.
#pragma once

#include <string>

#include "cli/config.h"

namespace dsasr::cli {

std::string describe(const Config& config);

}  // namespace dsasr::cli
