#include "protocol/duplex.h"

#include <climits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "protocol/duplex_messages.h"
#include "util/json.h"

using namespace dsasr::protocol;
namespace json = dsasr::util::json;

namespace {

const std::string kId = "6f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5";

std::string header(const std::string& event, const std::string& extra = "") {
  return R"({"task_id":")" + kId + R"(","event":")" + event + R"(","attributes":{})" + extra + "}";
}
std::string message(const std::string& event, const std::string& payload,
                    const std::string& extra_header = "") {
  return R"({"header":)" + header(event, extra_header) + R"(,"payload":)" + payload + "}";
}
const std::string kStarted = message("task-started", "{}");
const std::string kFinished = message("task-finished", R"({"output":{},"usage":null})");
std::string result(const std::string& output, const std::string& usage = "null") {
  return message("result-generated", R"({"output":)" + output + R"(,"usage":)" + usage + "}");
}
std::string failed(const std::string& code, const std::string& text) {
  return R"({"header":{"task_id":")" + kId + R"(","event":"task-failed","error_code":")" + code +
         R"(","error_message":")" + text + R"(","attributes":{}},"payload":{}})";
}

Request request(const std::string& model) {
  Request r;
  r.model = model;
  r.sample_rate_hz = 16000;
  return r;
}

Output feed(Machine& m, std::string_view msg) {
  Output out;
  m.receive(msg, out);
  return out;
}

// True when `text` is valid UTF-8 (checked by RapidJSON's validating parser).
bool is_valid_utf8(const std::string& text) {
  std::string quoted;
  json::append_quoted(quoted, text);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(quoted.data(), quoted.size());
  return !doc.HasParseError();
}

template <class T>
std::vector<T> events(const Output& out) {
  std::vector<T> found;
  for (const Event& e : out.events) {
    if (const T* t = std::get_if<T>(&e)) found.push_back(*t);
  }
  return found;
}

// A machine for `model` that has sent run-task and received task-started.
DuplexMachine started(const std::string& model, Request r) {
  DuplexMachine m(std::move(r), find_model(model), kId);
  Output out;
  m.open(out);
  REQUIRE(out.frames.size() == 1);
  Output s = feed(m, kStarted);
  REQUIRE(events<Started>(s).size() == 1);
  return m;
}
DuplexMachine started(const std::string& model) {
  return started(model, request(model));
}

}  // namespace

TEST_CASE("open sends run-task; no audio before task-started", "[duplex]") {
  Request r = request("fun-asr-realtime");
  r.parameters = {{"language_hints", "[\"zh\"]"}};
  DuplexMachine m(r, find_model("fun-asr-realtime"), kId);
  CHECK(m.task_id() == kId);
  Output out;
  m.open(out);
  REQUIRE(out.frames.size() == 1);
  CHECK(out.frames[0].kind == Frame::Kind::kText);
  CHECK(out.frames[0].data == *build_run_task(r, kId));
  CHECK(out.events.empty());
  CHECK_FALSE(m.accepting_audio());
  CHECK_FALSE(m.done());

  const int16_t samples[2] = {1, 2};
  Output early;
  m.audio(samples, 2, early);
  CHECK(early.frames.empty());

  Output again;
  m.open(again);  // a second open is ignored
  CHECK(again.frames.empty());

  Output s = feed(m, message("task-started", "{}", R"(,"extra":{"x":1})"));
  REQUIRE(s.events.size() == 1);
  CHECK(std::get<Started>(s.events[0]).task_id == kId);
  CHECK(m.accepting_audio());
  CHECK_FALSE(m.wants_end_of_input());
}

TEST_CASE("audio: one little-endian binary frame per call", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  const int16_t samples[4] = {0x0102, -2, INT16_MIN, INT16_MAX};
  Output out;
  m.audio(samples, 4, out);
  m.audio(samples, 1, out);
  m.audio(samples, 0, out);  // empty: no frame
  REQUIRE(out.frames.size() == 2);
  CHECK(out.frames[0].kind == Frame::Kind::kBinary);
  CHECK(out.frames[0].data == std::string("\x02\x01\xfe\xff\x00\x80\xff\x7f", 8));
  CHECK(out.frames[1].data == std::string("\x02\x01", 2));
  CHECK(out.events.empty());
}

