// Client behaviour that needs no server: timers, stop(), wake(), and when TLS is set up.
#include "net/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using dsasr::net::Client;
using dsasr::net::ClientOptions;
using dsasr::net::CloseInfo;
using dsasr::net::ConnectionHandler;
using dsasr::net::ConnectRequest;
using dsasr::net::TimerId;
using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

std::unique_ptr<Client> make_client() {
  auto client = Client::create(ClientOptions{});
  REQUIRE(client.ok());
  return std::move(*client);
}

// A loopback port with nothing listening (bound, then released).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct RecordingHandler : ConnectionHandler {
  Client* client = nullptr;
  bool closed = false;
  CloseInfo info;
  void on_open() override {}
  void on_text(std::string_view) override {}
  void on_close(const CloseInfo& i) override {
    closed = true;
    info = i;
    client->stop();
  }
};

}  // namespace

TEST_CASE("client: timers fire in deadline order and never early", "[client]") {
  auto client = make_client();
  struct Fired {
    std::string name;
    Clock::time_point due;
    Clock::time_point at;
  };
  std::vector<Fired> fired;
  auto add = [&](std::string name, milliseconds delay) {
    Clock::time_point due = Clock::now() + delay;
    client->schedule(delay, [&fired, &client, name, due] {
      fired.push_back({name, due, Clock::now()});
      if (fired.size() == 4) client->stop();
    });
  };
  add("a", milliseconds(40));
  add("b", milliseconds(10));
  add("c", milliseconds(25));
  add("d", milliseconds(10));
  client->run();
  REQUIRE(fired.size() == 4);
  CHECK(fired[0].name == "b");
  CHECK(fired[1].name == "d");  // same delay as b, scheduled after it
  CHECK(fired[2].name == "c");
  CHECK(fired[3].name == "a");
  for (const auto& f : fired) CHECK(f.at >= f.due);
}

TEST_CASE("client: a timer cancelled from another timer's callback does not fire", "[client]") {
  auto client = make_client();
  std::vector<std::string> fired;
  TimerId victim = client->schedule(milliseconds(20), [&] { fired.push_back("victim"); });
  TimerId self = 0;
  self = client->schedule(milliseconds(5), [&] {
    fired.push_back("canceller");
    client->cancel(self);    // itself: a no-op by now
    client->cancel(victim);  // pending: removed
  });
  client->schedule(milliseconds(40), [&] {
    fired.push_back("last");
    client->stop();
  });
  client->cancel(424242);  // unknown: a no-op
  client->run();
  CHECK(fired == std::vector<std::string>{"canceller", "last"});
}

TEST_CASE("client: timers scheduled from callbacks, including zero delays, run later", "[client]") {
  auto client = make_client();
  int chained = 0;
  std::function<void()> step = [&] {
    if (++chained == 50) {
      client->stop();
      return;
    }
    client->schedule(microseconds(0), step);
  };
  Clock::time_point start = Clock::now();
  client->schedule(milliseconds(1), step);
  client->run();
  CHECK(chained == 50);
  CHECK(Clock::now() - start >= milliseconds(1));
}

TEST_CASE("client: cancelling the earliest timer leaves the later ones on time", "[client]") {
  auto client = make_client();
  bool early = false;
  TimerId first = client->schedule(milliseconds(5), [&] { early = true; });
  Clock::time_point due = Clock::now() + milliseconds(30);
  Clock::time_point at;
  client->schedule(milliseconds(30), [&] {
    at = Clock::now();
    client->stop();
  });
  client->cancel(first);
  client->run();
  CHECK_FALSE(early);
  CHECK(at >= due);
}

TEST_CASE("client: stop() ends run(), and run() can be called again", "[client]") {
  auto client = make_client();
  int runs = 0;
  for (int i = 0; i < 2; ++i) {
    client->schedule(milliseconds(2), [&] {
      ++runs;
      client->stop();
    });
    client->run();
  }
  CHECK(runs == 2);
}

TEST_CASE("client: wake() from another thread calls the wake handler", "[client]") {
  auto client = make_client();
  std::atomic<bool> woken{false};
  client->set_wake_handler([&] {
    woken = true;
    client->stop();
  });
  // A guard so a broken wake() fails the test instead of hanging it.
  client->schedule(std::chrono::seconds(10), [&] { client->stop(); });
  std::thread t([&] {
    std::this_thread::sleep_for(milliseconds(20));
    client->wake();
  });
  client->run();
  t.join();
  CHECK(woken);
}

TEST_CASE("client: TLS is set up by the first wss:// connect, never for ws://", "[client]") {
  auto client = make_client();
  CHECK_FALSE(client->tls_initialized());
  int port = closed_port();

  for (const char* scheme : {"ws", "wss"}) {
    auto url =
        dsasr::net::parse_url(std::string(scheme) + "://127.0.0.1:" + std::to_string(port) + "/");
    REQUIRE(url.ok());
    RecordingHandler handler;
    handler.client = client.get();
    ConnectRequest request{*url, {}};
    auto id = client->connect(request, &handler);
    if (id.ok()) {
      client->schedule(std::chrono::seconds(10), [&] { client->stop(); });  // guard
      client->run();
      CHECK(handler.closed);
      CHECK(handler.info.kind == CloseInfo::Kind::kConnectFailed);
    }
    CHECK(client->tls_initialized() == (std::string(scheme) == "wss"));
  }
}
