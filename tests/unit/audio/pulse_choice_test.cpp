#include <catch2/catch.hpp>
#include <string>

#include "audio/pulse_sources.h"

namespace dsasr::audio {
namespace {

PulseSnapshot laptop() {
  PulseSnapshot s;
  s.server = "pulseaudio 16.1";
  s.default_source = "alsa_input.pci.analog-stereo";
  s.default_sink = "alsa_output.pci.analog-stereo";
  s.sinks = {{"alsa_output.pci.analog-stereo", "Built-in Audio Analog Stereo",
              "alsa_output.pci.analog-stereo.monitor"},
             {"bluez_sink.AA_BB.a2dp", "WH-1000XM4 Headphones", "bluez_sink.AA_BB.a2dp.monitor"},
             {"hdmi_out", "HDMI Audio Output", "hdmi_out.monitor"}};
  s.sources = {
      {"alsa_output.pci.analog-stereo.monitor", "Monitor of Built-in Audio", true,
       "alsa_output.pci.analog-stereo", 44100, 2},
      {"alsa_input.pci.analog-stereo", "Built-in Audio Analog Stereo", false, "", 44100, 2},
      {"bluez_sink.AA_BB.a2dp.monitor", "Monitor of WH-1000XM4", true, "bluez_sink.AA_BB.a2dp",
       48000, 2},
      {"hdmi_out.monitor", "Monitor of HDMI", true, "hdmi_out", 48000, 2}};
  return s;
}

TEST_CASE("system source: --system without a sink records the default sink's monitor", "[pulse]") {
  auto source = system_source(laptop(), std::nullopt);
  REQUIRE(source);
  CHECK(*source == "alsa_output.pci.analog-stereo.monitor");
  auto empty = system_source(laptop(), std::string());
  REQUIRE(empty);
  CHECK(*empty == *source);
}

TEST_CASE(
    "system source: --system=SINK takes a sink's exact name, a monitor's name or a unique "
    "substring",
    "[pulse]") {
  CHECK(*system_source(laptop(), std::string("hdmi_out")) == "hdmi_out.monitor");
  CHECK(*system_source(laptop(), std::string("hdmi_out.monitor")) == "hdmi_out.monitor");
  CHECK(*system_source(laptop(), std::string("headphones")) == "bluez_sink.AA_BB.a2dp.monitor");
  CHECK(*system_source(laptop(), std::string("BLUEZ")) == "bluez_sink.AA_BB.a2dp.monitor");
}

TEST_CASE("system source: --system=SINK that matches no sink or several names the sinks",
          "[pulse]") {
  auto none = system_source(laptop(), std::string("usb"));
  REQUIRE_FALSE(none);
  CHECK(none.error().kind == util::ErrorKind::kInput);
  CHECK(none.error().message ==
        "no sink matches 'usb' (sinks: 'alsa_output.pci.analog-stereo', "
        "'bluez_sink.AA_BB.a2dp', 'hdmi_out')");
  auto several = system_source(laptop(), std::string("out"));
  REQUIRE_FALSE(several);
  CHECK(several.error().message ==
        "'out' matches several sinks: 'alsa_output.pci.analog-stereo', 'hdmi_out'");
  // An input source is not a sink's monitor.
  CHECK_FALSE(system_source(laptop(), std::string("alsa_input.pci.analog-stereo")));
}

TEST_CASE("no default sink: --system says so", "[pulse]") {
  PulseSnapshot s = laptop();
  s.default_sink.clear();
  auto source = system_source(s, std::nullopt);
  REQUIRE_FALSE(source);
  CHECK(source.error().message.find("no default sink") != std::string::npos);
}

TEST_CASE("source by name: -d NAME finds a source only by its exact name", "[pulse]") {
  const PulseSnapshot s = laptop();
  REQUIRE(find_source(s, "hdmi_out.monitor"));
  CHECK(find_source(s, "hdmi_out.monitor")->monitor);
  CHECK(find_source(s, "hdmi") == nullptr);
  CHECK(find_source(s, "0") == nullptr);
}

TEST_CASE("the default source and the default sink's monitor", "[pulse]") {
  const PulseSnapshot s = laptop();
  CHECK(*default_source(s) == "alsa_input.pci.analog-stereo");
  CHECK(is_default_monitor(s, s.sources[0]));
  CHECK_FALSE(is_default_monitor(s, s.sources[1]));
  CHECK_FALSE(is_default_monitor(s, s.sources[2]));
  PulseSnapshot none = s;
  none.default_source = "gone";
  CHECK_FALSE(default_source(none));
}

TEST_CASE("no sound server: one kInput line with a hint", "[pulse]") {
  const util::Error e = no_sound_server_error("Connection refused");
  CHECK(e.kind == util::ErrorKind::kInput);
  CHECK(e.message == "no PulseAudio or PipeWire sound server is reachable: Connection refused");
  CHECK(e.hint.find("PULSE_SERVER") != std::string::npos);
}

}  // namespace
}  // namespace dsasr::audio
