// The WebSocket client transport: the only part of dsasr that includes libwebsockets.h.
//
// Threading: a Client is created, used and destroyed on one thread, the service thread, which
// runs run(). Everything here must be called from that thread, except wake(), which any thread
// may call (it is lws_cancel_service(), the one thread-safe lws call). Handlers and timer
// callbacks run on the service thread, inside run(); they may call back into the Client.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/timer_queue.h"
#include "net/transport.h"
#include "net/url.h"
#include "util/result.h"

namespace dsasr::net {

// TLS (OpenSSL's client context and the CA store) is set up by the first wss:// connect(), so
// a run that only uses ws:// never pays for it.
struct ClientOptions {
  std::optional<std::string> ca_file;  // added to the system store (SSL_CERT_FILE/_DIR honoured)
  bool insecure = false;               // skip certificate checks (tests only)
  int verbosity = 0;                   // >= 2 routes libwebsockets' own log to stderr
};

class Client final : public Transport {
 public:
  static util::Result<std::unique_ptr<Client>> create(const ClientOptions& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Starts connecting; `handler` must outlive the connection (until on_close). A failure that
  // lws reports synchronously (e.g. the host name does not resolve, or TLS cannot be set up
  // for the first wss:// URL) is returned here and no handler call follows.
  util::Result<ConnectionId> connect(const ConnectRequest& request,
                                     ConnectionHandler* handler) override;

  // Sends a message as one frame. On an idle connection (open, nothing queued, the socket
  // writable) it is written at once; otherwise it is queued and written, in order, as the
  // socket drains. Messages sent before on_open are queued until then.
  void send_text(ConnectionId id, std::string data) override;
  void send_binary(ConnectionId id, std::string data) override;
  // Frames queued and not yet written. A frame written at once never counts here, though the
  // kernel (or lws, for the part of a frame the socket did not take) may still hold its bytes.
  size_t queued(ConnectionId id) const override;
  // Corking: between cork() and the matching uncork() (they nest), frames that would be written
  // at once are framed into one buffer instead and written together by the last uncork() (or
  // every few frames), so a burst of audio chunks costs one send() rather than one each.
  // Order is kept; nothing changes for frames that would have been queued anyway.
  void cork(ConnectionId id) override;
  void uncork(ConnectionId id) override;

  // Sends a close frame after the queued frames; on_close follows with kLocalClose (or what the
  // server answered).
  void close(ConnectionId id, int code = 1000, std::string reason = "bye") override;
  // Drops the connection at once, without a close frame.
  void abort(ConnectionId id) override;
  // Drops every connection of `handler` and never calls it again: for a handler about to be
  // destroyed (an input's session ending while its last connection is still closing).
  void detach(ConnectionHandler* handler) override;

  // Runs `fn` on the service thread after `delay` (never before, and normally within 100 us
  // after; timers due at the same time run in the order they were scheduled). A timer scheduled by
  // a timer callback runs in a later pass of the loop. Cancelling a fired or unknown timer is a
  // no-op; a callback may cancel any timer, itself included.
  TimerId schedule(std::chrono::microseconds delay, std::function<void()> fn) override;
  void cancel(TimerId id) override;

  // Runs the event loop until stop() is called (from the service thread, e.g. in a handler).
  void run();
  void stop();

  // Whether TLS has been set up, which only a wss:// connect() does (tests check that ws://
  // runs never pay for it).
  bool tls_initialized() const;

  // Any thread: wakes the service thread, which then calls the wake handler.
  void wake();
  void set_wake_handler(std::function<void()> fn);

  struct Impl;

 private:
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  bool insecure_ = false;
};

}  // namespace dsasr::net
