// One accepted WebSocket connection: its protocol session, outgoing queue, timers and faults.
// Created in LWS_CALLBACK_ESTABLISHED, destroyed in LWS_CALLBACK_CLOSED; event-loop thread only.
#pragma once

#include <libwebsockets.h>

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "emulator/action.h"
#include "emulator/duplex_session.h"
#include "emulator/handshake.h"
#include "emulator/message_faults.h"
#include "emulator/realtime_session.h"

namespace dsasr::emulator {

class Server;

class Connection {
 public:
  Connection(Server& server, lws* wsi, int number, HandshakeDecision decision, int ordinal);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Each returns what the lws callback should return (-1 closes the connection).
  int on_open();
  int on_receive(const void* in, size_t len);
  int on_writeable();
  // Returns what LWS_CALLBACK_WS_PEER_INITIATED_CLOSE should return (nonzero: no echo).
  int on_peer_close(const void* in, size_t len);
  void on_closed();

 private:
  struct Timer {
    lws_sorted_usec_list_t sul;  // first member: the sul callback casts back to Timer
    Connection* owner = nullptr;
    int index = 0;  // a TimerId, kReleaseTimer or kCloseWaitTimer
  };
  struct Frame {
    std::string bytes;
    int flags = 0;       // lws_write_protocol
    int64_t due_us = 0;  // lws_now_usecs() time before which it must not be sent (slow:F)
    bool first = true;   // first frame of a message: log it when it goes out
    std::string message;
  };
  struct PendingClose {
    int code = 1000;
    std::string reason;
  };

  static void timer_fired(lws_sorted_usec_list_t* sul);
  void on_timer(int index);
  void execute(Actions actions);
  void enqueue(const std::string& text, int64_t audio_ms);
  void schedule(int index, int64_t delay_us);
  void handle_message();

  Server& server_;
  lws* wsi_;
  int number_;
  HandshakeDecision decision_;
  std::unique_ptr<DuplexSession> duplex_;
  std::unique_ptr<RealtimeSession> realtime_;
  MessageFaults message_faults_;

  // Session timers, then the release timer (slow:F) and the close-handshake timer.
  static constexpr int kReleaseTimer = kTimerCount;
  static constexpr int kCloseWaitTimer = kTimerCount + 1;
  std::array<Timer, kTimerCount + 2> timers_{};
  std::deque<Frame> queue_;
  std::optional<PendingClose> close_;
  bool drop_ = false;
  bool close_sent_ = false;   // our close frame is out; waiting for the peer's
  bool force_close_ = false;  // the peer did not answer our close frame in time
  bool close_logged_ = false;
  int64_t clock_start_us_ = 0;

  std::string rx_;  // reassembly of a fragmented client message
  bool rx_binary_ = false;
};

}  // namespace dsasr::emulator
