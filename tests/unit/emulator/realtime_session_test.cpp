#include "emulator/realtime_session.h"

#include <catch2/catch.hpp>

#include "test_wav.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

std::vector<rapidjson::Document> json_of(const Actions& actions) {
  std::vector<rapidjson::Document> out;
  for (const Action& a : actions) {
    if (a.kind != Action::Kind::kSendJson) continue;
    out.emplace_back();
    REQUIRE(util::json::parse(a.text, out.back()));
  }
  return out;
}

std::string type_of(const rapidjson::Document& d) {
  return d["type"].GetString();
}

std::string append_event(const uint8_t* data, size_t size) {
  static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  size_t i = 0;
  for (; i + 2 < size; i += 3) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    for (int k = 3; k >= 0; --k) b64.push_back(kB64[(v >> (6 * k)) & 63]);
  }
  if (i < size) {
    uint32_t v = uint32_t{data[i]} << 16;
    if (i + 1 < size) v |= uint32_t{data[i + 1]} << 8;
    b64.push_back(kB64[(v >> 18) & 63]);
    b64.push_back(kB64[(v >> 12) & 63]);
    b64 += i + 1 < size ? std::string(1, kB64[(v >> 6) & 63]) + "=" : "==";
  }
  return R"({"event_id":"event_a","type":"input_audio_buffer.append","audio":")" + b64 + "\"}";
}

Actions stream(RealtimeSession& s, const std::string& name) {
  test::WavFile w = test::read_wav(std::string(DSASR_TEST_DATA_DIR) + "/" + name);
  Actions all;
  for (size_t off = 0; off < w.pcm.size(); off += 3200) {
    for (auto& a :
         s.on_text(append_event(w.pcm.data() + off, std::min<size_t>(3200, w.pcm.size() - off)))) {
      all.push_back(std::move(a));
    }
  }
  return all;
}

TEST_CASE("session.created opens the session with the documented defaults", "[realtime_session]") {
  SharedState shared(7);
  RealtimeSession s(shared, "qwen3-asr-flash-realtime", Faults{}, 1);
  auto msgs = json_of(s.on_open());
  REQUIRE(msgs.size() == 1);
  CHECK(type_of(msgs[0]) == "session.created");
  CHECK(std::string(msgs[0]["event_id"].GetString()).rfind("event_", 0) == 0);
  const auto& session = msgs[0]["session"];
  CHECK(std::string(session["id"].GetString()).rfind("sess_", 0) == 0);
  CHECK(session["sample_rate"].GetInt() == 16000);
  CHECK(session["turn_detection"]["silence_duration_ms"].GetInt() == 800);
  CHECK(session["turn_detection"]["threshold"].GetDouble() == Approx(0.2));
}

TEST_CASE("VAD mode produces one item per sentence of zh.wav", "[realtime_session]") {
  SharedState shared(7);
  RealtimeSession s(shared, "qwen3-asr-flash-realtime", Faults{}, 1);
  (void)s.on_open();
  auto upd = json_of(s.on_text(R"({"event_id":"event_u","type":"session.update","session":)"
                               R"({"input_audio_transcription":{"language":"zh"}}})"));
  REQUIRE(type_of(upd.at(0)) == "session.updated");
  Actions all = stream(s, "zh.wav");
  for (auto& a : s.on_text(R"({"event_id":"event_f","type":"session.finish"})")) {
    all.push_back(std::move(a));
  }
  auto msgs = json_of(all);
  std::vector<std::string> order;
  int completed = 0;
  int texts = 0;
  for (const auto& m : msgs) {
    const std::string t = type_of(m);
    if (t == "conversation.item.input_audio_transcription.text") {
      ++texts;
      CHECK(std::string(m["language"].GetString()) == "zh");
      continue;
    }
    order.push_back(t);
    if (t == "conversation.item.input_audio_transcription.completed") {
      ++completed;
      CHECK(std::string(m["transcript"].GetString()) == "sentence " + std::to_string(completed));
    }
  }
  CHECK(completed == 3);
  CHECK(texts > 10);
  REQUIRE(order.size() == 3 * 5 + 1);
  CHECK(order[0] == "input_audio_buffer.speech_started");
  CHECK(order[1] == "input_audio_buffer.speech_stopped");
  CHECK(order[2] == "input_audio_buffer.committed");
  CHECK(order[3] == "conversation.item.created");
  CHECK(order[4] == "conversation.item.input_audio_transcription.completed");
  CHECK(order.back() == "session.finished");
}

