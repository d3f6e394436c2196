// What the Client puts on the wire, read by a minimal blocking WebSocket server in a thread:
// every frame whole, FIN, masked with a fresh key, in the order sent, whether it was written
// at once (idle connection) or queued behind a frame lws could not send in one go.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "net/client.h"

using dsasr::net::Client;
using dsasr::net::ClientOptions;
using dsasr::net::CloseInfo;
using dsasr::net::ConnectionHandler;
using dsasr::net::ConnectionId;
using dsasr::net::ConnectRequest;

namespace {

struct WireFrame {
  bool fin = false;
  bool masked = false;
  int opcode = 0;
  uint32_t key = 0;
  std::string payload;  // unmasked
};

bool read_exact(int fd, void* buf, size_t n) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    ssize_t got = ::recv(fd, p, n, 0);
    if (got <= 0) return false;
    p += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

bool write_all(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string accept_key(const std::string& key) {
  std::string in = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(in.data()), in.size(), digest);
  unsigned char b64[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int n = EVP_EncodeBlock(b64, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<char*>(b64), static_cast<size_t>(n));
}

// Accepts one connection, completes the upgrade, records frames until a close frame, answers
// it and hangs up.
class FakeServer {
 public:
  FakeServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listen_fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listen_fd_, 1) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeServer() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  // Stops waiting for a connection that never came and waits for the thread; then frames()
  // and error() say what arrived and what went wrong, if anything.
  void join() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
  }
  const std::vector<WireFrame>& frames() const { return frames_; }
  const std::string& error() const { return error_; }

