#include "net/timer_queue.h"

#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using dsasr::net::TimerId;
using dsasr::net::TimerQueue;
using std::chrono::milliseconds;

namespace {

const TimerQueue::Clock::time_point t0{};

}  // namespace

TEST_CASE("timer queue: runs due timers in deadline order, ties in scheduling order",
          "[timer_queue]") {
  TimerQueue q;
  std::string order;
  q.add(t0 + milliseconds(30), [&] { order += "a"; });
  q.add(t0 + milliseconds(10), [&] { order += "b"; });
  q.add(t0 + milliseconds(20), [&] { order += "c"; });
  q.add(t0 + milliseconds(10), [&] { order += "d"; });
  REQUIRE(q.next_deadline() == t0 + milliseconds(10));
  CHECK(q.run_due(t0 + milliseconds(9)) == 0);
  CHECK(order.empty());
  CHECK(q.run_due(t0 + milliseconds(20)) == 3);
  CHECK(order == "bdc");
  CHECK(q.next_deadline() == t0 + milliseconds(30));
  CHECK(q.run_due(t0 + milliseconds(100)) == 1);
  CHECK(order == "bdca");
  CHECK_FALSE(q.next_deadline().has_value());
  CHECK(q.size() == 0);
}

TEST_CASE("timer queue: cancel removes a pending timer and is a no-op afterwards",
          "[timer_queue]") {
  TimerQueue q;
  int ran = 0;
  TimerId a = q.add(t0 + milliseconds(1), [&] { ++ran; });
  TimerId b = q.add(t0 + milliseconds(2), [&] { ran += 10; });
  CHECK(a != b);
  CHECK(q.cancel(a));
  CHECK_FALSE(q.cancel(a));
  CHECK_FALSE(q.cancel(12345));
  CHECK(q.next_deadline() == t0 + milliseconds(2));
  q.run_due(t0 + milliseconds(5));
  CHECK(ran == 10);
  CHECK_FALSE(q.cancel(b));  // already fired
}

TEST_CASE("timer queue: a callback may cancel a timer due in the same pass, or itself",
          "[timer_queue]") {
  TimerQueue q;
  std::string order;
  TimerId self = 0;
  TimerId victim = 0;
  self = q.add(t0 + milliseconds(1), [&] {
    order += "s";
    CHECK_FALSE(q.cancel(self));  // it has already left the queue
    CHECK(q.cancel(victim));
  });
  victim = q.add(t0 + milliseconds(2), [&] { order += "v"; });
  q.add(t0 + milliseconds(3), [&] { order += "w"; });
  CHECK(q.run_due(t0 + milliseconds(3)) == 2);
  CHECK(order == "sw");
}

TEST_CASE("timer queue: timers added by a callback wait for the next pass even when due",
          "[timer_queue]") {
  TimerQueue q;
  std::string order;
  q.add(t0 + milliseconds(5), [&] {
    order += "a";
    q.add(t0 + milliseconds(1), [&] { order += "n"; });  // already due
  });
  q.add(t0 + milliseconds(6), [&] { order += "b"; });
  CHECK(q.run_due(t0 + milliseconds(10)) == 2);
  CHECK(order == "ab");
  CHECK(q.next_deadline() == t0 + milliseconds(1));
  CHECK(q.run_due(t0 + milliseconds(10)) == 1);
  CHECK(order == "abn");
}

TEST_CASE("timer queue: clear drops everything", "[timer_queue]") {
  TimerQueue q;
  bool ran = false;
  q.add(t0, [&] { ran = true; });
  q.clear();
  CHECK(q.size() == 0);
  CHECK(q.run_due(t0 + milliseconds(1)) == 0);
  CHECK_FALSE(ran);
}