TEST_CASE("finish sends finish-task once and stops audio", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  Output out;
  m.finish(out);
  REQUIRE(out.frames.size() == 1);
  CHECK(out.frames[0].kind == Frame::Kind::kText);
  CHECK(out.frames[0].data ==
        R"({"header":{"action":"finish-task","task_id":"6f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5",)"
        R"("streaming":"duplex"},"payload":{"input":{}}})");
  CHECK_FALSE(m.accepting_audio());
  Output more;
  m.finish(more);
  const int16_t s = 7;
  m.audio(&s, 1, more);
  CHECK(more.frames.empty());
  CHECK_FALSE(m.done());
  Output end = feed(m, kFinished);
  REQUIRE(end.events.size() == 1);
  CHECK(std::get<Finished>(end.events[0]).task_id == kId);
  CHECK_FALSE(std::get<Finished>(end.events[0]).billed_seconds);
  CHECK(m.done());
}

TEST_CASE("finish before task-started is sent when the task starts", "[duplex]") {
  DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
  Output out;
  m.open(out);
  Output f;
  m.finish(f);
  CHECK(f.frames.empty());
  Output s = feed(m, kStarted);
  REQUIRE(events<Started>(s).size() == 1);
  REQUIRE(s.frames.size() == 1);
  CHECK(s.frames[0].data == build_finish_task(kId));
  CHECK_FALSE(m.accepting_audio());
}

TEST_CASE("Fun-ASR interim with end_time null is a Partial", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  Output out = feed(
      m, result(R"({"sentence":{"begin_time":170,"end_time":null,"text":"好","heartbeat":false,)"
                R"("sentence_end":false,"sentence_id":1,)"
                R"("words":[{"begin_time":170,"end_time":295,"text":"好","punctuation":""}]}})"));
  REQUIRE(out.events.size() == 2);
  const auto& p = std::get<Partial>(out.events[0]);
  CHECK(p.sentence.sentence_id == 1);
  CHECK(p.sentence.text == "好");
  CHECK(p.sentence.begin_ms == 170);
  CHECK_FALSE(p.sentence.end_ms);
  CHECK(std::get<Progress>(out.events[1]).audio_ms == 295);
}

TEST_CASE("Fun-ASR final with words, punctuation and usage", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  Output out =
      feed(m, result(R"({"sentence":{"begin_time":170,"end_time":920,"text":"好，我知道了",)"
                     R"("heartbeat":false,"sentence_end":true,"sentence_id":1,"words":[)"
                     R"({"begin_time":170,"end_time":295,"text":"好","punctuation":"，"},)"
                     R"({"begin_time":295,"end_time":920,"text":"我知道了","punctuation":""}]}})",
                     R"({"duration":3})"));
  REQUIRE(out.events.size() == 2);
  const auto& f = std::get<Final>(out.events[0]);
  CHECK(f.sentence.sentence_id == 1);
  CHECK(f.sentence.begin_ms == 170);
  CHECK(f.sentence.end_ms == 920);
  CHECK(f.sentence.text == "好，我知道了");
  REQUIRE(f.sentence.words.size() == 2);
  CHECK(f.sentence.words[0].punct == "，");
  CHECK(f.sentence.words[1].text == "我知道了");
  CHECK(f.billed_seconds == 3.0);
  CHECK(f.sentence.translations.empty());
  CHECK(std::get<Progress>(out.events[1]).audio_ms == 920);
  CHECK(m.accepting_audio());  // Fun-ASR goes on after a sentence
  CHECK_FALSE(m.wants_end_of_input());
}

TEST_CASE("a final with sentence_end true and end_time null is still a Final", "[duplex]") {
  DuplexMachine m = started("paraformer-realtime-v2");
  Output out = feed(
      m, result(R"({"sentence":{"begin_time":100,"end_time":null,"text":"你好",)"
                R"("sentence_end":true,"sentence_id":2,)"
                R"("words":[{"begin_time":100,"end_time":480,"text":"你好","punctuation":""}]}})"));
  auto finals = events<Final>(out);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.end_ms == 480);
  CHECK_FALSE(finals[0].billed_seconds);
  REQUIRE(events<Progress>(out).size() == 1);
  CHECK(events<Progress>(out)[0].audio_ms == 480);
}