TEST_CASE("Qwen-Omni answers each VAD turn with the full response sequence", "[realtime_session]") {
  SharedState shared(7);
  RealtimeSession s(shared, "qwen3-omni-flash-realtime", Faults{}, 1);
  (void)s.on_open();
  auto upd = json_of(s.on_text(R"({"event_id":"event_u","type":"session.update","session":)"
                               R"({"modalities":["text"],"instructions":"Transcribe.",)"
                               R"("input_audio_transcription":null}})"));
  REQUIRE(type_of(upd.at(0)) == "session.updated");
  Actions all = stream(s, "zh.wav");
  for (auto& a : s.on_text(R"({"event_id":"event_f","type":"session.finish"})")) {
    all.push_back(std::move(a));
  }
  std::vector<std::string> order;
  int answers = 0;
  std::string deltas;
  for (const auto& m : json_of(all)) {
    const std::string t = type_of(m);
    CHECK(t.find("input_audio_transcription") == std::string::npos);
    if (t == "response.text.delta") {
      deltas += m["delta"].GetString();
      continue;
    }
    order.push_back(t);
    if (t == "response.text.done") {
      ++answers;
      CHECK(std::string(m["text"].GetString()) == "sentence " + std::to_string(answers));
      CHECK(deltas == m["text"].GetString());
      deltas.clear();
    }
    if (t == "response.done") {
      CHECK(std::string(m["response"]["status"].GetString()) == "completed");
      CHECK(m["response"]["usage"]["output_tokens"].GetInt() > 0);
      CHECK(m["response"]["usage"]["input_tokens"].GetInt() > 0);
    }
  }
  CHECK(answers == 3);
  const std::vector<std::string> turn = {"input_audio_buffer.speech_started",
                                         "input_audio_buffer.speech_stopped",
                                         "input_audio_buffer.committed",
                                         "conversation.item.created",
                                         "response.created",
                                         "response.output_item.added",
                                         "response.content_part.added",
                                         "response.text.done",
                                         "response.content_part.done",
                                         "response.output_item.done",
                                         "response.done"};
  REQUIRE(order.size() == 3 * turn.size() + 1);
  CHECK(std::vector<std::string>(order.begin(), order.begin() + 11) == turn);
  CHECK(order.back() == "session.finished");
}

TEST_CASE("Manual mode recognises on commit; commit is refused in VAD mode", "[realtime_session]") {
  SharedState shared(7);
  RealtimeSession vad(shared, "qwen3-asr-flash-realtime", Faults{}, 1);
  auto refused =
      json_of(vad.on_text(R"({"event_id":"event_c","type":"input_audio_buffer.commit"})"));
  REQUIRE(type_of(refused.at(0)) == "error");
  CHECK(std::string(refused[0]["error"]["event_id"].GetString()) == "event_c");

  RealtimeSession manual(shared, "qwen3-asr-flash-realtime", Faults{}, 1);
  (void)manual.on_text(
      R"({"event_id":"e","type":"session.update","session":{"turn_detection":null}})");
  auto streamed = json_of(stream(manual, "en.wav"));
  CHECK(streamed.empty());  // no VAD events in Manual mode
  auto committed =
      json_of(manual.on_text(R"({"event_id":"c","type":"input_audio_buffer.commit"})"));
  REQUIRE(committed.size() == 4);
  CHECK(type_of(committed[0]) == "input_audio_buffer.committed");
  CHECK(type_of(committed[1]) == "conversation.item.created");
  CHECK(type_of(committed[2]) == "conversation.item.input_audio_transcription.text");
  CHECK(type_of(committed[3]) == "conversation.item.input_audio_transcription.completed");
  CHECK(std::string(committed[3]["language"].GetString()) == "en");
}

