#include "output/tee_writer.h"

#include <catch2/catch.hpp>

#include "output/sink.h"

using dsasr::output::Format;
using dsasr::output::make_writer;
using dsasr::output::MemorySink;
using dsasr::output::Stats;
using dsasr::output::TeeWriter;
using dsasr::output::Writer;
using dsasr::output::WriterOptions;
using dsasr::protocol::Sentence;

namespace {

std::unique_ptr<Writer> writer_for(Format f, MemorySink& sink) {
  WriterOptions o;
  o.format = f;
  o.input = "a.wav";
  o.partials = true;
  return make_writer(o, sink);
}

}  // namespace

TEST_CASE("a tee feeds every writer the same events, each in its own format", "[tee_writer]") {
  MemorySink text, jsonl, srt, vtt;
  std::vector<std::unique_ptr<Writer>> writers;
  writers.push_back(writer_for(Format::kText, text));
  writers.push_back(writer_for(Format::kJsonl, jsonl));
  writers.push_back(writer_for(Format::kSrt, srt));
  writers.push_back(writer_for(Format::kVtt, vtt));
  TeeWriter tee(std::move(writers));

  Sentence s;
  s.sentence_id = 1;
  s.begin_ms = 1000;
  s.text = "Hello";
  tee.partial(s, "t");
  s.end_ms = 2500;
  s.text = "Hello world.";
  tee.final(s, "t");
  tee.gap(3000, 4000);
  tee.stats(Stats{});
  tee.error("internal", "boom", 1);
  tee.finish();

  CHECK(text.data() == "Hello world.\n");
  // jsonl: the partial, the final, the gap, the stats and the error record, in order.
  REQUIRE(jsonl.records().size() == 5);
  CHECK(jsonl.records()[0].find("\"type\":\"partial\"") != std::string::npos);
  CHECK(jsonl.records()[1].find("\"text\":\"Hello world.\"") != std::string::npos);
  CHECK(jsonl.records()[2].find("\"type\":\"gap\"") != std::string::npos);
  CHECK(jsonl.records()[3].find("\"type\":\"stats\"") != std::string::npos);
  CHECK(jsonl.records()[4].find("\"type\":\"error\"") != std::string::npos);
  CHECK(srt.data() == "1\n00:00:01,000 --> 00:00:02,500\nHello world.\n\n");
  CHECK(vtt.data() == "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHello world.\n\n");
}