TEST_CASE("heartbeat packets produce nothing", "[duplex]") {
  DuplexMachine m = started("paraformer-realtime-v2");
  Output out = feed(m, result(R"({"sentence":{"begin_time":0,"end_time":null,"text":"",)"
                              R"("heartbeat":true,"sentence_end":false,"sentence_id":0,)"
                              R"("words":[]}})"));
  CHECK(out.events.empty());
  CHECK(out.frames.empty());
  CHECK_FALSE(m.done());
}

TEST_CASE("Paraformer emotion tags reach the Final", "[duplex]") {
  DuplexMachine m = started("paraformer-realtime-8k-v2");
  Output out = feed(m, result(R"({"sentence":{"begin_time":0,"end_time":1200,"text":"好的",)"
                              R"("sentence_end":true,"sentence_id":1,"words":[],)"
                              R"("emo_tag":"negative","emo_confidence":0.75}})",
                              R"({"duration":2})"));
  auto finals = events<Final>(out);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.emotion == "negative");
  CHECK(finals[0].sentence.emotion_confidence == Approx(0.75));
}

TEST_CASE("task-finished variants", "[duplex]") {
  for (const std::string& payload :
       {std::string(R"({"output":{},"usage":null})"), std::string("{}"), std::string("null"),
        std::string(R"({"output":{"finished":true},"usage":{"duration":7}})")}) {
    INFO(payload);
    DuplexMachine m = started("fun-asr-realtime");
    Output out = feed(m, message("task-finished", payload));
    auto fin = events<Finished>(out);
    REQUIRE(fin.size() == 1);
    CHECK(out.events.size() == 1);
    CHECK(m.done());
    CHECK_FALSE(m.accepting_audio());
    if (payload.find("duration") != std::string::npos) CHECK(fin[0].billed_seconds == 7.0);
    // Anything after the end is ignored.
    CHECK(feed(m, kStarted).events.empty());
    CHECK(feed(m, "garbage").events.empty());
  }
}

TEST_CASE("task-failed: code, message and retryability", "[duplex]") {
  struct Case {
    const char* code;
    const char* text;
    bool retryable;
  };
  for (const Case& c :
       {Case{"Throttling.RateQuota", "Requests rate limit exceeded", true},
        Case{"InternalError", "internal", true}, Case{"ServiceUnavailable", "busy", true},
        Case{"CLIENT_ERROR", "request timeout after 23 seconds.", true},
        Case{"RequestTimeOut", "Response timeout!", true},
        Case{"InvalidParameter", "bad sample_rate", false},
        Case{"NO_VALID_AUDIO_ERROR", "no audio", false}, Case{"InvalidApiKey", "key", false},
        Case{"Arrearage", "pay", false}, Case{"NewCode", "never seen", false}}) {
    INFO(c.code);
    DuplexMachine m = started("fun-asr-realtime");
    Output out = feed(m, failed(c.code, c.text));
    REQUIRE(out.events.size() == 1);
    const auto& f = std::get<Failed>(out.events[0]);
    CHECK(f.code == c.code);
    CHECK(f.message == c.text);
    CHECK(f.retryable == c.retryable);
    CHECK(m.done());
  }
}

TEST_CASE("task-failed answering run-task, and without code or message", "[duplex]") {
  DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
  Output out;
  m.open(out);
  Output f = feed(m, failed("InvalidParameter", "Model not found"));
  REQUIRE(events<Failed>(f).size() == 1);
  CHECK(m.done());

  DuplexMachine bare = started("fun-asr-realtime");
  Output b = feed(bare, message("task-failed", "{}", R"(,"error_code":5)"));
  auto fails = events<Failed>(b);
  REQUIRE(fails.size() == 1);
  CHECK(fails[0].code == "TaskFailed");
  CHECK_FALSE(fails[0].message.empty());
  CHECK_FALSE(fails[0].retryable);
}

TEST_CASE("protocol violations fail the task, not retryable", "[duplex]") {
  SECTION("result before task-started") {
    DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
    Output o;
    m.open(o);
    Output out = feed(m, result(R"({"sentence":{"text":"x","sentence_end":false}})"));
    auto f = events<Failed>(out);
    REQUIRE(f.size() == 1);
    CHECK(f[0].code == "ProtocolError");
    CHECK_FALSE(f[0].retryable);
    CHECK(m.done());
  }
  SECTION("task-started twice") {
    DuplexMachine m = started("fun-asr-realtime");
    auto f = events<Failed>(feed(m, kStarted));
    REQUIRE(f.size() == 1);
    CHECK(f[0].code == "ProtocolError");
    CHECK(m.done());
  }
  SECTION("task-finished before task-started") {
    DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
    Output o;
    m.open(o);
    auto f = events<Failed>(feed(m, kFinished));
    REQUIRE(f.size() == 1);
    CHECK(f[0].code == "ProtocolError");
  }
  SECTION("task-started before run-task") {
    DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
    auto f = events<Failed>(feed(m, kStarted));
    REQUIRE(f.size() == 1);
    CHECK(f[0].code == "ProtocolError");
  }
}

