// dsasr-emulator's command line (see dsasr-emulator(1)). Parsed by hand: the emulator is a test
// tool with a dozen options and must not share the client's option table. Pure; main thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace dsasr::emulator {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = any free port
  std::optional<std::string> api_key;
  std::optional<std::string> script_path;
  double time_scale = 1.0;
  std::optional<std::string> log_path;  // "-" = stderr
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
  bool verbose = false;
  bool help = false;
  bool version = false;
};

// Parses argv[1..]. Errors are one-line usage messages (exit status 2).
util::Result<Options> parse_options(const std::vector<std::string>& args);

// The --help text.
std::string usage_text();

}  // namespace dsasr::emulator
