#include "emulator/duplex_session.h"

#include <catch2/catch.hpp>

#include "test_wav.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

struct Sent {
  std::vector<rapidjson::Document> messages;
  std::vector<Action> other;
};

Sent collect(const Actions& actions) {
  Sent s;
  for (const Action& a : actions) {
    if (a.kind == Action::Kind::kSendJson) {
      s.messages.emplace_back();
      REQUIRE(util::json::parse(a.text, s.messages.back()));
    } else {
      s.other.push_back(a);
    }
  }
  return s;
}

void append(Actions& all, Actions more) {
  for (auto& a : more) all.push_back(std::move(a));
}

std::string run_task(const std::string& id, const std::string& model,
                     const std::string& params = R"({"format":"pcm","sample_rate":16000})") {
  return R"({"header":{"action":"run-task","task_id":")" + id +
         R"(","streaming":"duplex"},"payload":{"task_group":"audio","task":"asr",)"
         R"("function":"recognition","model":")" +
         model + R"(","parameters":)" + params + R"(,"input":{}}})";
}

std::string finish_task(const std::string& id) {
  return R"({"header":{"action":"finish-task","task_id":")" + id +
         R"(","streaming":"duplex"},"payload":{"input":{}}})";
}

std::string event_of(const rapidjson::Document& d) {
  return d["header"]["event"].GetString();
}

bool closes(const Sent& s) {
  for (const Action& a : s.other) {
    if (a.kind == Action::Kind::kClose) return true;
  }
  return false;
}

Actions stream_file(DuplexSession& session, const std::string& name, size_t chunk = 3200) {
  test::WavFile w = test::read_wav(std::string(DSASR_TEST_DATA_DIR) + "/" + name);
  Actions all;
  for (size_t off = 0; off < w.pcm.size(); off += chunk) {
    append(all, session.on_binary(w.pcm.data() + off, std::min(chunk, w.pcm.size() - off)));
  }
  return all;
}

TEST_CASE("A Fun-ASR task over en.wav yields four scripted sentences", "[duplex_session]") {
  SharedState shared(1);
  shared.script = Script::parse(
      "The quick brown fox jumps over the lazy dog.\nSpeech recognition turns audio into text, "
      "one word at a time.\nSubtitles appear.\nThank you for listening.\n");
  DuplexSession s(shared, Faults{}, 1);
  auto opened = s.on_open();
  REQUIRE(opened.size() == 1);
  CHECK(opened[0].kind == Action::Kind::kArmTimer);
  CHECK(opened[0].timer == TimerId::kIdle);
  CHECK(opened[0].delay_ms == 60000);

  Sent started = collect(s.on_text(run_task("t1", "fun-asr-realtime")));
  REQUIRE(started.messages.size() == 1);
  CHECK(event_of(started.messages[0]) == "task-started");

  Actions all = stream_file(s, "en.wav");
  append(all, s.on_text(finish_task("t1")));
  Sent sent = collect(all);
  REQUIRE(!sent.messages.empty());
  CHECK(event_of(sent.messages.back()) == "task-finished");
  std::vector<const rapidjson::Value*> finals;
  int interims = 0;
  for (const auto& m : sent.messages) {
    if (event_of(m) != "result-generated") continue;
    const auto& sentence = m["payload"]["output"]["sentence"];
    if (sentence["sentence_end"].GetBool()) {
      finals.push_back(&m);
      CHECK(sentence["end_time"].IsInt64());
      CHECK(m["payload"]["usage"]["duration"].IsInt());
    } else {
      ++interims;
      CHECK(sentence["end_time"].IsNull());
      CHECK(m["payload"]["usage"].IsNull());
    }
  }
  CHECK(interims > 20);
  REQUIRE(finals.size() == 4);
  const auto& first = (*finals[0])["payload"]["output"]["sentence"];
  CHECK(first["sentence_id"].GetInt() == 1);
  CHECK(std::string(first["text"].GetString()) == "The quick brown fox jumps over the lazy dog.");
  CHECK(first["begin_time"].GetInt() == 500);
  CHECK(first["end_time"].GetInt() == 3520);
  CHECK(first["words"].Size() == 9);
  CHECK(std::string(first["words"][8]["punctuation"].GetString()) == ".");
  CHECK((*finals[3])["payload"]["output"]["sentence"]["sentence_id"].GetInt() == 4);
  // 19.25 s of audio received when the last sentence closed at finish-task.
  CHECK((*finals[3])["payload"]["usage"]["duration"].GetInt() == 20);

  SECTION("the socket is reusable with a new task id, not with the old one") {
    Sent again = collect(s.on_text(run_task("t2", "fun-asr-realtime")));
    CHECK(event_of(again.messages.at(0)) == "task-started");
    CHECK(collect(s.on_text(finish_task("t2"))).messages.size() == 1);
    Sent reused = collect(s.on_text(run_task("t1", "fun-asr-realtime")));
    CHECK(event_of(reused.messages.at(0)) == "task-failed");
    CHECK(std::string(reused.messages[0]["header"]["error_message"].GetString()) ==
          "task_id already used");
    CHECK(closes(reused));
  }
}