TEST_CASE("odd messages give a Warning and the task goes on", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  const std::vector<std::string> odd = {
      "",
      "not json",
      "{\"header\":",
      "[]",
      "null",
      "{}",
      R"({"header":null,"payload":{}})",
      R"({"header":{"event":7},"payload":{}})",
      R"({"header":{"task_id":5},"payload":{}})",
      message("task-paused", "{}"),
      message("result-generated", "{}"),
      message("result-generated", "[]"),
      result("{}"),
      result("null"),
      result(R"({"sentence":"text"})"),
      result(R"({"sentence":null})"),
      result(R"({"other":{}})"),
      std::string("{\"header\":{\"event\":\"task-started\"},\"payload\":{\"x\":\"\xff\xfe\"}}"),
      std::string(200'000, '['),
      std::string("\xe4\xbd\xa0\xff\x01 not json \xc0\xaf"),
      std::string("\xe4\xbd\xa0\xe5\xa5\xbd not json")};
  for (const std::string& msg : odd) {
    INFO(msg.substr(0, 200));
    Output out = feed(m, msg);
    REQUIRE(out.events.size() == 1);
    const auto* w = std::get_if<Warning>(&out.events[0]);
    REQUIRE(w);
    CHECK_FALSE(w->message.empty());
    CHECK(w->message.size() < 400);
    for (char c : w->message) CHECK(static_cast<unsigned char>(c) >= 0x20);
    CHECK(is_valid_utf8(w->message));
    CHECK(out.frames.empty());
    CHECK_FALSE(m.done());
  }
  CHECK(m.accepting_audio());
}

TEST_CASE("Warnings quote UTF-8 text and mask bytes that are not UTF-8", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  Output cjk = feed(m, "\xe4\xbd\xa0\xe5\xa5\xbd not json");
  REQUIRE(events<Warning>(cjk).size() == 1);
  CHECK(events<Warning>(cjk)[0].message.find("你好 not json") != std::string::npos);
  Output bad = feed(m, "\xe4\xbd\xff not json");
  REQUIRE(events<Warning>(bad).size() == 1);
  CHECK(events<Warning>(bad)[0].message.find("??? not json") != std::string::npos);
}

TEST_CASE("oversized messages are ignored with a Warning", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  std::string big = result(R"({"sentence":{"text":")" + std::string(kMaxMessageBytes, 'a') +
                           R"(","sentence_end":true}})");
  Output out = feed(m, big);
  REQUIRE(out.events.size() == 1);
  CHECK(std::holds_alternative<Warning>(out.events[0]));
}

TEST_CASE("unknown fields everywhere are ignored", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  Output out =
      feed(m, R"({"header":{"task_id":")" + kId +
                  R"(","event":"result-generated","attributes":{"a":[1,2]},"new":true},)"
                  R"("payload":{"output":{"sentence":{"begin_time":0,"end_time":500,"text":"hi",)"
                  R"("sentence_end":true,"sentence_id":1,"vad_pre_end":false,"stash":{"text":"x"},)"
                  R"("speaker_id":null,"words":[{"begin_time":0,"end_time":500,"text":"hi",)"
                  R"("punctuation":"","fixed":true,"speaker_id":null,"extra":{}}]},"other":[]},)"
                  R"("usage":{"duration":1,"tokens":3},"extra":1},"trailer":"x"})");
  auto finals = events<Final>(out);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.text == "hi");
  CHECK(events<Warning>(out).empty());
}

