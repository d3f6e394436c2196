#include "emulator/faults.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("Every fault spec parses", "[faults]") {
  auto f = parse_faults(
      "drop:1500,drop-first:200,close1011:300,fail-start:Boom,fail:400:Arbitrary.Code,"
      "throttle:2,slow:0.5,delay-start:700,fragment:16,unknown-fields,non-json,oversized:70000,"
      "unauthorized");
  REQUIRE(f.ok());
  CHECK(*f->drop_ms == 1500);
  CHECK(*f->drop_first_ms == 200);
  CHECK(*f->close1011_ms == 300);
  CHECK(*f->fail_start_code == "Boom");
  CHECK(*f->fail_ms == 400);
  CHECK(f->fail_code == "Arbitrary.Code");
  CHECK(*f->throttle_count == 2);
  CHECK(*f->slow_factor == Approx(0.5));
  CHECK(*f->delay_start_ms == 700);
  CHECK(*f->fragment_bytes == 16);
  CHECK(f->unknown_fields);
  CHECK(f->non_json);
  CHECK(*f->oversized_bytes == 70000);
  CHECK(f->unauthorized);
  CHECK_FALSE(f->wrong_task_id);
  CHECK_FALSE(f->after_finish_ms);
  CHECK(parse_faults("").ok());
}

TEST_CASE("wrong-task-id takes an optional ending, after-finish an optional delay", "[faults]") {
  auto plain = parse_faults("wrong-task-id,after-finish");
  REQUIRE(plain.ok());
  CHECK(plain->wrong_task_id);
  CHECK(plain->wrong_task_end == ForeignTaskEnd::kNone);
  CHECK(*plain->after_finish_ms == kDefaultAfterFinishMs);
  auto finished = parse_faults("wrong-task-id:finished,after-finish:0");
  REQUIRE(finished.ok());
  CHECK(finished->wrong_task_end == ForeignTaskEnd::kFinished);
  CHECK(*finished->after_finish_ms == 0);
  auto failed = parse_faults("wrong-task-id:failed,after-finish:1500");
  REQUIRE(failed.ok());
  CHECK(failed->wrong_task_end == ForeignTaskEnd::kFailed);
  CHECK(*failed->after_finish_ms == 1500);
}

TEST_CASE("Bad fault specs are named in the error", "[faults]") {
  for (const char* bad :
       {"explode", "drop", "drop:x", "drop:-1", "slow:0", "fragment:0", "fail:10",
        "fail-start:", "non-json:1", "drop:10,,", "wrong-task-id:", "wrong-task-id:other",
        "wrong-task-id:failed:1", "after-finish:", "after-finish:-5", "after-finish:1:2"}) {
    CAPTURE(bad);
    auto f = parse_faults(bad);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().message.find("unknown fault spec") != std::string::npos);
  }
  CHECK(parse_faults("drop:10,bogus").error().message == "unknown fault spec 'bogus'");
}

}  // namespace
}  // namespace dsasr::emulator
