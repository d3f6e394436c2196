#include "audio/devices.h"

#include <portaudio.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "audio/mic_portaudio.h"

namespace dsasr::audio {

namespace {

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string describe(const DeviceInfo& device) {
  return "[" + std::to_string(device.index) + "] '" + device.name + "'";
}

// "[0] 'default', [2] 'USB Mic'" — the candidates a user can choose from, by index.
std::string list_of(const std::vector<const DeviceInfo*>& devices) {
  std::string out;
  for (const DeviceInfo* device : devices) {
    if (!out.empty()) out += ", ";
    out += describe(*device);
  }
  return out;
}

std::vector<const DeviceInfo*> all_of(const std::vector<DeviceInfo>& devices) {
  std::vector<const DeviceInfo*> out;
  for (const DeviceInfo& device : devices) out.push_back(&device);
  return out;
}

util::Error choice_error(std::string message) {
  return util::Error(util::ErrorKind::kInput, std::move(message),
                     "choose a device with -d INDEX; 'dsasr devices' lists them");
}

}  // namespace

util::Error no_device_error() {
  return util::Error(util::ErrorKind::kInput, "no audio capture device found",
                     "check that a microphone is connected and that ALSA or PulseAudio can see it "
                     "('dsasr devices', arecord -l, pactl list sources)");
}

std::vector<DeviceInfo> list_input_devices(const PortAudioLibrary& library) {
  const PortAudioApi& pa = library.api();
  std::vector<DeviceInfo> devices;
  const PaDeviceIndex default_input = pa.get_default_input_device();
  const PaDeviceIndex count = pa.get_device_count();
  for (PaDeviceIndex i = 0; i < count; ++i) {
    const PaDeviceInfo* info = pa.get_device_info(i);
    if (!info || info->maxInputChannels < 1) continue;
    const PaHostApiInfo* api = pa.get_host_api_info(info->hostApi);
    DeviceInfo device;
    device.index = i;
    device.name = info->name ? info->name : "";
    device.host_api = api && api->name ? api->name : "";
    device.max_input_channels = info->maxInputChannels;
    device.default_sample_rate_hz = info->defaultSampleRate;
    device.is_default = i == default_input;
    devices.push_back(std::move(device));
  }
  return devices;
}

util::Result<std::vector<DeviceInfo>> list_input_devices() {
  auto library = PortAudioLibrary::initialize();
  if (!library) return library.error();
  return list_input_devices(**library);
}

util::Result<int> resolve_device(const std::optional<std::string>& name_or_index) {
  auto devices = list_input_devices();
  if (!devices) return devices.error();
  return choose_device(*devices, name_or_index);
}

util::Result<int> choose_device(const std::vector<DeviceInfo>& devices,
                                const std::optional<std::string>& name_or_index) {
  if (devices.empty()) {
    util::Error none = no_device_error();
    if (name_or_index) none.message = "device '" + *name_or_index + "' not found: " + none.message;
    return none;
  }
  if (!name_or_index) {
    const auto it = std::find_if(devices.begin(), devices.end(),
                                 [](const DeviceInfo& d) { return d.is_default; });
    return it != devices.end() ? it->index : devices.front().index;
  }
  const std::string& wanted = *name_or_index;

  if (all_digits(wanted)) {
    // More than 9 digits cannot be an index (and would overflow stol).
    const long index = wanted.size() <= 9 ? std::stol(wanted) : -1;
    const auto it = std::find_if(devices.begin(), devices.end(),
                                 [&](const DeviceInfo& d) { return d.index == index; });
    if (it != devices.end()) return it->index;
    return choice_error("no capture device has index " + wanted +
                        " (capture devices: " + list_of(all_of(devices)) + ")");
  }

  // An exact name wins even when it is also a substring of other names ("fakemic" and
  // "fakemic_raw").
  std::vector<const DeviceInfo*> exact;
  for (const DeviceInfo& d : devices) {
    if (d.name == wanted) exact.push_back(&d);
  }
  if (exact.size() == 1) return exact.front()->index;
  if (exact.size() > 1) {
    return choice_error("several capture devices are named '" + wanted + "': " + list_of(exact));
  }

  const std::string needle = lowercase(wanted);
  std::vector<const DeviceInfo*> matches;
  for (const DeviceInfo& d : devices) {
    if (lowercase(d.name).find(needle) != std::string::npos) matches.push_back(&d);
  }
  if (matches.size() == 1) return matches.front()->index;
  if (matches.empty()) {
    return choice_error("no capture device matches '" + wanted +
                        "' (capture devices: " + list_of(all_of(devices)) + ")");
  }
  return choice_error("'" + wanted + "' matches several capture devices: " + list_of(matches));
}

}  // namespace dsasr::audio
