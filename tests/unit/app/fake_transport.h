// FakeTransport: a net::Transport that records everything a session asks of it — connections
// with their headers, every frame, closes and aborts, timers — and lets a test deliver the
// events (open, a message, a drop) and run timers on a FakeClock. Modelled on ninja's
// FakeCommandRunner: the orchestrator runs for real, nothing else does.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/transport.h"
#include "stream/clock.h"

namespace dsasr::testing {

class FakeTransport final : public net::Transport {
 public:
  struct Frame {
    bool text = false;
    std::string data;
  };
  struct Connection {
    net::ConnectRequest request;
    net::ConnectionHandler* handler = nullptr;
    std::vector<Frame> frames;
    bool close_requested = false;
    bool aborted = false;
    bool ended = false;  // on_close delivered
  };

  explicit FakeTransport(stream::FakeClock& clock) : clock_(clock) {}

  // --- net::Transport ---
  util::Result<net::ConnectionId> connect(const net::ConnectRequest& request,
                                          net::ConnectionHandler* handler) override {
    connections.push_back({request, handler, {}, false, false, false});
    return static_cast<net::ConnectionId>(connections.size());
  }
  void send_text(net::ConnectionId id, std::string data) override {
    conn(id).frames.push_back({true, std::move(data)});
  }
  void send_binary(net::ConnectionId id, std::string data) override {
    conn(id).frames.push_back({false, std::move(data)});
  }
  size_t queued(net::ConnectionId) const override { return queued_frames; }
  void cork(net::ConnectionId) override { ++corks; }
  void uncork(net::ConnectionId) override {}
  void close(net::ConnectionId id, int, std::string) override { conn(id).close_requested = true; }
  void abort(net::ConnectionId id) override { conn(id).aborted = true; }
  void detach(net::ConnectionHandler* handler) override {
    for (Connection& c : connections) {
      if (c.handler == handler) c.handler = nullptr;
    }
  }
  net::TimerId schedule(std::chrono::microseconds delay, std::function<void()> fn) override {
    const net::TimerId id = ++last_timer_;
    timers_[id] = {clock_.now() + std::max(delay, std::chrono::microseconds(1)), std::move(fn)};
    return id;
  }
  void cancel(net::TimerId id) override { timers_.erase(id); }

  // --- driving the session ---
  Connection& conn(net::ConnectionId id) { return connections.at(id - 1); }
  Connection& last() { return connections.back(); }
  net::ConnectionId last_id() const { return static_cast<net::ConnectionId>(connections.size()); }

  void open(net::ConnectionId id) {
    if (auto* h = conn(id).handler) h->on_open();
  }
  void receive(net::ConnectionId id, const std::string& message) {
    if (auto* h = conn(id).handler) h->on_text(message);
  }
  void end(net::ConnectionId id, net::CloseInfo info) {
    Connection& c = conn(id);
    if (c.ended) return;
    c.ended = true;
    if (auto* h = c.handler) h->on_close(info);
  }

  // Timers pending, and the delay of the next one.
  size_t pending_timers() const { return timers_.size(); }
  std::optional<stream::Duration> next_timer_in() const {
    if (timers_.empty()) return std::nullopt;
    return earliest()->second.due - clock_.now();
  }
  // Runs every timer due now (and those they schedule for now), in order. Returns how many ran.
  int run_due() {
    int ran = 0;
    for (;;) {
      auto it = earliest();
      if (it == timers_.end() || it->second.due > clock_.now()) return ran;
      std::function<void()> fn = std::move(it->second.fn);
      timers_.erase(it);
      fn();
      ++ran;
    }
  }
  // Moves the clock to the next timer and runs what is due then. False when there is none.
  bool fire_next() {
    auto it = earliest();
    if (it == timers_.end()) return false;
    clock_.set(it->second.due);
    run_due();
    return true;
  }

  std::vector<Connection> connections;
  size_t queued_frames = 0;
  int corks = 0;

 private:
  struct Timer {
    stream::TimePoint due;
    std::function<void()> fn;
  };
  std::map<net::TimerId, Timer>::const_iterator earliest() const {
    return std::min_element(timers_.begin(), timers_.end(), [](const auto& a, const auto& b) {
      return a.second.due < b.second.due || (a.second.due == b.second.due && a.first < b.first);
    });
  }
  std::map<net::TimerId, Timer>::iterator earliest() {
    return std::min_element(timers_.begin(), timers_.end(), [](const auto& a, const auto& b) {
      return a.second.due < b.second.due || (a.second.due == b.second.due && a.first < b.first);
    });
  }

  stream::FakeClock& clock_;
  net::TimerId last_timer_ = 0;
  std::map<net::TimerId, Timer> timers_;
};

}  // namespace dsasr::testing
