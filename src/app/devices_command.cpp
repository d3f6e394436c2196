#include "app/devices_command.h"

#include <cstdio>
#include <string>

#include "app/exit_status.h"
#include "app/reporter.h"
#include "audio/devices.h"

namespace dsasr::app {

int run_devices(Reporter& reporter) {
  auto devices = audio::list_input_devices();
  if (!devices) {
    reporter.error("", devices.error());
    return exit_status_for(devices.error().kind);
  }
  if (devices->empty()) {
    util::Error none = audio::no_device_error();
    reporter.error("", none);
    return exit_status_for(none.kind);
  }
  // index, default marker, name, host API, channels, default rate: tab-free and aligned, so
  // both people and `awk` can read it.
  std::string out = "INDEX  DEFAULT  CHANNELS  RATE_HZ  HOST_API  NAME\n";
  for (const audio::DeviceInfo& d : *devices) {
    char line[512];
    std::snprintf(line, sizeof line, "%5d  %-7s  %8d  %7.0f  %-8s  %s\n", d.index,
                  d.is_default ? "*" : "", d.max_input_channels, d.default_sample_rate_hz,
                  d.host_api.c_str(), d.name.c_str());
    out += line;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitSuccess : kExitInternal;
}

}  // namespace dsasr::app
