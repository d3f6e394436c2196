#include "app/devices_command.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/exit_status.h"
#include "app/reporter.h"
#include "audio/devices.h"

namespace dsasr::app {

namespace {

std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string format_portaudio_devices(const std::vector<audio::DeviceInfo>& devices) {
  // index, default marker, name, host API, channels, default rate: tab-free and aligned, so
  // both people and `awk` can read it.
  std::string out = "INDEX  DEFAULT  CHANNELS  RATE_HZ  HOST_API  NAME\n";
  for (const audio::DeviceInfo& d : devices) {
    char line[512];
    std::snprintf(line, sizeof line, "%5d  %-7s  %8d  %7.0f  %-8s  %s\n", d.index,
                  d.is_default ? "*" : "", d.max_input_channels, d.default_sample_rate_hz,
                  d.host_api.c_str(), d.name.c_str());
    out += line;
  }
  return out;
}

}  // namespace

std::string format_sound_server_sources(const audio::PulseSnapshot& snapshot) {
  size_t name_width = 4;
  for (const audio::PulseSource& s : snapshot.sources) {
    name_width = std::max(name_width, s.name.size());
  }
  std::string out = "Sound server (" + snapshot.server +
                    ") sources; -d NAME records one, --system the monitor marked system:\n";
  out += "DEFAULT    KIND     CHANNELS  RATE_HZ  " + pad("NAME", name_width) + "  DESCRIPTION\n";
  for (const audio::PulseSource& s : snapshot.sources) {
    std::string mark;
    if (s.name == snapshot.default_source) mark = "*";
    if (audio::is_default_monitor(snapshot, s)) mark += mark.empty() ? "system" : ",system";
    char line[128];
    std::snprintf(line, sizeof line, "%-9s  %-7s  %8d  %7d  ", mark.c_str(),
                  s.monitor ? "monitor" : "input", s.channels, s.rate_hz);
    out += line + pad(s.name, name_width) + "  " + s.description + "\n";
  }
  return out;
}

int run_devices(Reporter& reporter) {
  auto devices = audio::list_input_devices();
  auto pulse = audio::query_pulse();
  const bool have_devices = devices && !devices->empty();
  if (!have_devices && !pulse) {
    // Neither PortAudio nor a sound server: PortAudio's error says most (a broken ALSA
    // configuration, no device); the server's absence follows with -v.
    util::Error error = devices ? audio::no_device_error() : devices.error();
    reporter.error("", error);
    reporter.info(1, pulse.error().message);
    return exit_status_for(error.kind);
  }
  std::string out;
  if (have_devices) {
    out = format_portaudio_devices(*devices);
  } else {
    reporter.warning("", devices ? audio::no_device_error().message : devices.error().message);
  }
  if (pulse) {
    if (!out.empty()) out += "\n";
    out += format_sound_server_sources(*pulse);
  } else {
    reporter.info(1, pulse.error().message);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitSuccess : kExitInternal;
}

}  // namespace dsasr::app
