// libwebsockets 4.1.6 client. Everything lws-specific lives in this file (see client.h for the
// threading contract). Patterns follow lws's minimal ws-client examples: one callback with one
// switch, per-connection state reached through the wsi's opaque user data, LWS_PRE headroom,
// timers instead of sleeps.
//
// Departures from the examples, all for the performance budgets (issue 7):
//  - TLS is set up on the first wss:// connect, not at start: a client SSL_CTX with the system
//    CA store costs more than everything else a plain ws:// run does (see trust_store.h).
//  - Client::schedule() timers are not lws_sul timers: lws 4.1.6 rounds its poll() timeout
//    down to whole milliseconds and then spins in poll(0) until a sul is due, which at
//    --speed realtime (one timer per 100 ms chunk) cost ~20x the CPU of the sends themselves.
//    A timerfd in the lws poll set, armed for the earliest timer, wakes poll() exactly.
//  - Text and binary frames are framed and masked here (frame.h) and handed to lws as
//    LWS_WRITE_RAW bytes: lws 4.1.6 masks byte by byte and reads /dev/urandom per frame.
//    lws_issue_raw() keeps whatever the socket (or SSL_write) does not take in the wsi's
//    buflist_out, sends that before anything else and calls CLIENT_WRITEABLE only once it
//    has drained, so each frame reaches the wire whole and in order. Only whole frames are
//    ever written, so lws's own frames (pong, close) still fall between ours. No extension
//    (permessage-deflate) is negotiated, so frames with RSV bits 0 are all the server expects.
//  - A frame sent on an idle connection (nothing queued, nothing left in lws's buflist_out)
//    is written at once instead of on the next CLIENT_WRITEABLE pass, which cost a poll()
//    round trip per frame; the queue is for backpressure only. No check that the socket is
//    writable (lws_send_pipe_choked() is a poll() per call): if it is not, lws keeps the
//    whole frame and lws_partial_buffered() then sends later frames to the queue, so lws
//    never holds more than the one frame the socket would not take.
#include "net/client.h"

#include <fcntl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>

#include <libwebsockets.h>

#include "net/frame.h"
#include "net/mask_keys.h"
#include "net/timer_queue.h"
#include "net/trust_store.h"
#include "version.h"

namespace dsasr::net {

namespace {

constexpr size_t kMaxMessageBytes = 64u << 20;  // a result larger than this is not plausible
constexpr size_t kLowWaterFrames = 4;
// lws's own network timeouts: a little longer than app/'s 30 s start timeout.
constexpr unsigned kLwsTimeoutSeconds = 35;
// A corked burst is written at least every this many frames (about 50 KB of audio frames).
constexpr size_t kMaxCorkedFrames = 16;
constexpr std::chrono::microseconds kArmSlack{50};  // see Client::Impl::arm_timer()

struct OutFrame {
  Opcode opcode = Opcode::kBinary;
  std::string data;
};

// libwebsockets reports TLS verification details only through its log; keep the latest
// error lines so a failed connection can say why. Only the service thread logs.
struct LwsLog {
  int verbosity = 0;
  std::string last_tls_error;
};
LwsLog g_lws_log;  // NOLINT: lws's log emitter is process-global, so its sink is too

void emit_lws_log(int level, const char* line) {
  std::string text = line ? line : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if ((level & LLL_ERR) &&
      (text.find("SSL") != std::string::npos || text.find("hostname") != std::string::npos ||
       text.find("certificate") != std::string::npos)) {
    g_lws_log.last_tls_error = text;
  }
  if (g_lws_log.verbosity >= 2) std::fprintf(stderr, "dsasr: lws: %s\n", text.c_str());
}

// Strips lws's "E: " style prefixes and keeps the human part of an SSL error line.
std::string tls_reason(const std::string& line) {
  auto pos = line.find("SSL error: ");
  std::string s = pos == std::string::npos ? line : line.substr(pos + 11);
  auto paren = s.find(" (preverify");
  if (paren != std::string::npos) s.erase(paren);
  return s;
}

}  // namespace

// Bytes to hand to lws_write(): LWS_PRE of headroom, then whole frames. The vector only ever
// grows, so appending a frame never zero-fills memory that is about to be overwritten.
struct FrameBuffer {
  std::vector<unsigned char> bytes;
  size_t used = LWS_PRE;

