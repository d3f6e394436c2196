#include "stream/retry_policy.h"

#include <catch2/catch.hpp>
#include <vector>

using dsasr::stream::RetryPolicy;
using namespace std::chrono_literals;

TEST_CASE("delays double from 1 s to 30 s, jittered into [half, whole)", "[retry_policy]") {
  double u = 0.0;
  RetryPolicy low(12, [&] { return u; });
  std::vector<int64_t> got;
  for (int i = 0; i < 12; ++i) got.push_back(low.next_delay()->count());
  CHECK(got == std::vector<int64_t>{500, 1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000, 15000,
                                    15000, 15000});
  CHECK_FALSE(low.next_delay().has_value());

  u = 0.999;
  RetryPolicy high(3, [&] { return u; });
  CHECK(high.next_delay()->count() == 999);
  CHECK(high.next_delay()->count() == 1999);
  CHECK(high.next_delay()->count() == 3998);
}

TEST_CASE("retries are counted in a row: progress resets them", "[retry_policy]") {
  RetryPolicy p(2, [] { return 0.5; });
  CHECK(p.next_delay() == 750ms);
  CHECK(p.next_delay() == 1500ms);
  CHECK_FALSE(p.next_delay().has_value());
  CHECK(p.used() == 2);
  p.progress();
  CHECK(p.used() == 0);
  CHECK(p.next_delay() == 750ms);
}

TEST_CASE("no retries: the first failure is final", "[retry_policy]") {
  RetryPolicy p(0, [] { return 0.0; });
  CHECK_FALSE(p.next_delay().has_value());
  CHECK(p.used() == 0);
}
