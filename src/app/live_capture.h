// The sound server's side of `dsasr mic` (one stream): the source recorded through libpulse
// (audio::PulseCapture) for --system[=SINK] and for a -d NAME that is exactly a source name
// `dsasr devices` lists under the sound server. Everything else (-d INDEX, a PortAudio device
// name, no -d) stays with PortAudio (audio::MicCapture, opened by the caller): then the result is
// a null capture.
//
// Threads: the calling (service) thread; it may block while the server or PortAudio answers.
#pragma once

#include <functional>
#include <memory>

#include "audio/capture.h"
#include "audio/ring.h"
#include "cli/config.h"
#include "util/result.h"

namespace dsasr::app {

util::Result<std::unique_ptr<audio::Capture>> open_sound_server_capture(const cli::Config& config,
                                                                        audio::Ring& ring,
                                                                        std::function<void()> wake);

}  // namespace dsasr::app
