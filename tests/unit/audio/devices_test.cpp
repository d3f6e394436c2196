#include "audio/devices.h"

#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

DeviceInfo device(int index, std::string name, bool is_default = false) {
  DeviceInfo d;
  d.index = index;
  d.name = std::move(name);
  d.host_api = "ALSA";
  d.max_input_channels = 2;
  d.default_sample_rate_hz = 48000.0;
  d.is_default = is_default;
  return d;
}

const std::vector<DeviceInfo>& some_devices() {
  static const std::vector<DeviceInfo> devices = {
      device(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)"),
      device(2, "USB Mic: Audio (hw:1,0)"),
      device(3, "pulse"),
      device(5, "default", true),
      device(6, "fakemic"),
      device(7, "fakemic_raw")};
  return devices;
}

TEST_CASE("No selector picks the default input device, else the first one", "[devices]") {
  CHECK(*choose_device(some_devices(), std::nullopt) == 5);
  const std::vector<DeviceInfo> no_default = {device(4, "a"), device(9, "b")};
  CHECK(*choose_device(no_default, std::nullopt) == 4);
}

TEST_CASE("A number selects the device with that index", "[devices]") {
  CHECK(*choose_device(some_devices(), std::string("2")) == 2);
  CHECK(*choose_device(some_devices(), std::string("07")) == 7);
  const auto missing = choose_device(some_devices(), std::string("1"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == util::ErrorKind::kInput);
  CHECK(missing.error().message.find("index 1") != std::string::npos);
  CHECK(missing.error().message.find("[2] 'USB Mic: Audio (hw:1,0)'") != std::string::npos);
  CHECK_FALSE(choose_device(some_devices(), std::string("99999999999999999999")));
}

TEST_CASE("An exact name wins over substring matches", "[devices]") {
  CHECK(*choose_device(some_devices(), std::string("fakemic")) == 6);
  CHECK(*choose_device(some_devices(), std::string("pulse")) == 3);
}

TEST_CASE("A unique case-insensitive substring selects a device", "[devices]") {
  CHECK(*choose_device(some_devices(), std::string("usb mic")) == 2);
  CHECK(*choose_device(some_devices(), std::string("ALC257")) == 0);
  CHECK(*choose_device(some_devices(), std::string("_RAW")) == 7);
}

TEST_CASE("An ambiguous substring is an input error naming the candidates", "[devices]") {
  const auto result = choose_device(some_devices(), std::string("FAKEMIC"));
  REQUIRE_FALSE(result);
  CHECK(result.error().kind == util::ErrorKind::kInput);
  CHECK(result.error().message ==
        "'FAKEMIC' matches several capture devices: [6] 'fakemic', [7] 'fakemic_raw'");
  CHECK_FALSE(result.error().hint.empty());
}

TEST_CASE("Several devices with the same exact name are ambiguous", "[devices]") {
  const std::vector<DeviceInfo> twins = {device(1, "Mic"), device(4, "Mic"), device(5, "Mic 2")};
  const auto result = choose_device(twins, std::string("Mic"));
  REQUIRE_FALSE(result);
  CHECK(result.error().message == "several capture devices are named 'Mic': [1] 'Mic', [4] 'Mic'");
}

TEST_CASE("No match is an input error listing every device", "[devices]") {
  const auto result = choose_device(some_devices(), std::string("bluetooth"));
  REQUIRE_FALSE(result);
  CHECK(result.error().kind == util::ErrorKind::kInput);
  CHECK(result.error().message.find("no capture device matches 'bluetooth'") == 0);
  CHECK(result.error().message.find("[7] 'fakemic_raw'") != std::string::npos);
}

TEST_CASE("No devices at all is a clear input error", "[devices]") {
  const auto result = choose_device({}, std::nullopt);
  REQUIRE_FALSE(result);
  CHECK(result.error().kind == util::ErrorKind::kInput);
  CHECK(result.error().message == "no audio capture device found");
  CHECK(result.error().hint.find("ALSA or PulseAudio") != std::string::npos);
  CHECK_FALSE(choose_device({}, std::string("0")));
}

// --- through PortAudio, with the self-contained ALSA configs in tests/alsa/ ---

void use_alsa_config(const std::string& config) {
  REQUIRE(setenv("ALSA_CONFIG_PATH", config.c_str(), 1) == 0);
  REQUIRE(setenv("FAKEMIC_FILE", "/dev/zero", 1) == 0);
  REQUIRE(setenv("FAKEMIC_FILE2", "/dev/zero", 1) == 0);
}

TEST_CASE("The fake ALSA microphone is the one and only capture device", "[devices][alsa]") {
  use_alsa_config(DSASR_SOURCE_DIR "/tests/alsa/fakemic.conf");
  const auto devices = list_input_devices();
  REQUIRE(devices.ok());
  REQUIRE(devices->size() == 1);
  const DeviceInfo& mic = devices->front();
  CHECK(mic.index == 0);
  CHECK(mic.name == "default");
  CHECK(mic.host_api == "ALSA");
  CHECK(mic.max_input_channels >= 1);
  CHECK(mic.default_sample_rate_hz > 0);
  CHECK(mic.is_default);

  CHECK(*resolve_device(std::nullopt) == 0);
  CHECK(*resolve_device(std::string("0")) == 0);
  CHECK(*resolve_device(std::string("default")) == 0);
  CHECK(*resolve_device(std::string("FAUL")) == 0);
  const auto missing = resolve_device(std::string("3"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message ==
        "no capture device has index 3 (capture devices: [0] 'default')");
  CHECK_FALSE(resolve_device(std::string("usb")));
}

TEST_CASE("Devices are resolved by index, exact name and unique substring", "[devices][alsa]") {
  use_alsa_config(DSASR_SOURCE_DIR "/tests/alsa/fakemic-multi.conf");
  const auto devices = list_input_devices();
  REQUIRE(devices.ok());
  int fakemic = -1;
  int fakemic_raw = -1;
  for (const auto& d : *devices) {
    if (d.name == "fakemic") fakemic = d.index;
    if (d.name == "fakemic_raw") fakemic_raw = d.index;
  }
  REQUIRE(fakemic >= 0);
  REQUIRE(fakemic_raw >= 0);
  CHECK(*resolve_device(std::string("fakemic")) == fakemic);
  CHECK(*resolve_device(std::string("Mic_R")) == fakemic_raw);
  CHECK(*resolve_device(std::to_string(fakemic_raw)) == fakemic_raw);
  const auto ambiguous = resolve_device(std::string("FakeMic"));
  REQUIRE_FALSE(ambiguous);
  CHECK(ambiguous.error().kind == util::ErrorKind::kInput);
  CHECK(ambiguous.error().message.find("'fakemic'") != std::string::npos);
  CHECK(ambiguous.error().message.find("'fakemic_raw'") != std::string::npos);
}

TEST_CASE("A machine without capture devices gets the no-device error", "[devices][alsa]") {
  if (access("/dev/snd", F_OK) == 0 || access("/dev/dsp", F_OK) == 0) {
    WARN("skipped: this machine has sound devices");
    return;
  }
  testing::TempDir dir;
  // ALSA's default device on a sound card that does not exist (an empty config instead trips an
  // assertion in PortAudio 19.6's ALSA device enumeration).
  const std::string config = dir.file("no-card.conf");
  const std::string text = "pcm.!default { type hw card 0 }\n";
  testing::write_bytes(config, std::vector<uint8_t>(text.begin(), text.end()));
  use_alsa_config(config);
  const auto devices = list_input_devices();
  REQUIRE(devices.ok());
  CHECK(devices->empty());
  const auto chosen = resolve_device(std::nullopt);
  REQUIRE_FALSE(chosen);
  CHECK(chosen.error().message == "no audio capture device found");
}

}  // namespace
}  // namespace dsasr::audio
