// Transport: what a session needs of the WebSocket client — connect, send text and binary
// frames, close, timers — and the events it delivers (ConnectionHandler). net::Client is the
// real one (libwebsockets); tests drive whole sessions through a recording fake
// (tests/unit/app/fake_transport.h), the way ninja's build tests drive Builder through
// FakeCommandRunner.
//
// Threads: one thread (the service thread) calls everything and receives every event.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/timer_queue.h"
#include "net/url.h"
#include "util/result.h"

namespace dsasr::net {

// How a connection ended.
struct CloseInfo {
  enum class Kind {
    kClosed,         // the server closed the WebSocket (close frame); see code/reason
    kLocalClose,     // we closed it (close() or the Client was destroyed)
    kRefused,        // the upgrade was refused with an HTTP status (http_status)
    kConnectFailed,  // TCP/TLS/handshake failure before the upgrade (message)
    kDropped,        // the connection broke without a close frame
  };
  Kind kind = Kind::kDropped;
  int http_status = 0;  // kRefused
  int close_code = 0;   // kClosed: the peer's close code (1005 when none was given)
  std::string reason;   // kClosed: the peer's close reason
  std::string message;  // human-readable detail (lws's error text, TLS verification error)
  // kConnectFailed: the server's TLS certificate was not accepted (message says why); not worth
  // retrying, unlike a network failure.
  bool tls_rejected = false;
};

// Receives one connection's events. All calls on the service thread.
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  virtual void on_open() = 0;
  // One complete text message (fragments already reassembled).
  virtual void on_text(std::string_view message) = 0;
  // The send queue has room again (fewer than the low-water mark of frames queued).
  virtual void on_sent() {}
  // Called exactly once per connection, last. The handler may destroy itself afterwards
  // only if it no longer calls the Client with this connection id.
  virtual void on_close(const CloseInfo& info) = 0;
};

using ConnectionId = uint64_t;

struct ConnectRequest {
  Url url;
  std::vector<std::pair<std::string, std::string>> headers;  // name without ':', value
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Starts connecting; `handler` must outlive the connection (until on_close) or be detached.
  // A failure known at once (the host name does not resolve) is returned here, and no handler
  // call follows.
  virtual util::Result<ConnectionId> connect(const ConnectRequest& request,
                                             ConnectionHandler* handler) = 0;
  // One message as one frame, in order; queued until the connection is open and writable.
  virtual void send_text(ConnectionId id, std::string data) = 0;
  virtual void send_binary(ConnectionId id, std::string data) = 0;
  // Frames queued and not yet written.
  virtual size_t queued(ConnectionId id) const = 0;
  // Between cork() and the matching uncork() (they nest), frames are gathered and written
  // together.
  virtual void cork(ConnectionId id) = 0;
  virtual void uncork(ConnectionId id) = 0;
  // A close frame after the queued frames; on_close follows.
  virtual void close(ConnectionId id, int code = 1000, std::string reason = "bye") = 0;
  // Drops the connection at once, without a close frame; on_close follows.
  virtual void abort(ConnectionId id) = 0;
  // Drops every connection of `handler` and never calls it again.
  virtual void detach(ConnectionHandler* handler) = 0;
  // Runs `fn` on the service thread after `delay`; a timer scheduled by a timer callback runs in
  // a later pass. Cancelling a fired or unknown timer is a no-op.
  virtual TimerId schedule(std::chrono::microseconds delay, std::function<void()> fn) = 0;
  virtual void cancel(TimerId id) = 0;
};

}  // namespace dsasr::net
