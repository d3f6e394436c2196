#include "output/jsonl_writer.h"

#include <catch2/catch.hpp>

#include "output/sink.h"
#include "util/json.h"

using dsasr::output::JsonlWriter;
using dsasr::output::MemorySink;
using dsasr::output::Stats;
using dsasr::output::WriterOptions;
using dsasr::protocol::Sentence;

namespace {

WriterOptions options(const std::string& input = "meeting.wav") {
  WriterOptions o;
  o.input = input;
  return o;
}

Sentence hello() {
  Sentence s;
  s.sentence_id = 3;
  s.begin_ms = 170;
  s.end_ms = 920;
  s.text = "Hello, world.";
  s.words = {{170, 400, "Hello", ","}, {400, 920, "world", "."}};
  return s;
}

}  // namespace

TEST_CASE("jsonl writes a final with the documented members in order", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options(), sink);
  w.final(hello(), "task-1");
  CHECK(sink.data() ==
        R"({"type":"final","input":"meeting.wav","sentence_id":3,"begin_ms":170,"end_ms":920,)"
        R"("text":"Hello, world.","task_id":"task-1"})"
        "\n");
}

TEST_CASE("jsonl writes words only when asked", "[jsonl_writer]") {
  MemorySink sink;
  WriterOptions o = options("-");
  o.words = true;
  JsonlWriter w(o, sink);
  w.final(hello(), "t");
  CHECK(sink.data() ==
        R"({"type":"final","input":"-","sentence_id":3,"begin_ms":170,"end_ms":920,)"
        R"("text":"Hello, world.","words":[{"begin_ms":170,"end_ms":400,"text":"Hello",)"
        R"("punct":","},{"begin_ms":400,"end_ms":920,"text":"world","punct":"."}],)"
        R"("task_id":"t"})"
        "\n");
}

TEST_CASE("jsonl writes an empty words array for a sentence without words", "[jsonl_writer]") {
  MemorySink sink;
  WriterOptions o = options();
  o.words = true;
  JsonlWriter w(o, sink);
  Sentence s = hello();
  s.words.clear();
  w.final(s, "t");
  CHECK(sink.data().find(R"("words":[],)") != std::string::npos);
}

TEST_CASE("jsonl writes translations, language and emotion when present", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options("mic"), sink);
  Sentence s;
  s.sentence_id = 0;
  s.begin_ms = 100;
  s.end_ms = 2720;
  s.text = "这是一句测试。";
  s.translations = {{"en", "This is a test."}, {"ja", "テスト"}};
  s.language = "zh";
  s.emotion = "neutral";
  w.final(s, "e347");
  CHECK(sink.data() ==
        R"({"type":"final","input":"mic","sentence_id":0,"begin_ms":100,"end_ms":2720,)"
        R"("text":"这是一句测试。","translations":{"en":"This is a test.","ja":"テスト"},)"
        R"("language":"zh","emotion":"neutral","task_id":"e347"})"
        "\n");
}