  unsigned char* append(size_t n) {
    if (bytes.size() < used + n) bytes.resize(used + n);
    unsigned char* at = bytes.data() + used;
    used += n;
    return at;
  }
  bool empty() const { return used == LWS_PRE; }
  void clear() { used = LWS_PRE; }
};

struct Conn {
  ConnectionId id = 0;
  Client::Impl* impl = nullptr;
  ConnectionHandler* handler = nullptr;
  ConnectRequest request;
  struct lws* wsi = nullptr;
  std::deque<OutFrame> queue;
  std::string rx;
  bool established = false;
  bool close_requested = false;
  int close_code = 1000;
  std::string close_reason;
  bool peer_closed = false;
  int peer_code = 1005;
  std::string peer_reason;
  std::string failure;  // why the client itself dropped the connection, if it did
  bool reported = false;
  // Corking (Client::cork): LWS_PRE headroom, then whole frames not written yet.
  int cork_depth = 0;
  FrameBuffer corked;
  size_t corked_frames = 0;
};

struct Client::Impl {
  struct lws_context* ctx = nullptr;
  struct lws_vhost* vhost = nullptr;
  lws_protocols protocols[2] = {};
  std::map<ConnectionId, std::unique_ptr<Conn>> conns;
  ConnectionId next_conn = 1;
  bool stop = false;

  // TLS: set up by the first wss:// connect (ensure_tls()).
  std::optional<std::string> ca_file;
  bool tls_ready = false;

  // Timers: the queue, and a timerfd in the poll set that lws owns (and closes) once adopted.
  TimerQueue timers;
  struct lws* timer_wsi = nullptr;
  int timer_fd = -1;
  // The deadline the timerfd is armed for, if armed; it may belong to a cancelled timer
  // (cancel() does not disarm: the spurious wake-up costs less than a syscall per cancel).
  std::optional<TimerQueue::Clock::time_point> armed;

  bool destroying = false;
  std::function<void()> wake_handler;
  MaskKeySource mask_keys;
  FrameBuffer txbuf;  // the frame, or the queued frames, being written

  Conn* find(ConnectionId id) const {
    auto it = conns.find(id);
    return it == conns.end() ? nullptr : it->second.get();
  }

  // Ends a connection's life: detaches it from its wsi, forgets it, then tells the handler.
  void report(Conn* c, struct lws* wsi, const CloseInfo& info) {
    if (c->reported) return;
    c->reported = true;
    if (wsi) lws_set_opaque_user_data(wsi, nullptr);
    c->wsi = nullptr;
    ConnectionHandler* handler = c->handler;
    ConnectionId id = c->id;
    // Forget the connection before telling the handler, which may start a new one.
    std::unique_ptr<Conn> keep = std::move(conns[id]);
    conns.erase(id);
    if (!destroying && handler) handler->on_close(info);
  }

  // Frames, masks and writes one message. lws_issue_raw() takes it all: what the socket does
  // not accept now stays in lws's buflist_out (so lws_write() may return less than the frame
  // size without anything being lost); only a negative result is a failure. On failure,
  // c->failure says why and the connection must go.
  bool write_frame(Conn* c, Opcode opcode, std::string_view payload) {
    txbuf.clear();
    return append_frame(c, opcode, payload, txbuf) && write_raw(c, txbuf);
  }

