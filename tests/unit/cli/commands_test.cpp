#include "cli/commands.h"

#include <catch2/catch.hpp>

namespace dsasr::cli {
namespace {

TEST_CASE("commands are found by name and by value", "[commands]") {
  REQUIRE(find_command("file"));
  CHECK(find_command("file")->command == Command::kFile);
  CHECK(find_command(Command::kModels)->name == "models");
  CHECK(find_command("help")->arguments == "[COMMAND]");
  CHECK(find_command("mic")->command == Command::kMic);
  CHECK(find_command("mic")->arguments.empty());
  CHECK(find_command(Command::kDevices)->name == "devices");
  CHECK(find_command("nope") == nullptr);
  CHECK(find_command(Command::kNone) == nullptr);
  for (const CommandSpec& c : all_commands()) {
    CHECK_FALSE(c.summary.empty());
    CHECK_FALSE(c.description.empty());
  }
}

}  // namespace
}  // namespace dsasr::cli