TEST_CASE("jsonl keeps every field the SDKs parse under stable names, and raw last",
          "[jsonl_writer]") {
  MemorySink sink;
  WriterOptions o = options("mic");
  o.words = true;
  o.partials = true;
  JsonlWriter w(o, sink);
  Sentence s;
  s.sentence_id = 3;
  s.begin_ms = 100;
  s.end_ms = 2720;
  s.text = "好，我知道了";
  s.words = {{100, 300, "好", "，", true, std::string("1")},
             {300, 2720, "我知道了", "", false, std::string(R"("spk-b")")}};
  s.emotion = "positive";
  s.emotion_confidence = 0.875;
  s.service_sentence_id = 7;
  s.speaker_id = "1";
  s.vad_pre_end = true;
  s.pre_end_failed = false;
  s.pre_end_timemillis = 12;
  s.pre_end_start_time = 2500;
  s.pre_end_end_time = 2700;
  s.usage_seconds = 3;
  s.raw = R"({"header":{"event":"result-generated"},"payload":{}})";
  w.final(s, "t1");
  CHECK(sink.data() ==
        R"({"type":"final","input":"mic","sentence_id":3,"begin_ms":100,"end_ms":2720,)"
        R"("text":"好，我知道了","words":[{"begin_ms":100,"end_ms":300,"text":"好","punct":"，",)"
        R"("fixed":true,"speaker_id":1},{"begin_ms":300,"end_ms":2720,"text":"我知道了",)"
        R"("punct":"","fixed":false,"speaker_id":"spk-b"}],"emotion":"positive",)"
        R"("emotion_confidence":0.875,"service_sentence_id":7,"speaker_id":1,)"
        R"("vad_pre_end":true,"pre_end_failed":false,"pre_end_timemillis":12,)"
        R"("pre_end_start_time":2500,"pre_end_end_time":2700,"billed_seconds":3,)"
        R"("task_id":"t1","raw":{"header":{"event":"result-generated"},"payload":{}}})"
        "\n");

  // A partial carries its stash (already at the end of its text).
  MemorySink psink;
  JsonlWriter pw(o, psink);
  Sentence p;
  p.sentence_id = 1;
  p.text = "今天天气";
  p.stash = "天气";
  pw.partial(p, "t2");
  CHECK(psink.data() == R"({"type":"partial","input":"mic","sentence_id":1,"begin_ms":0,)"
                        R"("text":"今天天气","words":[],"stash":"天气","task_id":"t2"})"
                        "\n");
}

TEST_CASE("jsonl takes a final's missing end from its last word, else its begin",
          "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options(), sink);
  Sentence s = hello();
  s.end_ms.reset();
  w.final(s, "t");
  s.words.clear();
  w.final(s, "t");
  REQUIRE(sink.records().size() == 2);
  CHECK(sink.records()[0].find(R"("end_ms":920,)") != std::string::npos);
  CHECK(sink.records()[1].find(R"("end_ms":170,)") != std::string::npos);
}

TEST_CASE("jsonl writes partials only with the partials option, without end_ms", "[jsonl_writer]") {
  Sentence s = hello();
  s.end_ms.reset();
  {
    MemorySink sink;
    JsonlWriter w(options(), sink);
    w.partial(s, "t");
    CHECK(sink.data().empty());
  }
  MemorySink sink;
  WriterOptions o = options();
  o.partials = true;
  JsonlWriter w(o, sink);
  w.partial(s, "t");
  CHECK(sink.data() == R"({"type":"partial","input":"meeting.wav","sentence_id":3,"begin_ms":170,)"
                       R"("text":"Hello, world.","task_id":"t"})"
                       "\n");
}

TEST_CASE("jsonl writes errors", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options(), sink);
  w.error("InvalidParameter", "bad \"model\"", 6);
  CHECK(sink.data() == R"({"type":"error","input":"meeting.wav","code":"InvalidParameter",)"
                       R"("message":"bad \"model\"","exit_code":6})"
                       "\n");
}

TEST_CASE("jsonl writes gaps with their length", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options("mic"), sink);
  w.gap(61000, 74300);
  CHECK(sink.data() == R"({"type":"gap","input":"mic","begin_ms":61000,"end_ms":74300,)"
                       R"("duration_ms":13300,"reason":"buffer_full"})"
                       "\n");
}