  // Frames and masks one message onto the end of `buf`.
  bool append_frame(Conn* c, Opcode opcode, std::string_view payload, FrameBuffer& buf) {
    util::Result<MaskKey> key = mask_keys.next();
    if (!key) {
      c->failure = key.error().message;
      return false;
    }
    write_client_frame(opcode, *key, payload,
                       buf.append(client_frame_header_bytes(payload.size()) + payload.size()));
    return true;
  }

  // Writes buf's frames in one go.
  bool write_raw(Conn* c, FrameBuffer& buf) {
    if (lws_write(c->wsi, buf.bytes.data() + LWS_PRE, buf.used - LWS_PRE, LWS_WRITE_RAW) < 0) {
      c->failure = "the connection broke while sending";
      return false;
    }
    return true;
  }

  // Writes what corking held back. Outside a callback a failure cannot be returned to lws; have
  // it close the connection from its loop (CLIENT_CLOSED then reports c->failure).
  void flush_corked(Conn* c) {
    if (c->corked_frames == 0) return;
    c->corked_frames = 0;
    const bool ok = c->wsi && write_raw(c, c->corked);
    c->corked.clear();
    if (!ok && c->wsi) lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
  }

  void enqueue(ConnectionId id, Opcode opcode, std::string data) {
    Conn* c = find(id);
    if (!c || c->close_requested) return;
    if (c->queue.empty() && c->wsi && c->established && !c->peer_closed &&
        !lws_partial_buffered(c->wsi)) {
      if (c->cork_depth > 0) {
        // Corked: frame it now, write it with the others.
        if (!append_frame(c, opcode, data, c->corked)) {
          lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
          return;
        }
        if (++c->corked_frames >= kMaxCorkedFrames) flush_corked(c);
        return;
      }
      // Idle: write now. Outside a callback a failure cannot be returned to lws; have it
      // close the connection from its loop (CLIENT_CLOSED then reports c->failure).
      if (!write_frame(c, opcode, data))
        lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
      return;
    }
    c->queue.push_back(OutFrame{opcode, std::move(data)});
    if (c->wsi && c->established) lws_callback_on_writable(c->wsi);
  }

  int writeable(Conn* c) {
    if (!c->queue.empty()) {
      // Queued frames until the socket stops taking them whole, up to kMaxCorkedFrames per
      // write: a connection backed up at --speed max otherwise made one send() per frame on
      // every POLLOUT (strace: 2000 of 3500 sends of a 10-minute file were single frames).
      do {
        txbuf.clear();
        for (size_t n = 0; n < kMaxCorkedFrames && !c->queue.empty(); ++n) {
          const OutFrame& frame = c->queue.front();
          if (!append_frame(c, frame.opcode, frame.data, txbuf)) return -1;
          c->queue.pop_front();
        }
        if (!write_raw(c, txbuf)) return -1;
      } while (!c->queue.empty() && !lws_partial_buffered(c->wsi));
      if (!c->queue.empty() || c->close_requested) lws_callback_on_writable(c->wsi);
      if (c->queue.size() < kLowWaterFrames && c->handler) c->handler->on_sent();
      return 0;
    }
    if (c->close_requested) {
      lws_close_reason(c->wsi, static_cast<lws_close_status>(c->close_code),
                       reinterpret_cast<unsigned char*>(c->close_reason.data()),
                       c->close_reason.size());
      return -1;
    }
    return 0;
  }

  // Arms the timerfd for the earliest pending timer unless it already fires no later, or only
  // kArmSlack later: the kernel's own timer slack for a normal thread is that large, and a
  // pacer that reschedules its next chunk a few hundred ns earlier then costs no syscall.
  void arm_timer() {
    auto next = timers.next_deadline();
    if (!next || (armed && *armed <= *next + kArmSlack)) return;
    auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(
        next->time_since_epoch());  // steady_clock is CLOCK_MONOTONIC on Linux
    if (since_epoch.count() <= 0) since_epoch = std::chrono::nanoseconds(1);  // 0 would disarm
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(since_epoch.count() / 1000000000);
    spec.it_value.tv_nsec = static_cast<long>(since_epoch.count() % 1000000000);
    if (::timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &spec, nullptr) == 0) armed = *next;
  }

