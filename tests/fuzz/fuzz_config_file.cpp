// Fuzzes the configuration file: cli::parse_config_file on the input as the file's text (toml++
// and the key and type checks after it), then the whole of `dsasr file`, `dsasr config` and
// `dsasr doctor` with that file in place (layering under the environment and the command line,
// then resolution), in a fake environment with an API key.
//
// Contract checked: nothing crashes or throws; a refused file is a kUsage error whose message
// starts with "PATH:LINE: " (line at least 1); every accepted key is a configurable option; the
// API key from the environment never appears in an error or in `dsasr config`'s text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config_file.h"
#include "cli/environment.h"
#include "cli/parse.h"
#include "fuzz_environment.h"
#include "fuzz_support.h"

namespace {

using namespace dsasr;

constexpr const char* kPath = "/home/u/.config/dsasr/config.toml";
constexpr const char* kSecretKey = "sk-fuzzconfigsecret0123456789";

using fuzz::FakeEnvironment;

bool starts_with_location(const std::string& message) {
  const std::string prefix = std::string(kPath) + ":";
  if (message.rfind(prefix, 0) != 0) return false;
  std::size_t i = prefix.size();
  long line = 0;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9') {
    line = line * 10 + (message[i] - '0');
    if (line > 100000000) return false;
    ++i;
  }
  return line >= 1 && message.compare(i, 2, ": ") == 0;
}

void run(const FakeEnvironment& env, std::vector<const char*> argv, bool file_ok) {
  std::string text;
  auto config = cli::parse(static_cast<int>(argv.size()), argv.data(), env, &text);
  if (!config.ok()) {
    fuzz::check(config.error().kind == util::ErrorKind::kUsage, "a non-usage error",
                config.error().message);
    fuzz::check(config.error().message.find(kSecretKey) == std::string::npos &&
                    config.error().hint.find(kSecretKey) == std::string::npos,
                "the API key appears in an error", config.error().message);
    return;
  }
  fuzz::check(file_ok, "a refused file was accepted by parse()");
  fuzz::check(text.find(kSecretKey) == std::string::npos, "the API key appears in the text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto file = cli::parse_config_file(text, kPath);
  if (!file.ok()) {
    fuzz::check(file.error().kind == util::ErrorKind::kUsage, "a non-usage error",
                file.error().message);
    fuzz::check(starts_with_location(file.error().message), "an error without PATH:LINE",
                file.error().message);
  } else {
    auto check_settings = [](const std::vector<cli::ConfigSetting>& settings) {
      for (const cli::ConfigSetting& s : settings) {
        fuzz::check(cli::configurable(cli::option(s.id)), "a key that is not configurable");
        fuzz::check(s.line >= 1, "a setting without a line");
        fuzz::check(s.count >= 0, "a negative count");
      }
    };
    check_settings(file->top);
    for (const auto& [name, profile] : file->profiles) check_settings(profile.settings);
  }

  FakeEnvironment env;
  env.home = "/home/u";
  env.directories = {"/home/u", "/tmp"};
  env.vars["DASHSCOPE_API_KEY"] = kSecretKey;
  env.files[kPath] = text;
  env.files["/home/u/a.wav"] = "RIFF";
  const bool has_profile = file.ok() && file->profiles.count("p") > 0;
  run(env, {"dsasr", "file", "/home/u/a.wav"}, file.ok());
  run(env, {"dsasr", "config"}, file.ok());
  run(env, {"dsasr", "doctor", "--profile", "p"}, has_profile);
  run(env, {"dsasr", "mic", "--profile", "p", "-v"}, has_profile);
  return 0;
}