TEST_CASE("jsonl writes stats and omits unknown optionals", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options(), sink);
  Stats full;
  full.task_ids = {"a", "b"};
  full.audio_ms = 12345;
  full.billed_seconds = 13;
  full.first_package_delay_ms = 310;
  full.last_package_delay_ms = 95;
  full.reconnects = 1;
  full.sent_audio_ms = 9000;
  full.estimated_cost = dsasr::output::Cost{0.00429, "CNY"};
  w.stats(full);
  Stats bare;
  bare.billed_seconds = 2.5;
  w.stats(bare);
  REQUIRE(sink.records().size() == 2);
  CHECK(sink.records()[0] ==
        R"({"type":"stats","input":"meeting.wav","task_ids":["a","b"],"audio_ms":12345,)"
        R"("sent_audio_ms":9000,"billed_seconds":13,"first_package_delay_ms":310,)"
        R"("last_package_delay_ms":95,"reconnects":1,)"
        R"("estimated_cost":{"amount":0.00429,"currency":"CNY"}})"
        "\n");
  CHECK(sink.records()[1] == R"({"type":"stats","input":"meeting.wav","task_ids":[],"audio_ms":0,)"
                             R"("sent_audio_ms":0,"billed_seconds":2.5,"reconnects":0})"
                             "\n");
}

TEST_CASE("jsonl escapes strings and keeps valid UTF-8 unescaped", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options("dir\\a \"b\".wav"), sink);
  Sentence s;
  s.end_ms = 1;
  s.text = "tab\there\nnew \x01 é 你 \xF0\x9F\x98\x80 bad\xFF";
  w.final(s, "t");
  const std::string& line = sink.data();
  CHECK(line.find(R"("input":"dir\\a \"b\".wav")") != std::string::npos);
  CHECK(line.find(R"("text":"tab\there\nnew \u0001 é 你 )"
                  "\xF0\x9F\x98\x80"
                  R"( bad)"
                  "\xEF\xBF\xBD\"") != std::string::npos);
  // One line, and it parses back.
  CHECK(line.find('\n') == line.size() - 1);
  rapidjson::Document doc;
  REQUIRE(dsasr::util::json::parse(std::string_view(line).substr(0, line.size() - 1), doc));
  CHECK(dsasr::util::json::get_string(doc, "input") == "dir\\a \"b\".wav");
}

TEST_CASE("jsonl finish writes nothing", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options(), sink);
  w.finish();
  CHECK(sink.data().empty());
}

TEST_CASE("jsonl names the stream of mic --with-system in every record", "[jsonl_writer]") {
  MemorySink sink;
  WriterOptions o = options("mic");
  o.source = "system";
  JsonlWriter w(o, sink);
  w.final(hello(), "task-1");
  w.gap(1000, 2000);
  CHECK(sink.data() ==
        R"({"type":"final","input":"mic","source":"system","sentence_id":3,"begin_ms":170,)"
        R"("end_ms":920,"text":"Hello, world.","task_id":"task-1"})"
        "\n"
        R"({"type":"gap","input":"mic","source":"system","begin_ms":1000,"end_ms":2000,)"
        R"("duration_ms":1000,"reason":"buffer_full"})"
        "\n");
}

TEST_CASE("jsonl writes Qwen-Omni's response id and usage tokens", "[jsonl_writer]") {
  MemorySink sink;
  JsonlWriter w(options(), sink);
  Sentence s = hello();
  s.words.clear();
  s.response_id = "resp_1";
  s.input_tokens = 120;
  s.output_tokens = 9;
  w.final(s, "sess_1");
  Stats st;
  st.task_ids = {"sess_1"};
  st.audio_ms = 2000;
  st.input_tokens = 120;
  st.output_tokens = 9;
  w.stats(st);
  REQUIRE(sink.records().size() == 2);
  CHECK(sink.records()[0] ==
        R"({"type":"final","input":"meeting.wav","sentence_id":3,"begin_ms":170,"end_ms":920,)"
        R"("text":"Hello, world.","response_id":"resp_1","input_tokens":120,"output_tokens":9,)"
        R"("task_id":"sess_1"})"
        "\n");
  CHECK(sink.records()[1] ==
        R"({"type":"stats","input":"meeting.wav","task_ids":["sess_1"],"audio_ms":2000,)"
        R"("sent_audio_ms":0,"input_tokens":120,"output_tokens":9,"reconnects":0})"
        "\n");
}
