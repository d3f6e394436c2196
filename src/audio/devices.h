// Capture devices: listing them (dsasr devices) and choosing one from -d NAME|INDEX (dsasr mic).
//
// Indices are PortAudio device indices, the same numbers `dsasr devices` prints; only devices
// with at least one input channel are listed. Choosing (choose_device, pure): no selector means
// the default input device (else the first one listed); a selector of digits is an index; any
// other selector is an exact name, else a case-insensitive substring that matches exactly one
// device. Every failure is a one-line kInput error that names the candidates, so the user can pick
// one.
//
// Threads. list_input_devices() and resolve_device() initialise PortAudio (PortAudioLibrary) and
// may be called from any thread but an audio callback; choose_device() is pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/result.h"

namespace dsasr::audio {

class PortAudioLibrary;

struct DeviceInfo {
  int index = -1;                       // PortAudio device index
  std::string name;                     // as the host API names it, e.g. "default", "USB Mic: ..."
  std::string host_api;                 // "ALSA", "OSS", "JACK Audio Connection Kit"
  int max_input_channels = 0;           // >= 1
  double default_sample_rate_hz = 0.0;  // what the device prefers; dsasr may open another rate
  bool is_default = false;              // PortAudio's default input device
};

// All capture devices, in index order. An empty list is not an error (a machine without a sound
// card); dsasr devices can print no_device_error()'s text for it.
util::Result<std::vector<DeviceInfo>> list_input_devices();

// The same, with PortAudio already initialised by the caller (the guard proves it).
std::vector<DeviceInfo> list_input_devices(const PortAudioLibrary& initialized);

// The device index for -d NAME|INDEX (nullopt: the default device), see the rules above.
util::Result<int> resolve_device(const std::optional<std::string>& name_or_index);

// Pure: the same choice among `devices` (tests pass hand-made lists).
util::Result<int> choose_device(const std::vector<DeviceInfo>& devices,
                                const std::optional<std::string>& name_or_index);

// kInput "no audio capture device found", with a hint about ALSA/PulseAudio.
util::Error no_device_error();

}  // namespace dsasr::audio
