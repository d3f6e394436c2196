#include "protocol/make_machine.h"

#include <catch2/catch.hpp>

#include "protocol/duplex_messages.h"
#include "protocol/realtime_messages.h"

using namespace dsasr::protocol;

TEST_CASE("make_machine chooses the machine by family", "[make_machine]") {
  SequentialIdGenerator ids;
  Request duplex;
  duplex.model = "fun-asr-realtime";
  duplex.family = Family::kDuplex;
  auto d = make_machine(duplex, find_model(duplex.model), ids);
  REQUIRE(d);
  CHECK(d->task_id() == "00000000000040008000000000000001");
  Output out;
  d->open(out);
  REQUIRE(out.frames.size() == 1);
  CHECK(out.frames[0].data == *build_run_task(duplex, d->task_id()));

  Request realtime;
  realtime.model = "qwen3-asr-flash-realtime";
  realtime.family = Family::kRealtime;
  auto r = make_machine(realtime, find_model(realtime.model), ids);
  REQUIRE(r);
  CHECK(r->task_id() == "00000000000040008000000000000002");
  Output rout;
  r->open(rout);
  REQUIRE(rout.frames.size() == 1);
  CHECK(rout.frames[0].data ==
        *build_session_update(realtime, "event_00000000000040008000000000000003"));

  // An unlisted model of the realtime family.
  realtime.model = "qwen9-asr";
  auto u = make_machine(realtime, nullptr, ids);
  Output uout;
  u->open(uout);
  CHECK(uout.frames[0].data.find("session.update") != std::string::npos);
}