  // The timerfd is readable: run what is due and re-arm.
  //
  // No read() of the expiration count: timerfd_settime() resets it too, and at --speed
  // realtime the next chunk's timer re-arms the timerfd anyway, so reading would be one more
  // system call per chunk. If `armed` has not passed, the timerfd was re-armed (by a callback
  // earlier in this service pass) after poll() saw it expire, which already cleared it.
  void timer_fired() {
    auto now = TimerQueue::Clock::now();
    if (armed && *armed <= now) armed.reset();
    timers.run_due(now);
    if (destroying) return;
    arm_timer();
    if (!armed) {
      // Nothing left to wait for: disarming clears the expiration, or poll() would spin.
      itimerspec none{};
      ::timerfd_settime(timer_fd, 0, &none, nullptr);
    }
  }

  util::Status ensure_tls();

  // lws's entry point: dispatch() behind a wall that no exception crosses into C. An exception
  // from dsasr's side (a handler, a bad_alloc) fails that one connection: lws closes it and the
  // handler hears of it through on_close, with the reason.
  static int callback(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in,
                      size_t len);
  static int dispatch(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in,
                      size_t len);
  static int fail_connection(struct lws* wsi, const char* what);
};

util::Status Client::Impl::ensure_tls() {
  if (tls_ready) return {};
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = CONTEXT_PORT_NO_LISTEN;
  // The vhost was created with DISABLE_OS_CA_CERTS: lws would call
  // SSL_CTX_set_default_verify_paths(); add_default_trust() does the same more cheaply, from
  // the LOAD_EXTRA_CLIENT_VERIFY_CERTS callback below.
  info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT | LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
  if (ca_file) info.client_ssl_ca_filepath = ca_file->c_str();
  if (lws_init_vhost_client_ssl(&info, vhost)) {
    return util::Error(util::ErrorKind::kInternal, "cannot set up TLS for the WebSocket client");
  }
  tls_ready = true;
  return {};
}

int Client::Impl::callback(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in,
                           size_t len) {
  try {
    return dispatch(wsi, reason, user, in, len);
  } catch (const std::exception& e) {
    return fail_connection(wsi, e.what());
  } catch (...) {
    return fail_connection(wsi, "an unknown exception");
  }
}

int Client::Impl::fail_connection(struct lws* wsi, const char* what) {
  auto* c = wsi ? static_cast<Conn*>(lws_get_opaque_user_data(wsi)) : nullptr;
  if (c && c->failure.empty()) c->failure = std::string("internal error: ") + what;
  // -1 closes this connection; CLIENT_CLOSED (or CONNECTION_ERROR) then reports c->failure.
  // Outside a connection (the timer, a wake-up) there is nothing to close: carry on.
  return c ? -1 : 0;
}

