#include "output/writer.h"

#include <catch2/catch.hpp>

#include "output/sink.h"
#include "sentences.h"

using dsasr::output::Format;
using dsasr::output::make_writer;
using dsasr::output::MemorySink;
using dsasr::output::WriterOptions;
using namespace dsasr::output::testing;

namespace {

std::string output_of(Format format) {
  MemorySink sink;
  WriterOptions o;
  o.format = format;
  o.input = "in.wav";
  auto w = make_writer(o, sink);
  w->final(english(1, 0, "Hi.", 500), "t");
  w->finish();
  return sink.data();
}

}  // namespace

TEST_CASE("the factory builds the writer for each format", "[writer]") {
  CHECK(output_of(Format::kText) == "Hi.\n");
  CHECK(output_of(Format::kJsonl) ==
        R"({"type":"final","input":"in.wav","sentence_id":1,"begin_ms":0,"end_ms":450,)"
        R"("text":"Hi.","task_id":"t"})"
        "\n");
  CHECK(output_of(Format::kSrt) == "1\n00:00:00,000 --> 00:00:00,450\nHi.\n\n");
  CHECK(output_of(Format::kVtt) == "WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.450\nHi.\n\n");
}

TEST_CASE("writers of several inputs share one sink without interleaving records", "[writer]") {
  MemorySink sink;
  WriterOptions a;
  a.text_prefix = "a.wav: ";
  WriterOptions b;
  b.text_prefix = "b.wav: ";
  auto wa = make_writer(a, sink);
  auto wb = make_writer(b, sink);
  auto s = english(1, 0, "One.", 100);
  s.translations["zh"] = "一。";
  wa->final(s, "ta");
  wb->final(s, "tb");
  wa->final(s, "ta");
  CHECK(sink.records() == std::vector<std::string>{"a.wav: One.\na.wav: 一。\n",
                                                   "b.wav: One.\nb.wav: 一。\n",
                                                   "a.wav: One.\na.wav: 一。\n"});
}

TEST_CASE("only jsonl writes a record for a gap; captions stay numbered and valid", "[writer]") {
  for (Format format : {Format::kText, Format::kSrt, Format::kVtt}) {
    MemorySink with_gap;
    MemorySink without;
    WriterOptions o;
    o.format = format;
    auto a = make_writer(o, with_gap);
    auto b = make_writer(o, without);
    a->final(english(1, 0, "Hi.", 500), "t");
    b->final(english(1, 0, "Hi.", 500), "t");
    a->gap(1000, 9000);
    a->final(english(2, 9500, "Back.", 500), "t");
    b->final(english(2, 9500, "Back.", 500), "t");
    CHECK(with_gap.data() == without.data());
  }
}