TEST_CASE("task id: another spelling is accepted, another id is dropped", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  std::string dashed = "6F0C1D2E-3A4B-5C6D-7E8F-90A1B2C3D4E5";
  Output same = feed(m, R"({"header":{"task_id":")" + dashed +
                            R"(","event":"result-generated"},"payload":{"output":{"sentence":)"
                            R"({"text":"a","sentence_end":false,"begin_time":0}}}})");
  CHECK(events<Warning>(same).empty());
  CHECK(events<Partial>(same).size() == 1);
  Output other = feed(m, R"({"header":{"task_id":"ffff","event":"result-generated"},)"
                         R"("payload":{"output":{"sentence":{"text":"b","sentence_end":false}}}})");
  CHECK(events<Warning>(other).size() == 1);
  CHECK(events<Partial>(other).empty());
  // Another task's end or failure ends nothing.
  Output end = feed(m, R"({"header":{"task_id":"ffff","event":"task-finished"},"payload":{}})");
  Output failed = feed(m, R"({"header":{"task_id":"ffff","event":"task-failed",)"
                          R"("error_code":"InternalError","error_message":"x"},"payload":{}})");
  CHECK(events<Finished>(end).empty());
  CHECK(events<Failed>(failed).empty());
  CHECK_FALSE(m.done());
  Output ours = feed(m, result(R"({"sentence":{"text":"c","sentence_end":false,"begin_time":0}})"));
  CHECK(events<Partial>(ours).size() == 1);
}

TEST_CASE("task id: a service that never echoes ours is followed, with a warning", "[duplex]") {
  DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
  Output open;
  m.open(open);
  Output started_out =
      feed(m, R"({"header":{"task_id":"its-own","event":"task-started"},"payload":{}})");
  CHECK(events<Started>(started_out).size() == 1);
  CHECK(events<Warning>(started_out).size() == 1);
  Output r = feed(m, R"({"header":{"task_id":"its-own","event":"result-generated"},)"
                     R"("payload":{"output":{"sentence":{"text":"b","sentence_end":false}}}})");
  CHECK(events<Partial>(r).size() == 1);
}

TEST_CASE("Progress never decreases within a task", "[duplex]") {
  DuplexMachine m = started("fun-asr-realtime");
  feed(m,
       result(R"({"sentence":{"begin_time":0,"end_time":1500,"text":"a","sentence_end":true}})"));
  Output out =
      feed(m, result(R"({"sentence":{"begin_time":200,"text":"b","sentence_end":false}})"));
  auto p = events<Progress>(out);
  REQUIRE(p.size() == 1);
  CHECK(p[0].audio_ms == 1500);
}

TEST_CASE("every prefix and many mutations of valid messages are survived", "[duplex]") {
  const std::vector<std::string> samples = {
      kStarted,
      result(R"({"sentence":{"begin_time":170,"end_time":920,"text":"好，我知道了",)"
             R"("sentence_end":true,"sentence_id":1,"words":[{"begin_time":170,)"
             R"("end_time":295,"text":"好","punctuation":"，"}]}})",
             R"({"duration":3})"),
      result(R"({"transcription":{"sentence_id":0,"begin_time":100,"end_time":2720,"text":"这",)"
             R"("words":[],"sentence_end":true},"translations":[{"sentence_id":0,"lang":"en",)"
             R"("begin_time":100,"end_time":2720,"text":"This","words":[],"sentence_end":true}]})"),
      failed("InvalidParameter", "x"), kFinished};
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  std::mt19937 rng(7);
  const std::string alphabet = "{}[]\":,0123456789-.eEtrufalsn \\\xff\x80 abc";
  for (int round = 0; round < 400; ++round) {
    DuplexMachine m = started("gummy-realtime-v1", r);
    for (const std::string& s : samples) {
      std::string msg = s;
      if (round < 50) {
        msg = s.substr(0, static_cast<size_t>(rng() % (s.size() + 1)));
      } else {
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !msg.empty(); ++e) {
          size_t pos = rng() % msg.size();
          msg[pos] = alphabet[rng() % alphabet.size()];
        }
      }
      Output out = feed(m, msg);
      for (const Event& ev : out.events) {
        if (const auto* f = std::get_if<Final>(&ev)) CHECK(f->sentence.end_ms.has_value());
      }
    }
  }
}

