// `dsasr devices`: lists capture devices on stdout, one per line: PortAudio's (ALSA, JACK, OSS),
// then, when a PulseAudio or PipeWire sound server is reachable, the server's sources (microphones
// and the sinks' monitors). Returns the exit status: 3 when there is neither a device nor a
// server.
#pragma once

#include <string>

#include "audio/pulse_sources.h"

namespace dsasr::app {

class Reporter;

int run_devices(Reporter& reporter);

// The sound-server section of the listing (pure): a title line, a header, one aligned line per
// source — DEFAULT ("*" for the default source, "system" for the default sink's monitor, which
// --system records), KIND (input or monitor), CHANNELS, RATE_HZ, NAME (what -d takes),
// DESCRIPTION.
std::string format_sound_server_sources(const audio::PulseSnapshot& snapshot);

}  // namespace dsasr::app
