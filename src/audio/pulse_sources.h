// The sound server's sources and sinks (PulseAudio, or PipeWire through pipewire-pulse): listing
// them (dsasr devices) and choosing the one to record (-d NAME, --system[=SINK]).
//
// query_pulse() connects to the server the usual way (PULSE_SERVER, the user's runtime socket;
// never autospawning one), asks for the server info, the sources and the sinks, and disconnects,
// within a bounded time. No reachable server is a kInput error whose hint says how to get one.
//
// Choosing (pure, on a PulseSnapshot):
//  - find_source(): -d NAME names a source when NAME is exactly a source's name (names such as
//    `alsa_input.usb-...` or `speakers.monitor` never look like a PortAudio index or name).
//  - system_source(): --system is the default sink's monitor; --system=SINK picks the sink whose
//    name is SINK, else the one sink whose name or description contains SINK (case-insensitive);
//    a monitor source's own name is accepted too. Errors name the candidates.
//  - default_source(): the server's default source (the microphone for --with-system).
//
// Threads. query_pulse() on any thread (it runs its own private main loop); the rest is pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace dsasr::audio {

struct PulseSource {
  std::string name;         // e.g. "alsa_input.pci-0000_00_1f.3.analog-stereo", "vspk.monitor"
  std::string description;  // human, e.g. "Monitor of Built-in Audio"
  bool monitor = false;     // a sink's monitor: what that sink plays
  std::string monitor_of;   // the sink's name, for a monitor
  int rate_hz = 0;
  int channels = 0;
};

struct PulseSink {
  std::string name;
  std::string description;
  std::string monitor_source;  // the name of its monitor source
};

struct PulseSnapshot {
  std::string server;  // "pulseaudio 16.1", "PulseAudio (on PipeWire 0.3.65)"
  std::string default_source;
  std::string default_sink;
  std::vector<PulseSource> sources;  // in the server's order
  std::vector<PulseSink> sinks;
};

// Asks the running server; kInput when none is reachable (see above).
util::Result<PulseSnapshot> query_pulse();

// The kInput error for "no sound server", with its hint.
util::Error no_sound_server_error(const std::string& why);

// Pure choices, as described above.
const PulseSource* find_source(const PulseSnapshot& snapshot, const std::string& name);
util::Result<std::string> system_source(const PulseSnapshot& snapshot,
                                        const std::optional<std::string>& sink);
util::Result<std::string> default_source(const PulseSnapshot& snapshot);
// True for the default sink's monitor (marked in `dsasr devices`).
bool is_default_monitor(const PulseSnapshot& snapshot, const PulseSource& source);

}  // namespace dsasr::audio
