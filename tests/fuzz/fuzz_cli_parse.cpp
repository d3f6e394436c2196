// Fuzzes the command line: cli::parse_args and cli::parse (resolution included) with a fake
// environment. The input is split into arguments at NUL and newline bytes (argv[0] is "dsasr").
// Each command line is parsed in two environments: one with an API key, key file, context
// file, output directory and endpoint variable; one with nothing set and no home directory.
//
// Contract checked: parsing never crashes or throws; every failure is a kUsage error with a
// message; a syntax failure (parse_args) is also a failure of parse; the API key from the
// environment never appears in an error, in the printed text or in describe().
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/describe.h"
#include "cli/environment.h"
#include "cli/parse.h"
#include "fuzz_environment.h"
#include "fuzz_support.h"

namespace {

using namespace dsasr;

constexpr const char* kSecretKey = "sk-fuzzsecret0123456789abcdef";
constexpr const char* kFileKey = "sk-fuzzfilekey0123456789abcdef";

using fuzz::FakeEnvironment;

const FakeEnvironment& full_environment() {
  static const FakeEnvironment env = [] {
    FakeEnvironment e;
    e.vars["DASHSCOPE_API_KEY"] = kSecretKey;
    e.vars["DASHSCOPE_WEBSOCKET_BASE_URL"] = "ws://127.0.0.1:8765/api-ws/v1/inference";
    e.vars["NO_COLOR"] = "1";
    e.files["key.txt"] = std::string(kFileKey) + "\n";
    e.files["/home/u/.dashscope/api_key"] = std::string(kFileKey) + "\n";
    e.files["terms.txt"] = "DashScope\nParaformer\n";
    e.files["empty.txt"] = "";
    e.files["latin1.txt"] = "caf\xe9\n";
    e.files["audio.wav"] = "RIFF";
    e.files["ca.pem"] = "-----BEGIN CERTIFICATE-----\n";
    e.directories = {"out", "/tmp", "/home/u", "/home/u/.dashscope"};
    e.home = "/home/u";
    return e;
  }();
  return env;
}

const FakeEnvironment& empty_environment() {
  static const FakeEnvironment env;
  return env;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

void parse_in(const cli::Environment& env, const std::vector<const char*>& argv, bool syntax_ok,
              bool input_has_key) {
  std::string text;
  util::Result<cli::Config> config =
      cli::parse(static_cast<int>(argv.size()), argv.data(), env, &text);
  if (!syntax_ok) fuzz::check(!config.ok(), "parse() accepted what parse_args() refused");
  if (!config.ok()) {
    fuzz::check(config.error().kind == util::ErrorKind::kUsage,
                "parse() failed with a non-usage "
                "error",
                config.error().message);
    fuzz::check(!config.error().message.empty(), "parse() failed without a message");
  }
  if (input_has_key) return;  // the user typed the key themselves; it may be echoed
  for (const char* key : {kSecretKey, kFileKey}) {
    if (!config.ok()) {
      fuzz::check(!contains(config.error().message, key) && !contains(config.error().hint, key),
                  "the API key appears in an error", config.error().message);
    } else {
      fuzz::check(!contains(text, key), "the API key appears in the printed text");
      fuzz::check(!contains(cli::describe(*config), key), "the API key appears in describe()");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // std::string copies: argv strings must be NUL-terminated.
  std::vector<std::string> args;
  if (!input.empty()) {
    for (std::string_view part : fuzz::split(input, std::string_view("\0\n", 2))) {
      args.emplace_back(part);
    }
  }
  std::vector<const char*> argv{"dsasr"};
  for (const std::string& a : args) argv.push_back(a.c_str());

  util::Result<cli::ParsedArgs> parsed =
      cli::parse_args(static_cast<int>(argv.size()), argv.data());
  if (!parsed.ok()) {
    fuzz::check(parsed.error().kind == util::ErrorKind::kUsage,
                "parse_args() failed with a non-usage error", parsed.error().message);
    fuzz::check(!parsed.error().message.empty(), "parse_args() failed without a message");
  }
  const bool input_has_key = contains(input, "sk-fuzz");
  parse_in(full_environment(), argv, parsed.ok(), input_has_key);
  parse_in(empty_environment(), argv, parsed.ok(), input_has_key);
  return 0;
}
