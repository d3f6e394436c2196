#include "app/usage_meter.h"

#include <catch2/catch.hpp>

namespace dsasr::app {
namespace {

using namespace std::chrono_literals;

const stream::TimePoint kT0 = stream::FakeClock().now();

TEST_CASE("first package: first audio to the first result with text", "[usage_meter]") {
  UsageMeter m;
  m.task_started();
  m.result(true, kT0);  // no audio sent yet: not a delay
  m.audio_sent(kT0 + 10ms);
  m.audio_sent(kT0 + 110ms);
  m.result(false, kT0 + 200ms);  // an empty interim result does not count
  m.result(true, kT0 + 250ms);
  m.result(true, kT0 + 900ms);
  output::Stats s;
  m.fill(s);
  CHECK(s.first_package_delay_ms == 240);
  CHECK_FALSE(s.last_package_delay_ms);
  CHECK_FALSE(s.billed_seconds);
}

TEST_CASE("billing adds up over the tasks of a resumed input", "[usage_meter]") {
  UsageMeter m;
  m.task_started();
  m.billed(3.0);
  m.billed(7.0);  // a running total: the largest counts
  m.billed(std::nullopt);
  // The connection drops: the task never finishes, its 7 s are not counted (the service bills
  // what it finished; the resumed task is fed the same audio again).
  m.task_started();
  m.billed(5.0);
  m.finish_sent(kT0);
  m.task_finished(kT0 + 80ms);
  output::Stats s;
  m.fill(s);
  CHECK(s.billed_seconds == 5.0);
  CHECK(s.last_package_delay_ms == 80);

  m.task_started();
  m.billed(2.0);
  m.task_finished(kT0 + 1s);
  m.fill(s);
  CHECK(s.billed_seconds == 7.0);
  CHECK(s.last_package_delay_ms == 80);  // no end of input was sent in that task
}

TEST_CASE("Qwen-Omni tokens add up over the answers, absent when none were reported",
          "[usage_meter]") {
  UsageMeter m;
  output::Stats s;
  m.tokens(std::nullopt, std::nullopt);
  m.fill(s);
  CHECK_FALSE(s.input_tokens);
  CHECK_FALSE(s.output_tokens);
  m.task_started();
  m.tokens(120, 9);
  m.task_started();  // a resumed input: the new session's answers add to the first's
  m.tokens(80, std::nullopt);
  m.tokens(std::nullopt, 4);
  m.fill(s);
  CHECK(s.input_tokens == 200);
  CHECK(s.output_tokens == 13);
}

}  // namespace
}  // namespace dsasr::app
