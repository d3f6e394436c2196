#include "cli/environment.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

namespace dsasr::cli {
namespace {

std::string temp_dir() {
  std::string tmpl = "/tmp/dsasr-cli-env-XXXXXX";
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  return tmpl;
}

TEST_CASE("the system environment reads variables", "[environment]") {
  ::setenv("DSASR_CLI_TEST_VAR", "value 1", 1);
  ::unsetenv("DSASR_CLI_TEST_UNSET");
  const Environment& env = system_environment();
  CHECK(env.get("DSASR_CLI_TEST_VAR") == std::optional<std::string>("value 1"));
  CHECK_FALSE(env.get("DSASR_CLI_TEST_UNSET"));
  CHECK(env.home_dir().has_value());
}

TEST_CASE("the system environment reads files and tells files from directories", "[environment]") {
  const Environment& env = system_environment();
  std::string dir = temp_dir();
  std::string file = dir + "/key";
  { std::ofstream(file) << "sk-abc\n"; }
  auto text = env.read_file(file);
  REQUIRE(text.ok());
  CHECK(*text == "sk-abc\n");
  CHECK(env.path_kind(file) == PathKind::kFile);
  CHECK(env.path_kind(dir) == PathKind::kDirectory);
  CHECK(env.path_kind(dir + "/missing") == PathKind::kMissing);

  auto missing = env.read_file(dir + "/missing");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "No such file or directory");
  auto directory = env.read_file(dir);
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().message == "is a directory");

  std::remove(file.c_str());
  ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace dsasr::cli
