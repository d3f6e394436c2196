#include "app/channel.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/reporter.h"
#include "fake_transport.h"

namespace dsasr::app {
namespace {

// Records what reaches the owner.
class Recorder final : public net::ConnectionHandler {
 public:
  void on_open() override { events.push_back("open"); }
  void on_text(std::string_view m) override { events.push_back("text " + std::string(m)); }
  void on_sent() override { events.push_back("sent"); }
  void on_close(const net::CloseInfo&) override { events.push_back("close"); }
  std::vector<std::string> events;
};

struct Fixture {
  stream::FakeClock clock;
  testing::FakeTransport transport{clock};
  Recorder owner;
  Reporter reporter{0, true, false};
  Channel channel{transport, owner, reporter, "talk.wav"};
};

net::CloseInfo dropped() {
  net::CloseInfo i;
  i.kind = net::CloseInfo::Kind::kDropped;
  return i;
}

TEST_CASE("channel: the current connection's events reach the owner", "[channel]") {
  Fixture f;
  REQUIRE(f.channel.connect({}));
  CHECK(f.channel.connected());
  f.transport.open(1);
  f.transport.receive(1, "hello");
  f.transport.end(1, dropped());
  CHECK(f.owner.events == std::vector<std::string>{"open", "text hello", "close"});
  CHECK_FALSE(f.channel.connected());  // closed by the peer
}

TEST_CASE("channel: an abandoned connection's late events are dropped", "[channel]") {
  Fixture f;
  REQUIRE(f.channel.connect({}));
  const int first = f.channel.generation();
  REQUIRE(f.channel.connect({}));  // a resume: the first one is aborted
  CHECK(f.channel.generation() != first);
  CHECK(f.transport.connections[0].aborted);
  f.transport.receive(1, "late");  // read before the abort took effect
  f.transport.end(1, dropped());
  f.transport.open(2);
  CHECK(f.owner.events == std::vector<std::string>{"open"});
  CHECK(f.channel.connected());
}

TEST_CASE("channel: drop() closes or aborts, and nothing of it arrives after", "[channel]") {
  Fixture f;
  REQUIRE(f.channel.connect({}));
  f.channel.drop(false);
  CHECK(f.transport.connections[0].close_requested);
  CHECK_FALSE(f.transport.connections[0].aborted);
  f.transport.end(1, dropped());
  CHECK(f.owner.events.empty());
  CHECK_FALSE(f.channel.connected());
  CHECK(f.channel.queued() == 0);
}

TEST_CASE("channel: frames go out in order, only while connected", "[channel]") {
  Fixture f;
  protocol::Output out;
  out.frames.push_back({protocol::Frame::Kind::kText, "run-task"});
  f.channel.send(out);  // not connected: nothing, and nothing kept
  REQUIRE(f.channel.connect({}));
  out.frames.push_back({protocol::Frame::Kind::kText, "run-task"});
  out.frames.push_back({protocol::Frame::Kind::kBinary, "audio"});
  f.channel.send(out);
  CHECK(out.frames.empty());
  const auto& frames = f.transport.connections[0].frames;
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].text);
  CHECK(frames[0].data == "run-task");
  CHECK_FALSE(frames[1].text);
}

TEST_CASE("channel: the destructor detaches every connection it made", "[channel]") {
  stream::FakeClock clock;
  testing::FakeTransport transport{clock};
  Recorder owner;
  Reporter reporter{0, true, false};
  {
    Channel channel{transport, owner, reporter, "talk.wav"};
    REQUIRE(channel.connect({}));
    REQUIRE(channel.connect({}));
  }
  CHECK(transport.connections[1].aborted);
  CHECK(transport.connections[0].handler == nullptr);
  CHECK(transport.connections[1].handler == nullptr);
  transport.end(2, dropped());  // would reach a destroyed channel otherwise
  CHECK(owner.events.empty());
}

}  // namespace
}  // namespace dsasr::app
