// What every command that talks to DashScope checks first, in one wording: that an API key was
// found, and a warning when --insecure turns TLS verification off.
#pragma once

#include <string>

#include "cli/config.h"
#include "util/result.h"

namespace dsasr::app {

class Reporter;

// A kAuth error naming where the key was looked for, with how to give one; ok when there is a
// key. Never prints the key.
util::Status require_api_key(const cli::ServiceConfig& service);

// With --insecure, the warning that the server is not verified; `what` is what an eavesdropper
// would read besides the key ("the audio", "the hot words").
void warn_if_insecure(const cli::ServiceConfig& service, const std::string& what,
                      Reporter& reporter);

}  // namespace dsasr::app
