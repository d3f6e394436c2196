// The libwebsockets shell of dsasr-emulator: one lws context with one vhost and one protocol
// callback, per-connection state, lws_sul timers, and WebSocket writes only from SERVER_WRITEABLE
// (refused upgrades are answered from the HTTP callbacks, before any WebSocket exists).
// server.cpp and connection.h/.cpp are the only emulator files that include libwebsockets.h.
// Everything runs on the thread that calls run(); only request_stop() may be called from
// elsewhere (the signal handler).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "emulator/event_log.h"
#include "emulator/options.h"
#include "emulator/shared_state.h"
#include "util/result.h"

struct lws_context;

namespace dsasr::emulator {

class Server {
 public:
  Server(const Options& options, SharedState& shared, EventLog& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Creates the context and the listening vhost. Returns the bound port.
  util::Result<int> start();
  // Serves until request_stop(); closes every connection on return.
  void run();
  // Async-signal-safe: sets a flag and wakes the loop.
  void request_stop();

  // For the callback (event-loop thread only).
  const Options& options() const { return options_; }
  SharedState& shared() { return shared_; }
  EventLog& log() { return log_; }
  int next_connection_number() { return ++connections_; }

 private:
  const Options& options_;
  SharedState& shared_;
  EventLog& log_;
  lws_context* context_ = nullptr;
  int connections_ = 0;
  std::atomic<bool> stop_{false};
};

}  // namespace dsasr::emulator