TEST_CASE("Audio or finish-task before task-started fail the task", "[duplex_session]") {
  SharedState shared(1);
  DuplexSession a(shared, Faults{}, 1);
  uint8_t pcm[320] = {};
  Sent early = collect(a.on_binary(pcm, sizeof pcm));
  CHECK(event_of(early.messages.at(0)) == "task-failed");
  CHECK(closes(early));
  DuplexSession b(shared, Faults{}, 1);
  Sent finish = collect(b.on_text(finish_task("x")));
  CHECK(std::string(finish.messages.at(0)["header"]["error_code"].GetString()) ==
        "InvalidParameter");
  DuplexSession c(shared, Faults{}, 1);
  Sent garbage = collect(c.on_text("{not json"));
  CHECK(std::string(garbage.messages.at(0)["header"]["error_message"].GetString()) ==
        "Invalid payload data");
}

TEST_CASE("A bad finish-task payload fails the task", "[duplex_session]") {
  SharedState shared(1);
  DuplexSession s(shared, Faults{}, 1);
  (void)s.on_text(run_task("f1", "fun-asr-realtime"));
  Sent bad =
      collect(s.on_text(R"({"header":{"action":"finish-task","task_id":"f1","streaming":"duplex"},)"
                        R"("payload":{"input":{"end_of_stream":true}}})"));
  CHECK(std::string(bad.messages.at(0)["header"]["error_message"].GetString()) ==
        "Invalid payload data");
}

TEST_CASE("Timeouts: no data, silence and idle", "[duplex_session]") {
  SharedState shared(1);
  shared.time_scale = 0.5;
  DuplexSession s(shared, Faults{}, 1);
  Actions run = s.on_text(run_task("n1", "paraformer-realtime-v2"));
  bool armed_no_data = false;
  for (const Action& a : run) {
    if (a.kind == Action::Kind::kArmTimer && a.timer == TimerId::kNoData) {
      armed_no_data = true;
      CHECK(a.delay_ms == 11500);
    }
  }
  CHECK(armed_no_data);
  Sent timeout = collect(s.on_timer(TimerId::kNoData));
  CHECK(std::string(timeout.messages.at(0)["header"]["error_code"].GetString()) == "CLIENT_ERROR");
  CHECK(std::string(timeout.messages.at(0)["header"]["error_message"].GetString()) ==
        "request timeout after 23 seconds.");
  CHECK(closes(timeout));

  DuplexSession q(shared, Faults{}, 1);
  (void)q.on_text(run_task("n2", "paraformer-realtime-v2"));
  Sent silent = collect(q.on_timer(TimerId::kSilence));
  CHECK(std::string(silent.messages.at(0)["header"]["error_message"].GetString()) ==
        "Response timeout!");

  DuplexSession idle(shared, Faults{}, 1);
  (void)idle.on_open();
  Sent closed = collect(idle.on_timer(TimerId::kIdle));
  REQUIRE(closes(closed));
  CHECK(closed.other.back().reason == "idle timeout");
}

