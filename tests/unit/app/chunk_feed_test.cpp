#include "app/chunk_feed.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace dsasr;
using app::next_chunk;
using app::Take;

namespace {
void write(audio::Ring& ring, size_t n) {
  std::vector<int16_t> samples(n, 7);
  REQUIRE(ring.write(samples.data(), n));
}
}  // namespace

TEST_CASE("chunk feed: whole chunks while the input is open", "[chunk_feed]") {
  audio::Ring ring(16000);
  CHECK(next_chunk(ring, 1600, std::nullopt).kind == Take::Kind::kWait);
  write(ring, 1599);
  CHECK(next_chunk(ring, 1600, std::nullopt).kind == Take::Kind::kWait);  // not a whole chunk
  write(ring, 2000);
  Take t = next_chunk(ring, 1600, std::nullopt);
  CHECK(t.kind == Take::Kind::kChunk);
  CHECK(t.samples == 1600);
}

TEST_CASE("chunk feed: the rest goes out once the input has ended", "[chunk_feed]") {
  audio::Ring ring(16000);
  write(ring, 700);
  ring.close();
  Take t = next_chunk(ring, 1600, std::nullopt);
  CHECK(t.kind == Take::Kind::kChunk);
  CHECK(t.samples == 700);
  ring.advance(700);
  CHECK(next_chunk(ring, 1600, std::nullopt).kind == Take::Kind::kEnd);
}

TEST_CASE("chunk feed: after Ctrl+C the input ends at the stop position", "[chunk_feed]") {
  audio::Ring ring(16000);
  write(ring, 5000);  // the capture wrote more than may still be sent
  Take t = next_chunk(ring, 1600, uint64_t{2000});
  CHECK(t.kind == Take::Kind::kChunk);
  CHECK(t.samples == 1600);
  ring.advance(1600);
  t = next_chunk(ring, 1600, uint64_t{2000});
  CHECK(t.kind == Take::Kind::kChunk);
  CHECK(t.samples == 400);  // a short last chunk: the input has ended here
  ring.advance(400);
  CHECK(next_chunk(ring, 1600, uint64_t{2000}).kind == Take::Kind::kEnd);
}

TEST_CASE("chunk feed: a failed input ends like a closed one", "[chunk_feed]") {
  audio::Ring ring(16000);
  ring.fail("broken");
  CHECK(next_chunk(ring, 1600, std::nullopt).kind == Take::Kind::kEnd);
}
