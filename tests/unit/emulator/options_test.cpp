#include "emulator/options.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("Options parse with defaults", "[options]") {
  auto o = parse_options({});
  REQUIRE(o.ok());
  CHECK(o->host == "127.0.0.1");
  CHECK(o->port == 0);
  CHECK(o->time_scale == 1.0);
  auto all = parse_options({"--host", "::1", "--port=8080", "--api-key", "k", "--script", "s.txt",
                            "--time-scale", "0.01", "--log", "-", "--tls", "c.pem", "k.pem", "-v"});
  REQUIRE(all.ok());
  CHECK(all->host == "::1");
  CHECK(all->port == 8080);
  CHECK(*all->api_key == "k");
  CHECK(*all->script_path == "s.txt");
  CHECK(all->time_scale == Approx(0.01));
  CHECK(*all->log_path == "-");
  CHECK(*all->tls_cert == "c.pem");
  CHECK(*all->tls_key == "k.pem");
  CHECK(all->verbose);
}

TEST_CASE("Bad options are usage errors that never echo the key", "[options]") {
  for (auto args : std::vector<std::vector<std::string>>{{"--port", "70000"},
                                                         {"--port"},
                                                         {"--time-scale", "0"},
                                                         {"--tls", "only-cert"},
                                                         {"--bogus"},
                                                         {"--api-key", ""}}) {
    auto o = parse_options(args);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().kind == util::ErrorKind::kUsage);
  }
  CHECK(usage_text().find("--time-scale") != std::string::npos);
}

}  // namespace
}  // namespace dsasr::emulator