 private:
  void serve() {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      error_ = "no connection";
      return;
    }
    error_ = talk(fd);
    ::close(fd);
  }

  std::string talk(int fd) {
    std::string request;
    char c;
    while (request.find("\r\n\r\n") == std::string::npos) {
      if (!read_exact(fd, &c, 1)) return "the upgrade request was cut short";
      request += c;
    }
    std::string lower = request;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    auto at = lower.find("sec-websocket-key:");
    if (at == std::string::npos) return "no Sec-WebSocket-Key";
    at = request.find_first_not_of(' ', at + 18);
    std::string key = request.substr(at, request.find("\r\n", at) - at);
    if (!write_all(fd,
                   "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                       accept_key(key) + "\r\n\r\n")) {
      return "cannot answer the upgrade";
    }
    for (;;) {
      unsigned char head[2];
      if (!read_exact(fd, head, 2)) return "the connection ended before a close frame";
      WireFrame f;
      f.fin = (head[0] & 0x80) != 0;
      f.opcode = head[0] & 0x0f;
      f.masked = (head[1] & 0x80) != 0;
      uint64_t n = head[1] & 0x7f;
      if (n >= 126) {
        unsigned char ext[8];
        size_t bytes = n == 126 ? 2 : 8;
        if (!read_exact(fd, ext, bytes)) return "cut short in a length";
        n = 0;
        for (size_t i = 0; i < bytes; ++i) n = (n << 8) | ext[i];
      }
      unsigned char key_bytes[4] = {};
      if (f.masked && !read_exact(fd, key_bytes, 4)) return "cut short in a key";
      std::memcpy(&f.key, key_bytes, 4);
      f.payload.resize(static_cast<size_t>(n));
      if (n && !read_exact(fd, f.payload.data(), f.payload.size())) return "cut short in a payload";
      for (size_t i = 0; i < f.payload.size(); ++i) {
        f.payload[i] = static_cast<char>(f.payload[i] ^ key_bytes[i % 4]);
      }
      frames_.push_back(f);
      if (f.opcode == 0x8) {
        write_all(fd, std::string("\x88\x02\x03\xe8", 4));  // close 1000, unmasked
        return "";
      }
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::vector<WireFrame> frames_;
  std::string error_;
};

}  // namespace

namespace {

std::string payload_of(size_t n, int seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>((i * 31 + static_cast<size_t>(seed)) & 0xff);
  return s;
}

// Sends a text message and binary ones of every length class on open, then closes.
struct SendingHandler : ConnectionHandler {
  Client* client = nullptr;
  ConnectionId id = 0;
  std::vector<std::pair<int, std::string>> sent;  // opcode, payload
  std::vector<size_t> queued_after;               // client->queued() after each send
  bool closed = false;
  CloseInfo info;
  bool corked = false;  // send everything between cork() and uncork(), with 20 more frames

  void on_open() override {
    if (corked) client->cork(id);
    send(0x1, "{\"header\":{\"action\":\"run-task\"}}");
    int seed = 0;
    if (corked) {
      for (int i = 0; i < 20; ++i) send(0x2, payload_of(3200, 100 + i));
    }
    // 3 MB is more than lws hands the socket at once (the client's tx_packet_size, 1 MiB): it
    // keeps the rest, and the frames after it must wait in the queue.
    for (size_t n : {0u, 1u, 125u, 126u, 3200u, 3000000u, 3200u, 3201u, 65535u, 65536u, 7u}) {
      send(0x2, payload_of(n, ++seed));
    }
    send(0x1, "{\"header\":{\"action\":\"finish-task\"}}");
    if (corked) client->uncork(id);
    client->close(id);
  }
  void send(int opcode, const std::string& data) {
    sent.emplace_back(opcode, data);
    if (opcode == 0x1) {
      client->send_text(id, data);
    } else {
      client->send_binary(id, data);
    }
    queued_after.push_back(client->queued(id));
  }
  void on_text(std::string_view) override {}
  void on_close(const CloseInfo& i) override {
    closed = true;
    info = i;
    client->stop();
  }
};

std::unique_ptr<Client> new_client() {
  auto created = Client::create(ClientOptions{});
  REQUIRE(created.ok());
  return std::move(*created);
}

dsasr::net::Url url_of(const FakeServer& server) {
  auto url = dsasr::net::parse_url("ws://127.0.0.1:" + std::to_string(server.port()) + "/ws");
  REQUIRE(url.ok());
  return *url;
}

// Runs SendingHandler against FakeServer and checks what arrived.
void check_frames_arrive(bool corked) {
  FakeServer server;
  std::unique_ptr<Client> client = new_client();
  const dsasr::net::Url url = url_of(server);
  SendingHandler handler;
  handler.client = client.get();
  handler.corked = corked;
  auto id = client->connect(ConnectRequest{url, {}}, &handler);
  REQUIRE(id.ok());
  handler.id = *id;
  client->schedule(std::chrono::seconds(10), [&] { client->stop(); });  // guard
  client->run();
  client.reset();  // a server still reading sees the end of the connection
  server.join();

  REQUIRE(server.error().empty());
  CHECK(handler.closed);
  CHECK(handler.info.kind != CloseInfo::Kind::kDropped);
  // The idle connection took the first frames at once (or corked them); after the large one,
  // frames queued.
  CHECK(handler.queued_after.front() == 0);
  if (!corked) {
    CHECK(*std::max_element(handler.queued_after.begin(), handler.queued_after.end()) > 0);
  }

  const auto& frames = server.frames();
  REQUIRE(frames.size() == handler.sent.size() + 1);  // and the close frame
  std::set<uint32_t> keys;
  for (size_t i = 0; i < frames.size(); ++i) {
    INFO("frame " << i);
    CHECK(frames[i].fin);
    CHECK(frames[i].masked);
    keys.insert(frames[i].key);
    if (i < handler.sent.size()) {
      CHECK(frames[i].opcode == handler.sent[i].first);
      CHECK(frames[i].payload == handler.sent[i].second);
    }
  }
  CHECK(frames.back().opcode == 0x8);
  CHECK(frames.back().payload.substr(0, 2) == "\x03\xe8");  // 1000
  // Random 32-bit keys: a repeat among a few dozen has odds of about 1e-7.
  CHECK(keys.size() == frames.size());
}

}  // namespace

TEST_CASE("client: frames arrive whole, masked with fresh keys, in order", "[client][wire]") {
  check_frames_arrive(false);
}

TEST_CASE("client: corked frames arrive whole and in order, flushed every few frames",
          "[client][wire]") {
  check_frames_arrive(true);
}

namespace {

// Throws from on_open: the exception must not unwind through libwebsockets.
struct ThrowingHandler : ConnectionHandler {
  Client* client = nullptr;
  bool closed = false;
  CloseInfo info;
  void on_open() override { throw std::runtime_error("the handler broke"); }
  void on_text(std::string_view) override {}
  void on_close(const CloseInfo& i) override {
    closed = true;
    info = i;
    client->stop();
  }
};

}  // namespace

TEST_CASE("an exception in a handler fails that connection, not the process", "[client]") {
  FakeServer server;
  std::unique_ptr<Client> client = new_client();
  const dsasr::net::Url url = url_of(server);
  ThrowingHandler handler;
  handler.client = client.get();
  REQUIRE(client->connect(ConnectRequest{url, {}}, &handler).ok());
  client->schedule(std::chrono::seconds(10), [&] { client->stop(); });
  client->run();
  REQUIRE(handler.closed);
  CHECK(handler.info.kind == CloseInfo::Kind::kDropped);
  CHECK(handler.info.message == "internal error: the handler broke");
  server.join();
}