TEST_CASE("Gummy: transcription and translation final in one event", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);
  Output out = feed(
      m, result(R"({"transcription":{"sentence_id":0,"begin_time":100,"end_time":2720,)"
                R"("text":"这是一句测试。","words":[{"begin_time":100,"end_time":2720,)"
                R"("text":"这是一句测试。","punctuation":"。","fixed":true,"speaker_id":null}],)"
                R"("sentence_end":true,"vad_pre_end":false},)"
                R"("translations":[{"sentence_id":0,"lang":"en","begin_time":100,"end_time":2720,)"
                R"("text":"This is a test.","words":[{"begin_time":100,"end_time":2720,)"
                R"("text":"This is a test.","punctuation":".","fixed":true,"speaker_id":null}],)"
                R"("sentence_end":true,"vad_pre_end":false}]})",
                R"({"duration":3})"));
  auto finals = events<Final>(out);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.sentence_id == 0);
  CHECK(finals[0].sentence.text == "这是一句测试。");
  CHECK(finals[0].sentence.begin_ms == 100);
  CHECK(finals[0].sentence.end_ms == 2720);
  REQUIRE(finals[0].sentence.words.size() == 1);
  CHECK(finals[0].sentence.words[0].punct == "。");
  CHECK(finals[0].sentence.translations ==
        std::map<std::string, std::string>{{"en", "This is a test."}});
  CHECK(finals[0].billed_seconds == 3.0);
  REQUIRE(events<Progress>(out).size() == 1);
  CHECK(events<Progress>(out)[0].audio_ms == 2720);
  CHECK(m.accepting_audio());  // gummy-realtime goes on
}

TEST_CASE("Gummy: a Final waits for its translation in a later event", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);

  // Interims out of sync: translation interim first, then transcription interim.
  Output t1 = feed(m, result(R"({"translations":[{"sentence_id":0,"lang":"en","begin_time":0,)"
                             R"("end_time":null,"current_time":300,"text":"Hel","words":[],)"
                             R"("sentence_end":false}]})"));
  CHECK(events<Partial>(t1).empty());
  REQUIRE(events<Progress>(t1).size() == 1);
  CHECK(events<Progress>(t1)[0].audio_ms == 300);

  Output p = feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,)"
                            R"("end_time":null,"current_time":480,"text":"你好","words":[],)"
                            R"("sentence_end":false}})"));
  auto partials = events<Partial>(p);
  REQUIRE(partials.size() == 1);
  CHECK(partials[0].sentence.text == "你好");
  CHECK_FALSE(partials[0].sentence.end_ms);
  CHECK(partials[0].sentence.translations.at("en") == "Hel");
  CHECK(events<Progress>(p)[0].audio_ms == 480);

  Output held = feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,)"
                               R"("end_time":900,"text":"你好。","words":[],"sentence_end":true}})",
                               R"({"duration":1})"));
  CHECK(events<Final>(held).empty());
  CHECK(events<Progress>(held).size() == 1);

  Output done =
      feed(m, result(R"({"translations":[{"sentence_id":0,"lang":"en","begin_time":0,)"
                     R"("end_time":900,"text":"Hello.","words":[],"sentence_end":true}]})",
                     R"({"duration":2})"));
  auto finals = events<Final>(done);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.text == "你好。");
  CHECK(finals[0].sentence.end_ms == 900);
  CHECK(finals[0].sentence.translations.at("en") == "Hello.");
  CHECK(finals[0].billed_seconds == 2.0);
}

TEST_CASE("Gummy: translation final first, transcription final emits at once", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);
  CHECK(events<Final>(feed(m, result(R"({"translations":[{"sentence_id":3,"lang":"en",)"
                                     R"("begin_time":0,"end_time":500,"text":"Yes.",)"
                                     R"("words":[],"sentence_end":true}]})")))
            .empty());
  auto finals = events<Final>(feed(m, result(R"({"transcription":{"sentence_id":3,)"
                                             R"("begin_time":0,"end_time":500,"text":"是。",)"
                                             R"("words":[],"sentence_end":true}})")));
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.sentence_id == 3);
  CHECK(finals[0].sentence.translations.at("en") == "Yes.");
}

TEST_CASE("Gummy: held Finals keep their order", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);
  feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,"end_time":500,)"
                 R"("text":"一","words":[],"sentence_end":true}})"));
  Output second = feed(
      m, result(R"({"transcription":{"sentence_id":1,"begin_time":600,"end_time":900,)"
                R"("text":"二","words":[],"sentence_end":true},"translations":[{"sentence_id":1,)"
                R"("lang":"en","text":"two","begin_time":600,"end_time":900,"words":[],)"
                R"("sentence_end":true}]})"));
  CHECK(events<Final>(second).empty());
  Output first =
      feed(m, result(R"({"translations":[{"sentence_id":0,"lang":"en","text":"one",)"
                     R"("begin_time":0,"end_time":500,"words":[],"sentence_end":true}]})"));
  auto finals = events<Final>(first);
  REQUIRE(finals.size() == 2);
  CHECK(finals[0].sentence.text == "一");
  CHECK(finals[0].sentence.translations.at("en") == "one");
  CHECK(finals[1].sentence.text == "二");
  CHECK(finals[1].sentence.translations.at("en") == "two");
}

