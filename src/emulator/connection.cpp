#include "emulator/connection.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

#include "emulator/server.h"

namespace dsasr::emulator {
namespace {

// How long to wait for the client to answer our close frame before closing the socket.
constexpr int64_t kCloseWaitMs = 3000;

// lws 4.1 keeps its close opcode (4) out of the public enum ("handled by lws_close_reason()"),
// but lws_write() frames it like PING/PONG; see the comment in on_writeable().
constexpr auto kWriteClose = static_cast<lws_write_protocol>(4);

}  // namespace

Connection::Connection(Server& server, lws* wsi, int number, HandshakeDecision decision,
                       int ordinal)
    : server_(server),
      wsi_(wsi),
      number_(number),
      decision_(std::move(decision)),
      message_faults_(decision_.faults) {
  for (size_t i = 0; i < timers_.size(); ++i) {
    timers_[i].owner = this;
    timers_[i].index = static_cast<int>(i);
  }
  if (decision_.endpoint == Endpoint::kDuplex) {
    duplex_ = std::make_unique<DuplexSession>(server_.shared(), decision_.faults, ordinal);
  } else {
    realtime_ = std::make_unique<RealtimeSession>(server_.shared(), decision_.model,
                                                  decision_.faults, ordinal);
  }
}

Connection::~Connection() {
  // A sul left scheduled would call back into freed memory.
  for (Timer& t : timers_) lws_sul_cancel(&t.sul);
}

int Connection::on_open() {
  execute(duplex_ ? duplex_->on_open() : realtime_->on_open());
  return 0;
}

void Connection::timer_fired(lws_sorted_usec_list_t* sul) {
  // `sul` is the first member of a standard-layout Timer.
  Timer* t = reinterpret_cast<Timer*>(sul);
  try {
    t->owner->on_timer(t->index);
  } catch (const std::exception& e) {
    // Exceptions must not cross into C; the connection cannot continue in a known state.
    std::fprintf(stderr, "dsasr-emulator: internal error in a timer: %s\n", e.what());
    t->owner->force_close_ = true;
    lws_callback_on_writable(t->owner->wsi_);
  }
}

void Connection::on_timer(int index) {
  if (index == kReleaseTimer) {  // the queue head is now due
    lws_callback_on_writable(wsi_);
    return;
  }
  if (index == kCloseWaitTimer) {
    force_close_ = true;
    lws_callback_on_writable(wsi_);
    return;
  }
  const auto id = static_cast<TimerId>(index);
  execute(duplex_ ? duplex_->on_timer(id) : realtime_->on_timer(id));
}

void Connection::schedule(int index, int64_t delay_us) {
  if (delay_us < 1) delay_us = 1;
  lws_sul_schedule(lws_get_context(wsi_), 0, &timers_[static_cast<size_t>(index)].sul,
                   &Connection::timer_fired, delay_us);
}

void Connection::enqueue(const std::string& text, int64_t audio_ms) {
  int64_t due_us = 0;
  if (decision_.faults.slow_factor && audio_ms >= 0) {
    // slow:F: the result for audio time T is ready T/F after the task's audio clock started.
    due_us =
        clock_start_us_ + static_cast<int64_t>(std::llround(static_cast<double>(audio_ms) * 1000.0 /
                                                            *decision_.faults.slow_factor));
  }
  const size_t max = decision_.faults.fragment_bytes.value_or(0);
  if (max == 0 || text.size() <= max) {
    queue_.push_back(Frame{text, LWS_WRITE_TEXT, due_us, true, text});
  } else {
    for (size_t off = 0; off < text.size(); off += max) {
      const bool first = off == 0;
      const bool last = off + max >= text.size();
      int flags = first ? LWS_WRITE_TEXT : LWS_WRITE_CONTINUATION;
      if (!last) flags |= LWS_WRITE_NO_FIN;
      queue_.push_back(
          Frame{text.substr(off, max), flags, due_us, first, first ? text : std::string()});
    }
  }
  lws_callback_on_writable(wsi_);
}

void Connection::execute(Actions actions) {
  for (Action& a : message_faults_.apply(std::move(actions))) {
    switch (a.kind) {
      case Action::Kind::kSendJson:
      case Action::Kind::kSendRaw:
        enqueue(a.text, a.audio_ms);
        break;
      case Action::Kind::kClose:
        if (!close_) close_ = PendingClose{a.code, a.reason};
        lws_callback_on_writable(wsi_);
        break;
      case Action::Kind::kCloseNow:
        queue_.clear();
        close_ = PendingClose{a.code, a.reason};
        lws_callback_on_writable(wsi_);
        break;
      case Action::Kind::kDrop:
        drop_ = true;
        lws_callback_on_writable(wsi_);
        break;
      case Action::Kind::kArmTimer:
        schedule(static_cast<int>(a.timer), a.delay_ms * 1000);
        break;
      case Action::Kind::kCancelTimer:
        lws_sul_cancel(&timers_[static_cast<size_t>(a.timer)].sul);
        break;
      case Action::Kind::kStartClock:
        clock_start_us_ = lws_now_usecs();
        break;
      case Action::Kind::kDiscardUnsent: {
        const int64_t now = lws_now_usecs();
        // Whole messages only: a fragmented message already started must be finished.
        std::deque<Frame> kept;
        bool keep_continuation = false;
        for (Frame& f : queue_) {
          if (f.first) keep_continuation = f.due_us <= now;
          if (keep_continuation) kept.push_back(std::move(f));
        }
        queue_ = std::move(kept);
        break;
      }
    }
  }
}

int Connection::on_receive(const void* in, size_t len) {
  if (drop_ || close_) return 0;  // the connection is going away; ignore late input
  if (lws_is_first_fragment(wsi_)) {
    rx_.clear();
    rx_binary_ = lws_frame_is_binary(wsi_) != 0;
  }
  rx_.append(static_cast<const char*>(in), len);
  if (!lws_is_final_fragment(wsi_) || lws_remaining_packet_payload(wsi_) != 0) return 0;
  handle_message();
  rx_.clear();
  return 0;
}

void Connection::handle_message() {
  EventLog& log = server_.log();
  const bool realtime = realtime_ != nullptr;
  if (rx_binary_) {
    log.write(log_recv_binary_line(log.now_s(), number_, rx_.size()));
    const auto* data = reinterpret_cast<const uint8_t*>(rx_.data());
    execute(duplex_ ? duplex_->on_binary(data, rx_.size())
                    : realtime_->on_binary(data, rx_.size()));
  } else {
    log.write(log_recv_text_line(log.now_s(), number_, rx_, realtime));
    if (realtime_) {
      // slow:F: the service has listened to the audio up to this time so far.
      std::optional<int64_t> heard_ms;
      if (decision_.faults.slow_factor) {
        heard_ms = static_cast<int64_t>(static_cast<double>(lws_now_usecs() - clock_start_us_) /
                                        1000.0 * *decision_.faults.slow_factor);
      }
      realtime_->set_heard_ms(heard_ms);
    }
    execute(duplex_ ? duplex_->on_text(rx_) : realtime_->on_text(rx_));
  }
}

int Connection::on_writeable() {
  EventLog& log = server_.log();
  if (force_close_) return -1;
  if (close_sent_) return 0;
  if (drop_) {
    if (!close_logged_) log.write(log_close_line(log.now_s(), number_, 1006, "", "drop"));
    close_logged_ = true;
    return -1;  // no lws_close_reason(): lws closes the socket without a close frame
  }
  if (!queue_.empty()) {
    Frame& f = queue_.front();
    const int64_t now = lws_now_usecs();
    if (f.due_us > now) {
      schedule(kReleaseTimer, f.due_us - now);
      return 0;
    }
    std::vector<unsigned char> buf(LWS_PRE + f.bytes.size());
    std::memcpy(buf.data() + LWS_PRE, f.bytes.data(), f.bytes.size());
    const int n = lws_write(wsi_, buf.data() + LWS_PRE, f.bytes.size(),
                            static_cast<lws_write_protocol>(f.flags));
    if (n < static_cast<int>(f.bytes.size())) return -1;
    if (f.first) log.write(log_send_text_line(log.now_s(), number_, f.message));
    queue_.pop_front();
    if (!queue_.empty() || close_) lws_callback_on_writable(wsi_);
    return 0;
  }
  if (close_) {
    // The close frame is written by hand rather than by lws_close_reason() + return -1: lws then
    // shuts the socket at once, and audio the client sent meanwhile provokes a TCP reset that
    // can destroy the task-failed and close frames before the client reads them. Waiting for
    // the client's close frame (or kCloseWaitMs) keeps the closing handshake orderly.
    const std::string& reason = close_->reason;
    std::vector<unsigned char> buf(LWS_PRE + 2 + reason.size());
    buf[LWS_PRE] = static_cast<unsigned char>((close_->code >> 8) & 0xff);
    buf[LWS_PRE + 1] = static_cast<unsigned char>(close_->code & 0xff);
    std::memcpy(buf.data() + LWS_PRE + 2, reason.data(), reason.size());
    if (lws_write(wsi_, buf.data() + LWS_PRE, 2 + reason.size(), kWriteClose) < 0) return -1;
    close_sent_ = true;
    if (!close_logged_) {
      log.write(log_close_line(log.now_s(), number_, close_->code, close_->reason, "server"));
    }
    close_logged_ = true;
    schedule(kCloseWaitTimer, kCloseWaitMs * 1000);
    return 0;
  }
  return 0;
}

int Connection::on_peer_close(const void* in, size_t len) {
  // The answer to our own close frame: close the socket without echoing it again.
  if (close_sent_) return -1;
  int code = 1005;  // no status code in the close frame
  std::string reason;
  const auto* p = static_cast<const unsigned char*>(in);
  if (p && len >= 2) {
    code = (p[0] << 8) | p[1];
    reason.assign(reinterpret_cast<const char*>(p + 2), len - 2);
  }
  if (!close_logged_) {
    EventLog& log = server_.log();
    log.write(log_close_line(log.now_s(), number_, code, reason, "client"));
  }
  close_logged_ = true;
  return 0;
}

void Connection::on_closed() {
  if (!close_logged_) {
    // The peer went away without a close frame.
    EventLog& log = server_.log();
    log.write(log_close_line(log.now_s(), number_, 1006, "", "client"));
  }
  close_logged_ = true;
}

}  // namespace dsasr::emulator
