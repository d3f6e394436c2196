#include "app/devices_command.h"

#include <catch2/catch.hpp>
#include <string>

namespace dsasr::app {
namespace {

TEST_CASE("devices lists the sound server's sources, marking the default and the monitor",
          "[devices_command]") {
  audio::PulseSnapshot s;
  s.server = "pulseaudio 16.1";
  s.default_source = "mic_in";
  s.default_sink = "speakers";
  s.sinks = {{"speakers", "Speakers", "speakers.monitor"}};
  s.sources = {{"speakers.monitor", "Monitor of Speakers", true, "speakers", 48000, 2},
               {"mic_in", "USB Microphone", false, "", 16000, 1}};
  CHECK(format_sound_server_sources(s) ==
        "Sound server (pulseaudio 16.1) sources; -d NAME records one, --system the monitor "
        "marked system:\n"
        "DEFAULT    KIND     CHANNELS  RATE_HZ  NAME              DESCRIPTION\n"
        "system     monitor         2    48000  speakers.monitor  Monitor of Speakers\n"
        "*          input           1    16000  mic_in            USB Microphone\n");
}

TEST_CASE("a source that is both the default and the default sink's monitor has both marks",
          "[devices_command]") {
  audio::PulseSnapshot s;
  s.server = "x";
  s.default_source = "vspk.monitor";
  s.default_sink = "vspk";
  s.sources = {{"vspk.monitor", "Monitor", true, "vspk", 16000, 1}};
  const std::string out = format_sound_server_sources(s);
  CHECK(out.find("\n*,system   monitor ") != std::string::npos);
}

}  // namespace
}  // namespace dsasr::app
