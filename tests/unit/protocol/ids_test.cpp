#include "protocol/ids.h"

#include <set>
#include <string>

#include <catch2/catch.hpp>

using namespace dsasr::protocol;

TEST_CASE("uuid4_hex sets the version and variant bits", "[ids]") {
  std::array<uint8_t, 16> zeros{};
  CHECK(uuid4_hex(zeros) == "00000000000040008000000000000000");
  std::array<uint8_t, 16> ones;
  ones.fill(0xff);
  CHECK(uuid4_hex(ones) == "ffffffffffff4fffbfffffffffffffff");
  std::array<uint8_t, 16> seq;
  for (size_t i = 0; i < seq.size(); ++i) seq[i] = static_cast<uint8_t>(i * 17);
  CHECK(uuid4_hex(seq) == "00112233445546778899aabbccddeeff");
}

TEST_CASE("is_hex32 accepts only 32 lowercase hex digits", "[ids]") {
  CHECK(is_hex32("00112233445546778899aabbccddeeff"));
  CHECK_FALSE(is_hex32("00112233445546778899AABBCCDDEEFF"));
  CHECK_FALSE(is_hex32("00112233-4455-4677-8899-aabbccddeeff"));
  CHECK_FALSE(is_hex32("00112233445546778899aabbccddeef"));
  CHECK_FALSE(is_hex32(""));
}

TEST_CASE("random ids are well-formed version-4 uuids and distinct", "[ids]") {
  RandomIdGenerator gen;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = gen.task_id();
    REQUIRE(is_hex32(id));
    CHECK(id[12] == '4');
    CHECK(std::string("89ab").find(id[16]) != std::string::npos);
    CHECK(seen.insert(id).second);
  }
}

TEST_CASE("sequential ids are predictable; event ids carry the event_ prefix", "[ids]") {
  SequentialIdGenerator gen;
  CHECK(gen.task_id() == "00000000000040008000000000000001");
  CHECK(gen.task_id() == "00000000000040008000000000000002");
  CHECK(gen.event_id() == "event_00000000000040008000000000000003");
  IdGenerator& base = gen;
  CHECK(base.next_uuid_hex() == "00000000000040008000000000000004");
}
