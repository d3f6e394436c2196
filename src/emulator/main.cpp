// dsasr-emulator: a local DashScope-compatible realtime ASR server for tests.
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "emulator/event_log.h"
#include "emulator/options.h"
#include "emulator/server.h"
#include "emulator/shared_state.h"
#include "version.h"

namespace {

// The only process-wide state: what the signal handler needs to stop the loop.
dsasr::emulator::Server* g_server = nullptr;

void on_signal(int) {
  if (g_server) g_server->request_stop();
}

int fail(const std::string& message, int status) {
  std::fprintf(stderr, "dsasr-emulator: error: %s\n", message.c_str());
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dsasr::emulator;
  // 1. Options: bad ones are a usage error (exit 2).
  auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) return fail(options.error().message, 2);
  if (options->help) {
    std::fputs(usage_text().c_str(), stdout);
    return 0;
  }
  if (options->version) {
    std::printf("dsasr-emulator %s\n", dsasr::kVersion);
    return 0;
  }

  // 2. Shared state: the script and the fault counters.
  SharedState shared(std::random_device{}());
  shared.time_scale = options->time_scale;
  if (options->script_path) {
    auto script = Script::load(*options->script_path);
    if (!script) return fail(script.error().message, 2);
    shared.script = std::move(*script);
  }

  // 3. The log: a file, stderr, or nothing.
  std::FILE* log_file = nullptr;
  if (options->log_path) {
    log_file = *options->log_path == "-" ? stderr : std::fopen(options->log_path->c_str(), "w");
    if (!log_file) return fail("cannot open log file " + *options->log_path, 2);
  }
  EventLog log(log_file);

  // 4. Listen, and tell the caller where: the port is the first stdout line.
  Server server(*options, shared, log);
  auto port = server.start();
  if (!port) return fail(port.error().message + "; " + port.error().hint, 1);
  std::printf("%d\n", *port);
  std::fflush(stdout);

  // 5. Serve until SIGINT/SIGTERM.
  g_server = &server;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  server.run();
  g_server = nullptr;

  if (log_file && log_file != stderr) std::fclose(log_file);
  return 0;
}
