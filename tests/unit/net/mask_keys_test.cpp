#include "net/mask_keys.h"

#include <cstdint>
#include <cstring>
#include <set>

#include <catch2/catch.hpp>

using dsasr::net::MaskKey;
using dsasr::net::MaskKeySource;

namespace {

uint32_t as_u32(const MaskKey& key) {
  uint32_t v;
  std::memcpy(&v, key.data(), sizeof v);
  return v;
}

}  // namespace

TEST_CASE("mask keys: successive keys differ, across many pool refills", "[mask_keys]") {
  MaskKeySource source;
  std::set<uint32_t> seen;
  constexpr int kKeys = 1000;  // about 16 refills of the pool
  uint32_t previous = 0;
  int repeats_of_previous = 0;
  for (int i = 0; i < kKeys; ++i) {
    auto key = source.next();
    REQUIRE(key.ok());
    uint32_t v = as_u32(*key);
    if (i > 0 && v == previous) ++repeats_of_previous;
    previous = v;
    seen.insert(v);
  }
  CHECK(repeats_of_previous == 0);
  // 1000 random 32-bit keys collide at all with probability ~1e-4; a few would mean a bug.
  CHECK(seen.size() >= kKeys - 2);
}

TEST_CASE("mask keys: two sources do not produce the same sequence", "[mask_keys]") {
  MaskKeySource a;
  MaskKeySource b;
  int same = 0;
  for (int i = 0; i < 8; ++i) {
    auto ka = a.next();
    auto kb = b.next();
    REQUIRE(ka.ok());
    REQUIRE(kb.ok());
    if (*ka == *kb) ++same;
  }
  CHECK(same < 2);
}