int Client::Impl::dispatch(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in,
                           size_t len) {
  struct lws_context* ctx = lws_get_context(wsi);
  auto* impl = ctx ? static_cast<Client::Impl*>(lws_context_user(ctx)) : nullptr;
  if (!impl) return 0;
  if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
    if (impl->wake_handler && !impl->destroying) impl->wake_handler();
    return 0;
  }
  if (reason == LWS_CALLBACK_OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS) {
    // `user` is the new client SSL_CTX; lws has already added --ca-file to it.
    return add_default_trust(static_cast<ssl_ctx_st*>(user)) ? 0 : 1;
  }
  if (wsi && wsi == impl->timer_wsi) {
    if (reason == LWS_CALLBACK_RAW_RX_FILE && !impl->destroying) impl->timer_fired();
    if (reason == LWS_CALLBACK_RAW_CLOSE_FILE) impl->timer_wsi = nullptr;
    return 0;
  }
  auto* c = wsi ? static_cast<Conn*>(lws_get_opaque_user_data(wsi)) : nullptr;
  if (!c) return 0;

  switch (reason) {
    case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
      auto** p = static_cast<unsigned char**>(in);
      unsigned char* end = *p + len;
      for (const auto& [name, value] : c->request.headers) {
        std::string key = name + ":";
        if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(key.c_str()),
                                        reinterpret_cast<const unsigned char*>(value.data()),
                                        static_cast<int>(value.size()), p, end)) {
          return -1;
        }
      }
      return 0;
    }
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
      c->established = true;
      if (c->handler) c->handler->on_open();
      // The handler may have queued frames or closed; requests made before now were lost.
      if (impl->find(c->id) && (!c->queue.empty() || c->close_requested)) {
        lws_callback_on_writable(wsi);
      }
      return 0;
    case LWS_CALLBACK_CLIENT_RECEIVE: {
      if (c->rx.size() + len > kMaxMessageBytes) {
        CloseInfo info;
        info.kind = CloseInfo::Kind::kDropped;
        info.message = "the server sent a message larger than 64 MiB";
        impl->report(c, wsi, info);
        return -1;
      }
      c->rx.append(static_cast<const char*>(in), len);
      if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
        std::string message = std::move(c->rx);
        c->rx.clear();
        // The ASR services send no binary messages; ignore any.
        if (!lws_frame_is_binary(wsi) && c->handler) c->handler->on_text(message);
      }
      return 0;
    }
    case LWS_CALLBACK_CLIENT_WRITEABLE:
      return impl->writeable(c);
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
      c->peer_closed = true;
      const auto* bytes = static_cast<const unsigned char*>(in);
      if (len >= 2) {
        c->peer_code = (bytes[0] << 8) | bytes[1];
        c->peer_reason.assign(reinterpret_cast<const char*>(bytes + 2), len - 2);
      }
      return 0;
    }
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
      CloseInfo info;
      info.message = in ? std::string(static_cast<const char*>(in)) : "connection failed";
      int status = static_cast<int>(lws_http_client_http_response(wsi));
      if (status >= 300) {
        info.kind = CloseInfo::Kind::kRefused;
        info.http_status = status;
      } else {
        info.kind = CloseInfo::Kind::kConnectFailed;
        if (!g_lws_log.last_tls_error.empty() && c->request.url.tls) {
          info.message = tls_reason(g_lws_log.last_tls_error);
          info.tls_rejected = true;
        }
      }
      g_lws_log.last_tls_error.clear();
      if (!c->failure.empty()) {
        // dsasr itself rejected the connection (an exception at CLIENT_ESTABLISHED).
        info = CloseInfo{};
        info.kind = CloseInfo::Kind::kDropped;
        info.message = c->failure;
      }
      impl->report(c, wsi, info);
      return 0;
    }
    case LWS_CALLBACK_CLIENT_CLOSED:
    case LWS_CALLBACK_WSI_DESTROY: {
      CloseInfo info;
      if (!c->failure.empty()) {
        info.kind = CloseInfo::Kind::kDropped;
        info.message = c->failure;
      } else if (c->peer_closed) {
        info.kind = CloseInfo::Kind::kClosed;
        info.close_code = c->peer_code;
        info.reason = c->peer_reason;
      } else if (c->close_requested) {
        info.kind = CloseInfo::Kind::kLocalClose;
      } else {
        info.kind = c->established ? CloseInfo::Kind::kDropped : CloseInfo::Kind::kConnectFailed;
        info.message = c->established ? "the connection was closed without a close frame"
                                      : "the connection closed during the handshake";
      }
      impl->report(c, wsi, info);
      return 0;
    }
    default:
      return 0;
  }
}

