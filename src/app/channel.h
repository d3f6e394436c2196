// Channel: a session's current connection on a net::Transport.
//
// Each connect() opens a new connection and abandons the previous one: the transport may still
// deliver that one's late events (its close, a message already read), and the channel drops them
// — only the current connection's events reach the owner. drop() ends the current connection
// (a close frame, or at once) and makes whatever it still delivers late. The destructor aborts it
// and detaches every connection the channel made, so none calls back into a destroyed owner.
//
// Frames of protocol::Output go out in order; a burst of them can be corked into one send().
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/transport.h"
#include "protocol/machine.h"
#include "util/result.h"

namespace dsasr::app {

class Reporter;

class Channel {
 public:
  // `owner` receives the current connection's events; `log_name` prefixes -vvv message logs.
  Channel(net::Transport& transport, net::ConnectionHandler& owner, Reporter& reporter,
          std::string log_name);
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel();

  // Abandons the current connection (if any) and opens a new one. An error: it failed at once
  // (a host name that does not resolve); the owner gets no event for it.
  util::Status connect(const net::ConnectRequest& request);
  bool connected() const { return conn_.has_value(); }
  // Counts connections: an owner that compares it before and after a call knows whether that
  // call replaced or dropped the connection.
  int generation() const { return generation_; }

  // Sends out.frames and clears them (dropped when not connected).
  void send(protocol::Output& out);
  // Frames waiting in the transport (0 when not connected).
  size_t queued() const;
  // Holds back the socket writes of the sends until uncork() (one send() for a burst).
  void cork();
  void uncork();

  // Ends the current connection: a close frame after the queued ones, or (abort) at once.
  void drop(bool abort);

 private:
  class Link;
  void event(int generation, const std::function<void()>& deliver);

  net::Transport& transport_;
  net::ConnectionHandler& owner_;
  Reporter& reporter_;
  std::string log_name_;
  std::optional<net::ConnectionId> conn_;
  int generation_ = 0;
  std::vector<std::unique_ptr<Link>> links_;  // one per connection made (tiny; kept to the end)
};

}  // namespace dsasr::app
