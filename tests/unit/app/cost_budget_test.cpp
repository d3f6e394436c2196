#include "app/cost_budget.h"

#include <catch2/catch.hpp>

using dsasr::app::CostBudget;

TEST_CASE("cost budget: audio goes out until the estimate would pass the limit", "[cost]") {
  CostBudget b(0.0033, 0.00033);  // 10 s of fun-asr-realtime
  for (int i = 0; i < 100; ++i) REQUIRE(b.take(100));
  CHECK(b.sent_ms() == 10000);
  CHECK_FALSE(b.exhausted());
  CHECK_FALSE(b.take(100));  // 10.1 s would cost more
  CHECK(b.exhausted());
  CHECK(b.sent_ms() == 10000);
}

TEST_CASE("cost budget: without a limit everything is counted and allowed", "[cost]") {
  CostBudget b;
  CHECK(b.take(3600 * 1000));
  CHECK_FALSE(b.exhausted());
  CHECK(b.sent_ms() == 3600 * 1000);
}

TEST_CASE("cost estimate: billed seconds when the service gave them, else sent seconds", "[cost]") {
  dsasr::cli::CostConfig cost;
  dsasr::output::Stats stats{};
  stats.sent_audio_ms = 12000;
  CHECK_FALSE(dsasr::app::estimate_cost(stats, cost));  // no price
  cost.price_per_second = 0.00033;
  auto sent = dsasr::app::estimate_cost(stats, cost);
  REQUIRE(sent);
  CHECK(sent->amount == Approx(12 * 0.00033));
  CHECK(sent->currency == "CNY");
  stats.billed_seconds = 13;
  CHECK(dsasr::app::estimate_cost(stats, cost)->amount == Approx(13 * 0.00033));
}
