#include "emulator/audio_faults.h"

#include <catch2/catch.hpp>

namespace dsasr::emulator {
namespace {

TEST_CASE("Audio faults fire once when their audio time is reached", "[audio_faults]") {
  Faults f = *parse_faults("drop:250");
  AudioFaultTrigger t(f, 3);
  CHECK_FALSE(t.add(3200, 16000));  // 100 ms
  CHECK_FALSE(t.add(3200, 16000));  // 200 ms
  CHECK(t.add(3200, 16000) == AudioFault::kDrop);
  CHECK_FALSE(t.add(3200, 16000));
  CHECK(t.audio_ms() == Approx(400));
}

TEST_CASE("drop-first fires only on the first connection", "[audio_faults]") {
  Faults f = *parse_faults("drop-first:100");
  AudioFaultTrigger first(f, 1);
  AudioFaultTrigger second(f, 2);
  CHECK(first.add(1600, 8000) == AudioFault::kDrop);
  CHECK_FALSE(second.add(1600, 8000));
}

TEST_CASE("fail and close1011 faults", "[audio_faults]") {
  Faults f = *parse_faults("close1011:100,fail:50:X");
  AudioFaultTrigger t(f, 1);
  CHECK(t.add(1600, 16000) == AudioFault::kFail);
  CHECK(t.add(1600, 16000) == AudioFault::kClose1011);
}

}  // namespace
}  // namespace dsasr::emulator