TEST_CASE("Heartbeats during silence", "[duplex_session]") {
  SharedState shared(1);
  DuplexSession s(shared, Faults{}, 1);
  (void)s.on_text(run_task("h1", "fun-asr-realtime",
                           R"({"format":"pcm","sample_rate":16000,"heartbeat":true})"));
  std::vector<uint8_t> silence(32000 * 3, 0);  // 3 s
  Sent sent = collect(s.on_binary(silence.data(), silence.size()));
  REQUIRE(sent.messages.size() == 3);
  const auto& hb = sent.messages[1]["payload"]["output"]["sentence"];
  CHECK(hb["heartbeat"].GetBool());
  CHECK(hb["sentence_id"].GetInt() == 0);
  CHECK(hb["begin_time"].GetInt() == 2000);
  CHECK(std::string(hb["text"].GetString()).empty());
}

TEST_CASE("Gummy translation and gummy-chat's single sentence", "[duplex_session]") {
  SharedState shared(1);
  shared.script = Script::parse("今天天气很好，我们去公园散步吧。\tThe weather is nice.\nsecond\n");
  DuplexSession s(shared, Faults{}, 1);
  (void)s.on_text(run_task("g1", "gummy-chat-v1",
                           R"({"format":"pcm","sample_rate":16000,"translation_enabled":true,)"
                           R"("translation_target_languages":["en"]})"));
  Actions all = stream_file(s, "zh.wav");
  append(all, s.on_text(finish_task("g1")));
  Sent sent = collect(all);
  int finals = 0;
  for (const auto& m : sent.messages) {
    if (event_of(m) != "result-generated") continue;
    const auto& t = m["payload"]["output"]["transcription"];
    if (!t["sentence_end"].GetBool()) continue;
    ++finals;
    CHECK(t["sentence_id"].GetInt() == 0);
    CHECK(t["words"].Size() == 14);
    CHECK(t["words"][0]["fixed"].GetBool());
    const auto& tr = m["payload"]["output"]["translations"][0];
    CHECK(std::string(tr["text"].GetString()) == "The weather is nice.");
    CHECK(std::string(tr["lang"].GetString()) == "en");
  }
  CHECK(finals == 1);
  CHECK(event_of(sent.messages.back()) == "task-finished");
}

TEST_CASE("Injected start failures and throttling", "[duplex_session]") {
  SharedState shared(1);
  Faults throttle = *parse_faults("throttle:1");
  DuplexSession first(shared, throttle, 1);
  Sent t = collect(first.on_text(run_task("th1", "fun-asr-realtime")));
  CHECK(std::string(t.messages.at(0)["header"]["error_code"].GetString()) ==
        "Throttling.RateQuota");
  DuplexSession second(shared, throttle, 2);
  CHECK(event_of(collect(second.on_text(run_task("th1", "fun-asr-realtime"))).messages.at(0)) ==
        "task-started");
  DuplexSession failing(shared, *parse_faults("fail-start:Custom.Code"), 1);
  Sent f = collect(failing.on_text(run_task("fs1", "fun-asr-realtime")));
  CHECK(std::string(f.messages.at(0)["header"]["error_code"].GetString()) == "Custom.Code");
  CHECK(std::string(f.messages.at(0)["header"]["error_message"].GetString()) == "Injected failure");
}

TEST_CASE("delay-start holds task-started until its timer", "[duplex_session]") {
  SharedState shared(1);
  shared.time_scale = 0.01;  // must not scale delay-start
  DuplexSession s(shared, *parse_faults("delay-start:700"), 1);
  Actions run = s.on_text(run_task("d1", "fun-asr-realtime"));
  CHECK(collect(run).messages.empty());
  bool armed = false;
  for (const Action& a : run) {
    armed = armed || (a.kind == Action::Kind::kArmTimer && a.timer == TimerId::kDelayStart &&
                      a.delay_ms == 700);
  }
  CHECK(armed);
  CHECK(event_of(collect(s.on_timer(TimerId::kDelayStart)).messages.at(0)) == "task-started");
}

std::string task_of(const rapidjson::Document& d) {
  return d["header"]["task_id"].GetString();
}

std::string text_of(const rapidjson::Document& d) {
  return d["payload"]["output"]["sentence"]["text"].GetString();
}

bool is_final(const rapidjson::Document& d) {
  return d["payload"]["output"]["sentence"]["sentence_end"].GetBool();
}

const char* const kEnScript =
    "The quick brown fox jumps over the lazy dog.\nSpeech recognition turns audio into text, "
    "one word at a time.\nSubtitles appear.\nThank you for listening.\n";