TEST_CASE("Gummy: task-finished releases a held Final without its translation", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);
  feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,"end_time":500,)"
                 R"("text":"一","words":[],"sentence_end":true}})"));
  Output end = feed(m, kFinished);
  REQUIRE(end.events.size() == 2);
  const auto& f = std::get<Final>(end.events[0]);
  CHECK(f.sentence.text == "一");
  CHECK(f.sentence.translations.empty());
  CHECK(std::holds_alternative<Finished>(end.events[1]));
}

TEST_CASE("Gummy: task-failed also releases held Finals first", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);
  feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,"end_time":500,)"
                 R"("text":"一","words":[],"sentence_end":true}})"));
  Output end = feed(m, failed("InternalError", "x"));
  REQUIRE(end.events.size() == 2);
  CHECK(std::holds_alternative<Final>(end.events[0]));
  CHECK(std::get<Failed>(end.events[1]).retryable);
}

TEST_CASE("Gummy: a service that never finalises translations cannot stall output",
          "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  DuplexMachine m = started("gummy-realtime-v1", r);
  size_t finals = 0;
  for (int id = 0; id < 40; ++id) {
    finals +=
        events<Final>(feed(m, result(R"({"transcription":{"sentence_id":)" + std::to_string(id) +
                                     R"(,"begin_time":0,"end_time":10,"text":"x",)"
                                     R"("words":[],"sentence_end":true}})")))
            .size();
  }
  CHECK(finals > 0);
  CHECK(finals < 40);
  finals += events<Final>(feed(m, kFinished)).size();
  CHECK(finals == 40);
}

TEST_CASE("Gummy without translate_to emits Finals at once", "[duplex][gummy]") {
  DuplexMachine m = started("gummy-realtime-v1");
  auto finals = events<Final>(feed(m, result(R"({"transcription":{"sentence_id":0,)"
                                             R"("begin_time":0,"end_time":500,"text":"一",)"
                                             R"("words":[],"sentence_end":true}})")));
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.translations.empty());
}

TEST_CASE("Gummy translation-only task: translations are the results", "[duplex][gummy]") {
  Request r = request("gummy-realtime-v1");
  r.translate_to = "en";
  r.parameters = {{"transcription_enabled", "false"}, {"translation_enabled", "true"}};
  DuplexMachine m = started("gummy-realtime-v1", r);
  Output p = feed(m, result(R"({"translations":[{"sentence_id":0,"lang":"en","begin_time":0,)"
                            R"("end_time":null,"text":"He","words":[],"sentence_end":false}]})"));
  REQUIRE(events<Partial>(p).size() == 1);
  CHECK(events<Partial>(p)[0].sentence.translations.at("en") == "He");
  Output f = feed(m, result(R"({"translations":[{"sentence_id":0,"lang":"en","begin_time":0,)"
                            R"("end_time":700,"text":"Hello.","words":[],"sentence_end":true}]})"));
  auto finals = events<Final>(f);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.text.empty());
  CHECK(finals[0].sentence.end_ms == 700);
  CHECK(finals[0].sentence.translations.at("en") == "Hello.");
}

TEST_CASE("gummy-chat-v1 stops taking audio after its sentence", "[duplex][gummy]") {
  DuplexMachine m = started("gummy-chat-v1");
  feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,"end_time":null,)"
                 R"("text":"你","words":[],"sentence_end":false}})"));
  CHECK(m.accepting_audio());
  CHECK_FALSE(m.wants_end_of_input());
  Output f = feed(m, result(R"({"transcription":{"sentence_id":0,"begin_time":0,)"
                            R"("end_time":800,"text":"你好。","words":[],"sentence_end":true}})"));
  CHECK(events<Final>(f).size() == 1);
  CHECK_FALSE(m.accepting_audio());
  CHECK(m.wants_end_of_input());
  Output dropped;
  const int16_t s = 1;
  m.audio(&s, 1, dropped);
  CHECK(dropped.frames.empty());
  Output fin;
  m.finish(fin);
  REQUIRE(fin.frames.size() == 1);
  CHECK(fin.frames[0].data == build_finish_task(kId));
  feed(m, kFinished);
  CHECK(m.done());
  CHECK_FALSE(m.wants_end_of_input());
}

