#include "protocol/prices.h"

#include <catch2/catch.hpp>

using namespace dsasr::protocol;

TEST_CASE("prices: the seeds' figures per region", "[prices]") {
  auto fun = price_of("fun-asr-realtime", false);
  REQUIRE(fun);
  CHECK(fun->per_second == Approx(0.00033));
  CHECK(fun->currency == "CNY");
  CHECK(price_of("fun-asr-realtime", true)->per_second == Approx(0.00066));
  CHECK(price_of("fun-asr-realtime-2025-11-07", true)->per_second == Approx(0.00066));
  CHECK(price_of("gummy-realtime-v1", false)->per_second == Approx(0.00015));
  CHECK(price_of("gummy-chat-v1", false)->per_second == Approx(0.00024));
  // No international price in the seeds, and no price at all for the other families.
  CHECK_FALSE(price_of("gummy-realtime-v1", true));
  CHECK_FALSE(price_of("paraformer-realtime-v2", false));
  CHECK_FALSE(price_of("qwen3-asr-flash-realtime", false));
}