TEST_CASE("Bad session.update values answer with an error event", "[realtime_session]") {
  SharedState shared(7);
  RealtimeSession s(shared, "qwen3-asr-flash-realtime", Faults{}, 1);
  auto e = json_of(s.on_text(
      R"({"event_id":"event_x","type":"session.update","session":{"sample_rate":44100}})"));
  REQUIRE(type_of(e.at(0)) == "error");
  CHECK(std::string(e[0]["error"]["type"].GetString()) == "invalid_request_error");
  CHECK(std::string(e[0]["error"]["code"].GetString()) == "invalid_value");
  CHECK(std::string(e[0]["error"]["param"].GetString()) == "session.sample_rate");
}

TEST_CASE("No data for 23 s is a request_timeout error, then close", "[realtime_session]") {
  SharedState shared(7);
  RealtimeSession s(shared, "qwen3-asr-flash-realtime", Faults{}, 1);
  (void)s.on_open();
  Actions a = s.on_timer(TimerId::kNoData);
  auto msgs = json_of(a);
  REQUIRE(type_of(msgs.at(0)) == "error");
  CHECK(std::string(msgs[0]["error"]["code"].GetString()) == "request_timeout");
  bool closes = false;
  for (const Action& x : a) closes = closes || x.kind == Action::Kind::kClose;
  CHECK(closes);
}

TEST_CASE("after-finish: an unannounced item after session.finished, a late one, then close",
          "[realtime_session]") {
  SharedState shared(7);
  shared.time_scale = 0.01;  // must not scale the after-finish delay
  RealtimeSession s(shared, "qwen3-asr-flash-realtime", *parse_faults("after-finish"), 1);
  (void)s.on_open();
  (void)s.on_text(R"({"event_id":"event_u","type":"session.update","session":{}})");
  Actions all = stream(s, "en.wav");
  Actions fin = s.on_text(R"({"event_id":"event_f","type":"session.finish"})");
  auto msgs = json_of(fin);
  REQUIRE(msgs.size() >= 3);
  const size_t n = msgs.size();
  CHECK(type_of(msgs[n - 3]) == "session.finished");
  CHECK(type_of(msgs[n - 2]) == "conversation.item.input_audio_transcription.text");
  CHECK(std::string(msgs[n - 2]["text"].GetString()) == "[after finish] interim");
  CHECK(std::string(msgs[n - 2]["stash"].GetString()).empty());
  CHECK(type_of(msgs[n - 1]) == "conversation.item.input_audio_transcription.completed");
  CHECK(std::string(msgs[n - 1]["transcript"].GetString()) == "[after finish] final");
  const std::string item = msgs[n - 1]["item_id"].GetString();
  CHECK(item == msgs[n - 2]["item_id"].GetString());
  // The item was never announced before.
  for (const auto& m : json_of(all)) {
    if (m.HasMember("item_id")) CHECK(item != m["item_id"].GetString());
  }
  bool armed = false;
  for (const Action& a : fin) {
    armed = armed || (a.kind == Action::Kind::kArmTimer && a.timer == TimerId::kAfterFinish &&
                      a.delay_ms == 200);
  }
  CHECK(armed);
  Actions late = s.on_timer(TimerId::kAfterFinish);
  auto lm = json_of(late);
  REQUIRE(lm.size() == 1);
  CHECK(std::string(lm[0]["transcript"].GetString()) == "[after finish] late");
  CHECK(std::string(lm[0]["item_id"].GetString()) != item);
  REQUIRE(!late.empty());
  bool closes = false;
  for (const Action& x : late) closes = closes || x.kind == Action::Kind::kClose;
  CHECK(closes);
  CHECK(json_of(s.on_timer(TimerId::kIdle)).empty());
}

}  // namespace
}  // namespace dsasr::emulator