util::Result<std::unique_ptr<Client>> Client::create(const ClientOptions& options) {
  g_lws_log.verbosity = options.verbosity;
  lws_set_log_level(
      options.verbosity >= 3 ? (LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO) : (LLL_ERR | LLL_WARN),
      emit_lws_log);

  auto impl = std::make_unique<Impl>();
  impl->protocols[0].name = "dsasr";
  impl->protocols[0].callback = &Impl::callback;
  impl->protocols[0].rx_buffer_size = 16384;
  // Without it lws caps each send() at rx_buffer_size and keeps the rest of a corked burst for
  // the next POLLOUT: one more poll() and send() per burst.
  impl->protocols[0].tx_packet_size = 1u << 20;
  impl->ca_file = options.ca_file;

  // The context does OpenSSL's global init (cheap: no SSL_CTX, no certificates), which lws
  // needs before any vhost gets a client SSL_CTX and to free that SSL_CTX at the end. Its one
  // vhost is created explicitly, without a client SSL_CTX; ensure_tls() adds one on demand.
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = impl->protocols;
  info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT | LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
  info.user = impl.get();
  info.pt_serv_buf_size = 32768;
  info.fd_limit_per_thread = 1024;
  // lws's own default (5 s for the TCP, TLS and HTTP upgrade round trips, a context setting)
  // would end a slow handshake as "closed during the handshake"; app/ bounds connect +
  // handshake + start at 30 s with a clear message, so lws only backs that up.
  info.timeout_secs = kLwsTimeoutSeconds;
  impl->ctx = lws_create_context(&info);
  if (!impl->ctx) {
    return util::Error(util::ErrorKind::kInternal, "cannot create the WebSocket client context");
  }
  std::unique_ptr<Client> client(new Client(std::move(impl)));
  Impl& im = *client->impl_;
  client->insecure_ = options.insecure;

  info.options = LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;  // read by ensure_tls(); see there
  info.connect_timeout_secs = kLwsTimeoutSeconds;        // a vhost setting
  im.vhost = lws_create_vhost(im.ctx, &info);
  if (!im.vhost) {
    return util::Error(util::ErrorKind::kInternal, "cannot create the WebSocket client vhost");
  }

  im.timer_fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (im.timer_fd < 0) {
    return util::Error(util::ErrorKind::kInternal,
                       std::string("cannot create the client's timer: ") + std::strerror(errno));
  }
  lws_sock_file_fd_type fd;
  fd.filefd = im.timer_fd;
  im.timer_wsi =
      lws_adopt_descriptor_vhost(im.vhost, LWS_ADOPT_RAW_FILE_DESC, fd, "dsasr", nullptr);
  if (!im.timer_wsi) {
    // lws closes the descriptor on some of its failure paths and not on others.
    if (::fcntl(im.timer_fd, F_GETFD) != -1) ::close(im.timer_fd);
    return util::Error(util::ErrorKind::kInternal, "cannot add the client's timer to its loop");
  }
  return client;
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Client::~Client() {
  impl_->destroying = true;
  impl_->timers.clear();
  // Closes every wsi, the timerfd's too (lws owns the descriptor once adopted).
  lws_context_destroy(impl_->ctx);
}

util::Result<ConnectionId> Client::connect(const ConnectRequest& request,
                                           ConnectionHandler* handler) {
  if (request.url.tls) {
    util::Status tls = impl_->ensure_tls();
    if (!tls) return tls.error();
  }
  auto conn = std::make_unique<Conn>();
  Conn* c = conn.get();
  c->id = impl_->next_conn++;
  c->impl = impl_.get();
  c->handler = handler;
  c->request = request;
  c->request.headers.emplace_back("user-agent", std::string("dsasr/") + kVersion);
  impl_->conns.emplace(c->id, std::move(conn));

  std::string host_header = request.url.host_header();
  lws_client_connect_info ci;
  std::memset(&ci, 0, sizeof ci);
  ci.context = impl_->ctx;
  ci.vhost = impl_->vhost;
  ci.address = c->request.url.host.c_str();
  ci.port = c->request.url.port;
  ci.path = c->request.url.path_query.c_str();
  ci.host = host_header.c_str();
  ci.origin = nullptr;
  ci.protocol = nullptr;
  ci.local_protocol_name = "dsasr";
  ci.opaque_user_data = c;
  ci.pwsi = &c->wsi;
  if (request.url.tls) {
    ci.ssl_connection = LCCSCF_USE_SSL;
    if (insecure_) {
      ci.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_ALLOW_INSECURE | LCCSCF_ALLOW_EXPIRED |
                           LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK;
    }
  }
  ConnectionId id = c->id;
  if (!lws_client_connect_via_info(&ci)) {
    // lws may already have reported a CONNECTION_ERROR for this wsi; if not, report here.
    Conn* still = impl_->find(id);
    if (still) {
      impl_->conns.erase(id);
      return util::Error(util::ErrorKind::kNetwork,
                         "cannot connect to " + request.url.host_header() +
                             " (the host name does not resolve or the address is unusable)");
    }
  }
  return id;
}

void Client::send_text(ConnectionId id, std::string data) {
  impl_->enqueue(id, Opcode::kText, std::move(data));
}

void Client::send_binary(ConnectionId id, std::string data) {
  impl_->enqueue(id, Opcode::kBinary, std::move(data));
}

void Client::cork(ConnectionId id) {
  if (Conn* c = impl_->find(id)) ++c->cork_depth;
}

void Client::uncork(ConnectionId id) {
  Conn* c = impl_->find(id);
  if (!c || c->cork_depth == 0) return;
  if (--c->cork_depth == 0) impl_->flush_corked(c);
}

size_t Client::queued(ConnectionId id) const {
  Conn* c = impl_->find(id);
  return c ? c->queue.size() : 0;
}

void Client::close(ConnectionId id, int code, std::string reason) {
  Conn* c = impl_->find(id);
  if (!c || c->close_requested) return;
  c->close_requested = true;
  c->close_code = code;
  c->close_reason = std::move(reason);
  if (c->wsi && c->established) {
    lws_callback_on_writable(c->wsi);
  } else if (c->wsi) {
    // Not upgraded yet: nothing to say goodbye to.
    abort(id);
  }
}

void Client::abort(ConnectionId id) {
  Conn* c = impl_->find(id);
  if (!c || !c->wsi) return;
  c->close_requested = true;
  lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

void Client::detach(ConnectionHandler* handler) {
  for (auto& [id, c] : impl_->conns) {
    if (c->handler != handler) continue;
    c->handler = nullptr;
    if (c->wsi) {
      c->close_requested = true;
      lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    }
  }
}

TimerId Client::schedule(std::chrono::microseconds delay, std::function<void()> fn) {
  // At least 1 us, as lws_sul had it: a timer added by a timer callback never runs in the
  // same pass (TimerQueue::run_due() guarantees that anyway).
  if (delay < std::chrono::microseconds(1)) delay = std::chrono::microseconds(1);
  TimerId id = impl_->timers.add(TimerQueue::Clock::now() + delay, std::move(fn));
  impl_->arm_timer();
  return id;
}

void Client::cancel(TimerId id) {
  impl_->timers.cancel(id);
}

void Client::run() {
  impl_->stop = false;
  while (!impl_->stop) {
    if (lws_service(impl_->ctx, 0) < 0) break;
  }
}

void Client::stop() {
  impl_->stop = true;
  // stop() may run inside lws_service() before its poll() (from a timer); make that poll
  // return at once instead of sleeping until the next timer.
  lws_cancel_service(impl_->ctx);
}

bool Client::tls_initialized() const {
  return impl_->tls_ready;
}

void Client::wake() {
  lws_cancel_service(impl_->ctx);
}

void Client::set_wake_handler(std::function<void()> fn) {
  impl_->wake_handler = std::move(fn);
}

}  // namespace dsasr::net