TEST_CASE("wrong-task-id: each result is followed by a marked copy for another task",
          "[duplex_session]") {
  SharedState shared(1);
  shared.script = Script::parse(kEnScript);
  DuplexSession s(shared, *parse_faults("wrong-task-id"), 1);
  (void)s.on_text(run_task("w1", "fun-asr-realtime"));
  Actions all = stream_file(s, "en.wav");
  append(all, s.on_text(finish_task("w1")));
  Sent sent = collect(all);
  REQUIRE(event_of(sent.messages.back()) == "task-finished");
  CHECK(task_of(sent.messages.back()) == "w1");
  std::string foreign;
  int copies = 0;
  int finals = 0;
  for (size_t i = 0; i + 1 < sent.messages.size(); ++i) {
    const auto& m = sent.messages[i];
    CHECK(event_of(m) == "result-generated");
    if (task_of(m) != "w1") continue;
    // The next message is the copy: same shape and times, another id, a marked text.
    const auto& c = sent.messages.at(i + 1);
    REQUIRE(event_of(c) == "result-generated");
    if (foreign.empty()) foreign = task_of(c);
    CHECK(task_of(c) == foreign);
    CHECK(text_of(c) == "[wrong task] " + text_of(m));
    CHECK(is_final(c) == is_final(m));
    CHECK(c["payload"]["output"]["sentence"]["begin_time"] ==
          m["payload"]["output"]["sentence"]["begin_time"]);
    CHECK(c["payload"]["output"]["sentence"]["words"].Size() == 1);
    ++copies;
    if (is_final(m)) ++finals;
  }
  CHECK(foreign.size() == 32);
  CHECK(foreign != "w1");
  CHECK(finals == 4);
  CHECK(copies * 2 + 1 == static_cast<int>(sent.messages.size()));

  SECTION("a second task gets another foreign id") {
    (void)s.on_text(run_task("w2", "fun-asr-realtime"));
    Sent again = collect(stream_file(s, "en.wav"));
    REQUIRE(again.messages.size() > 2);
    CHECK(task_of(again.messages[1]) != foreign);
    CHECK(task_of(again.messages[1]) != "w2");
  }
}

TEST_CASE("wrong-task-id:finished / :failed end the other task once, after the first final",
          "[duplex_session]") {
  for (const char* spec : {"wrong-task-id:finished", "wrong-task-id:failed"}) {
    CAPTURE(spec);
    SharedState shared(1);
    shared.script = Script::parse(kEnScript);
    DuplexSession s(shared, *parse_faults(spec), 1);
    (void)s.on_text(run_task("e1", "fun-asr-realtime"));
    Actions all = stream_file(s, "en.wav");
    append(all, s.on_text(finish_task("e1")));
    Sent sent = collect(all);
    const std::string ending =
        std::string(spec) == "wrong-task-id:finished" ? "task-finished" : "task-failed";
    std::vector<size_t> ends;
    size_t first_final = 0;
    for (size_t i = 0; i < sent.messages.size(); ++i) {
      const auto& m = sent.messages[i];
      if (event_of(m) == ending && task_of(m) != "e1") ends.push_back(i);
      if (!first_final && event_of(m) == "result-generated" && task_of(m) == "e1" && is_final(m)) {
        first_final = i;
      }
    }
    REQUIRE(ends.size() == 1);
    CHECK(ends[0] == first_final + 2);  // right after the first final's copy
    CHECK(task_of(sent.messages[ends[0]]) == task_of(sent.messages[first_final + 1]));
    if (ending == "task-failed") {
      CHECK(std::string(sent.messages[ends[0]]["header"]["error_code"].GetString()) ==
            "InternalError.Injected");
      CHECK(std::string(sent.messages[ends[0]]["header"]["error_message"].GetString()) ==
            "Injected failure of another task");
    }
    CHECK(event_of(sent.messages.back()) == "task-finished");
    CHECK(task_of(sent.messages.back()) == "e1");
    CHECK_FALSE(closes(sent));
  }
}

