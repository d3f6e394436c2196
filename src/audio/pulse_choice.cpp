// The pure half of pulse_sources.h: choosing a source from a snapshot.
#include <algorithm>
#include <cctype>

#include "audio/pulse_sources.h"

namespace dsasr::audio {

namespace {

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string sink_names(const PulseSnapshot& snapshot) {
  std::string out;
  for (const PulseSink& sink : snapshot.sinks) out += (out.empty() ? "'" : ", '") + sink.name + "'";
  return out.empty() ? "none" : out;
}

util::Error sink_error(std::string message) {
  return util::Error(util::ErrorKind::kInput, std::move(message),
                     "name a sink with --system=SINK; 'dsasr devices' lists the monitors");
}

}  // namespace

const PulseSource* find_source(const PulseSnapshot& snapshot, const std::string& name) {
  for (const PulseSource& source : snapshot.sources) {
    if (source.name == name) return &source;
  }
  return nullptr;
}

bool is_default_monitor(const PulseSnapshot& snapshot, const PulseSource& source) {
  return source.monitor && !snapshot.default_sink.empty() &&
         source.monitor_of == snapshot.default_sink;
}

util::Result<std::string> system_source(const PulseSnapshot& snapshot,
                                        const std::optional<std::string>& sink) {
  if (!sink || sink->empty()) {
    for (const PulseSink& s : snapshot.sinks) {
      if (s.name == snapshot.default_sink && !s.monitor_source.empty()) return s.monitor_source;
    }
    return sink_error(
        "the sound server has no default sink whose monitor dsasr could record"
        " (sinks: " +
        sink_names(snapshot) + ")");
  }
  for (const PulseSink& s : snapshot.sinks) {
    if (s.name == *sink) return s.monitor_source;
  }
  if (const PulseSource* source = find_source(snapshot, *sink); source && source->monitor) {
    return source->name;
  }
  const std::string needle = lowercase(*sink);
  std::vector<const PulseSink*> matches;
  for (const PulseSink& s : snapshot.sinks) {
    if (lowercase(s.name).find(needle) != std::string::npos ||
        lowercase(s.description).find(needle) != std::string::npos) {
      matches.push_back(&s);
    }
  }
  if (matches.size() == 1) return matches.front()->monitor_source;
  if (matches.empty()) {
    return sink_error("no sink matches '" + *sink + "' (sinks: " + sink_names(snapshot) + ")");
  }
  std::string names;
  for (const PulseSink* s : matches) names += (names.empty() ? "'" : ", '") + s->name + "'";
  return sink_error("'" + *sink + "' matches several sinks: " + names);
}

util::Result<std::string> default_source(const PulseSnapshot& snapshot) {
  if (!snapshot.default_source.empty() && find_source(snapshot, snapshot.default_source)) {
    return snapshot.default_source;
  }
  return util::Error(util::ErrorKind::kInput, "the sound server has no default source",
                     "choose a microphone with -d NAME; 'dsasr devices' lists the sources");
}

util::Error no_sound_server_error(const std::string& why) {
  return util::Error(util::ErrorKind::kInput,
                     "no PulseAudio or PipeWire sound server is reachable: " + why,
                     "start one (pulseaudio --start, or PipeWire with pipewire-pulse), or point "
                     "PULSE_SERVER at it; 'pactl info' shows what clients see");
}

}  // namespace dsasr::audio