TEST_CASE("gummy-chat-v1: a translation final also ends the input", "[duplex][gummy]") {
  DuplexMachine m = started("gummy-chat-v1");
  feed(m, result(R"({"translations":[{"sentence_id":0,"lang":"en","begin_time":0,)"
                 R"("end_time":800,"text":"Hi.","words":[],"sentence_end":true}]})"));
  CHECK(m.wants_end_of_input());
  CHECK_FALSE(m.accepting_audio());
}

TEST_CASE("an unknown model gets no one-sentence behaviour", "[duplex]") {
  Request r = request("gummy-chat-v2");
  DuplexMachine m(r, nullptr, kId);
  Output o;
  m.open(o);
  feed(m, kStarted);
  auto finals = events<Final>(feed(m, result(R"({"transcription":{"sentence_id":0,)"
                                             R"("begin_time":0,"end_time":800,"text":"x",)"
                                             R"("words":[],"sentence_end":true}})")));
  CHECK(finals.size() == 1);
  CHECK(m.accepting_audio());
  CHECK_FALSE(m.wants_end_of_input());
}

TEST_CASE("an unusable parameter fails the task at open", "[duplex]") {
  Request r = request("fun-asr-realtime");
  r.parameters = {{"heartbeat", "yes"}};
  DuplexMachine m(r, find_model("fun-asr-realtime"), kId);
  Output out;
  m.open(out);
  CHECK(out.frames.empty());
  auto f = events<Failed>(out);
  REQUIRE(f.size() == 1);
  CHECK(f[0].code == "InvalidRequest");
  CHECK(f[0].message.find("heartbeat") != std::string::npos);
  CHECK_FALSE(f[0].retryable);
  CHECK(m.done());
}

TEST_CASE("partials show text + stash; finals carry their usage; --raw attaches the message",
          "[duplex]") {
  Request r = request("fun-asr-realtime");
  r.keep_raw = true;
  DuplexMachine m = started("fun-asr-realtime", r);
  const std::string interim =
      result(R"({"sentence":{"begin_time":0,"end_time":null,"text":"今天","sentence_end":false,)"
             R"("sentence_id":1,"words":[],"stash":{"text":"天气","words":[]}}})");
  Output p = feed(m, interim);
  REQUIRE(events<Partial>(p).size() == 1);
  const Sentence ps = events<Partial>(p)[0].sentence;
  CHECK(ps.text == "今天天气");
  CHECK(ps.stash == std::optional<std::string>("天气"));
  // Compact JSON of the service's message, whatever its formatting.
  rapidjson::Document raw;
  REQUIRE(json::parse(ps.raw, raw));
  CHECK(json::to_string(raw) == ps.raw);
  CHECK(ps.raw.find("result-generated") != std::string::npos);

  Output f = feed(m, result(R"({"sentence":{"begin_time":0,"end_time":900,"text":"今天天气。",)"
                            R"("sentence_end":true,"sentence_id":1,"words":[]}})",
                            R"({"duration":2})"));
  REQUIRE(events<Final>(f).size() == 1);
  const Sentence fs = events<Final>(f)[0].sentence;
  CHECK(fs.usage_seconds == std::optional<double>(2));
  CHECK(fs.service_sentence_id == std::optional<int64_t>(1));
  CHECK(fs.raw.find(R"("duration":2)") != std::string::npos);

  // Without --raw nothing is attached.
  DuplexMachine plain = started("fun-asr-realtime");
  CHECK(events<Partial>(feed(plain, interim))[0].sentence.raw.empty());
}

TEST_CASE("a realtime-protocol server on the duplex endpoint fails the task at once", "[duplex]") {
  DuplexMachine m(request("fun-asr-realtime"), find_model("fun-asr-realtime"), kId);
  Output out;
  m.open(out);
  Output f = feed(m, R"({"event_id":"event_1","type":"session.created","session":{"id":"s"}})");
  REQUIRE(events<Failed>(f).size() == 1);
  CHECK(events<Failed>(f)[0].code == "WrongProtocol");
  CHECK_FALSE(events<Failed>(f)[0].retryable);
  CHECK(m.done());
}