TEST_CASE("wrong-task-id:failed without any final: the other task fails before task-finished",
          "[duplex_session]") {
  SharedState shared(1);
  DuplexSession s(shared, *parse_faults("wrong-task-id:failed"), 1);
  (void)s.on_text(run_task("q1", "fun-asr-realtime"));
  std::vector<uint8_t> silence(3200, 0);
  (void)s.on_binary(silence.data(), silence.size());
  Sent sent = collect(s.on_text(finish_task("q1")));
  REQUIRE(sent.messages.size() == 2);
  CHECK(event_of(sent.messages[0]) == "task-failed");
  CHECK(task_of(sent.messages[0]) != "q1");
  CHECK(event_of(sent.messages[1]) == "task-finished");
  CHECK_FALSE(closes(sent));
}

TEST_CASE("after-finish: results after task-finished, a late one, then close", "[duplex_session]") {
  SharedState shared(1);
  shared.script = Script::parse(kEnScript);
  shared.time_scale = 0.01;  // must not scale the after-finish delay
  DuplexSession s(shared, *parse_faults("after-finish:300"), 1);
  (void)s.on_text(run_task("a1", "fun-asr-realtime"));
  (void)stream_file(s, "en.wav");
  Actions fin = s.on_text(finish_task("a1"));
  Sent sent = collect(fin);
  REQUIRE(sent.messages.size() >= 3);
  size_t n = sent.messages.size();
  CHECK(event_of(sent.messages[n - 3]) == "task-finished");
  for (size_t i : {n - 2, n - 1}) {
    CHECK(event_of(sent.messages[i]) == "result-generated");
    CHECK(task_of(sent.messages[i]) == "a1");
    CHECK(sent.messages[i]["payload"]["output"]["sentence"]["sentence_id"].GetInt() == 5);
  }
  CHECK(text_of(sent.messages[n - 2]) == "[after finish] interim");
  CHECK_FALSE(is_final(sent.messages[n - 2]));
  CHECK(text_of(sent.messages[n - 1]) == "[after finish] final");
  CHECK(is_final(sent.messages[n - 1]));
  bool armed = false;
  for (const Action& a : fin) {
    armed = armed || (a.kind == Action::Kind::kArmTimer && a.timer == TimerId::kAfterFinish &&
                      a.delay_ms == 300);
  }
  CHECK(armed);
  CHECK_FALSE(closes(sent));

  SECTION("the timer sends the late result and closes") {
    Sent late = collect(s.on_timer(TimerId::kAfterFinish));
    REQUIRE(late.messages.size() == 1);
    CHECK(text_of(late.messages[0]) == "[after finish] late");
    CHECK(late.messages[0]["payload"]["output"]["sentence"]["sentence_id"].GetInt() == 6);
    REQUIRE(closes(late));
    for (const Action& a : late.other) {
      if (a.kind == Action::Kind::kClose) CHECK(a.reason == "after-finish");
    }
    CHECK(collect(s.on_timer(TimerId::kIdle)).messages.empty());
  }
  SECTION("a new task on the connection calls the late result off") {
    CHECK(event_of(collect(s.on_text(run_task("a2", "fun-asr-realtime"))).messages.at(0)) ==
          "task-started");
    Sent late = collect(s.on_timer(TimerId::kAfterFinish));
    CHECK(late.messages.empty());
    CHECK_FALSE(closes(late));
  }
}

TEST_CASE("after-finish keeps the Gummy shape", "[duplex_session]") {
  SharedState shared(1);
  DuplexSession s(shared, *parse_faults("after-finish"), 1);
  (void)s.on_text(run_task("ag", "gummy-realtime-v1",
                           R"({"format":"pcm","sample_rate":16000,"translation_enabled":true,)"
                           R"("translation_target_languages":["en"]})"));
  Sent sent = collect(s.on_text(finish_task("ag")));
  REQUIRE(sent.messages.size() == 3);
  const auto& out = sent.messages[2]["payload"]["output"];
  CHECK(std::string(out["transcription"]["text"].GetString()) == "[after finish] final");
  CHECK(out["transcription"]["sentence_id"].GetInt() == 0);
  CHECK(std::string(out["translations"][0]["lang"].GetString()) == "en");
  CHECK(std::string(out["translations"][0]["text"].GetString()) == "[after finish] final");
  CHECK(sent.messages[2]["payload"]["usage"]["duration"].IsInt());
}

}  // namespace
}  // namespace dsasr::emulator
