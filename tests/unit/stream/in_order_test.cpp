#include "stream/in_order.h"

#include <catch2/catch.hpp>
#include <string>

using dsasr::stream::InOrder;

TEST_CASE("in order: a later segment's results wait for the earlier segments", "[in_order]") {
  InOrder<std::string> o(3);
  o.add(2, "c1");
  o.add(1, "b1");
  CHECK(o.take().empty());  // segment 0 has said nothing yet
  o.add(0, "a1");
  CHECK(o.take() == std::vector<std::string>{"a1"});  // the current segment goes out at once
  o.add(1, "b2");
  o.done(0);
  CHECK(o.take() == std::vector<std::string>{"b1", "b2"});
  CHECK(o.current() == 1);
  CHECK(o.held() == 1);  // c1
  o.done(2);             // segment 2 finishes before segment 1
  CHECK(o.take().empty());
  o.add(1, "b3");
  o.done(1);
  CHECK(o.take() == std::vector<std::string>{"b3", "c1"});
  CHECK(o.current() == 3);
  CHECK(o.held() == 0);
}

TEST_CASE("in order: a failed segment is done too; nothing is lost", "[in_order]") {
  InOrder<int> o(2);
  o.add(1, 20);
  o.done(0);  // failed before any result: the next segment's results follow
  CHECK(o.take() == std::vector<int>{20});
  o.done(1);
  CHECK(o.take().empty());
}
