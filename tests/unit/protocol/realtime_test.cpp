#include "protocol/realtime.h"

#include <algorithm>
#include <climits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "protocol/base64.h"
#include "protocol/duplex.h"
#include "protocol/realtime_messages.h"
#include "util/json.h"

using namespace dsasr::protocol;
namespace json = dsasr::util::json;

namespace {

// SequentialIdGenerator's ids: the machine takes the first as its local id, then one per event.
std::string uuid(int n) {
  std::string hex = std::to_string(n);
  return "0000000000004000800000000000" + std::string(4 - hex.size(), '0') + hex;
}
const std::string kLocalId = uuid(1);
const std::string kSession = "sess_001";

const std::string kCreated =
    R"({"event_id":"event_s1","type":"session.created","session":{"id":"sess_001",)"
    R"("object":"realtime.session","model":"qwen3-asr-flash-realtime","modalities":["text"],)"
    R"("input_audio_format":"pcm","input_audio_transcription":null,)"
    R"("turn_detection":{"type":"server_vad","threshold":0.2,"silence_duration_ms":800}}})";
const std::string kUpdated =
    R"({"event_id":"event_s2","type":"session.updated","session":{"id":"sess_001",)"
    R"("object":"realtime.session","model":"qwen3-asr-flash-realtime","modalities":["text"],)"
    R"("input_audio_format":"pcm","input_audio_transcription":{"language":"zh"},)"
    R"("turn_detection":{"type":"server_vad","threshold":0.2,"silence_duration_ms":800}}})";
const std::string kFinished = R"({"event_id":"event_f","type":"session.finished"})";

std::string speech_started(const std::string& item, int64_t ms) {
  return R"({"event_id":"event_a","type":"input_audio_buffer.speech_started","audio_start_ms":)" +
         std::to_string(ms) + R"(,"item_id":")" + item + R"("})";
}
std::string speech_stopped(const std::string& item, int64_t ms) {
  return R"({"event_id":"event_b","type":"input_audio_buffer.speech_stopped","audio_end_ms":)" +
         std::to_string(ms) + R"(,"item_id":")" + item + R"("})";
}
std::string committed(const std::string& item, const std::string& previous = "") {
  return R"({"event_id":"event_c","type":"input_audio_buffer.committed","previous_item_id":)" +
         (previous.empty() ? std::string("null") : "\"" + previous + "\"") + R"(,"item_id":")" +
         item + R"("})";
}
std::string item_created(const std::string& item) {
  return R"({"event_id":"event_d","type":"conversation.item.created","previous_item_id":null,)"
         R"("item":{"id":")" +
         item +
         R"(","object":"realtime.item","type":"message","status":"in_progress","role":"user",)"
         R"("content":[{"type":"input_audio","transcript":null}]}})";
}
std::string text(const std::string& item, const std::string& confirmed, const std::string& stash,
                 const std::string& language = "zh") {
  return R"({"event_id":"event_t","type":"conversation.item.input_audio_transcription.text",)"
         R"("item_id":")" +
         item + R"(","content_index":0,"language":")" + language +
         R"(","emotion":"neutral","text":")" + confirmed + R"(","stash":")" + stash + R"("})";
}
std::string completed(const std::string& item, const std::string& transcript,
                      const std::string& language = "zh", const std::string& emotion = "happy") {
  return R"({"event_id":"event_e","type":"conversation.item.input_audio_transcription.completed",)"
         R"("item_id":")" +
         item + R"(","content_index":0,"language":")" + language + R"(","emotion":")" + emotion +
         R"(","transcript":")" + transcript + R"("})";
}
std::string item_failed(const std::string& item) {
  return R"({"type":"conversation.item.input_audio_transcription.failed","item_id":")" + item +
         R"(","content_index":0,"error":{"code":"asr_failed","message":"could not recognise",)"
         R"("param":null}})";
}
std::string error(const std::string& type, const std::string& code, const std::string& message,
                  const std::string& param = "", const std::string& event_id = "") {
  return R"({"event_id":"event_x","type":"error","error":{"type":")" + type + R"(","code":")" +
         code + R"(","message":")" + message + R"(","param":)" +
         (param.empty() ? std::string("null") : "\"" + param + "\"") + R"(,"event_id":)" +
         (event_id.empty() ? std::string("null") : "\"" + event_id + "\"") + "}}";
}

Request qwen() {
  Request r;
  r.model = "qwen3-asr-flash-realtime";
  r.family = Family::kRealtime;
  r.sample_rate_hz = 16000;
  return r;
}

Output feed(Machine& m, std::string_view msg) {
  Output out;
  m.receive(msg, out);
  return out;
}

template <class T>
std::vector<T> events(const Output& out) {
  std::vector<T> found;
  for (const Event& e : out.events) {
    if (const T* t = std::get_if<T>(&e)) found.push_back(*t);
  }
  return found;
}

// The "type" of a client event frame.
std::string type_of(const Frame& f) {
  rapidjson::Document doc;
  REQUIRE(json::parse(f.data, doc));
  return json::get_string(doc, "type").value_or("");
}

std::string event_id_of(const Frame& f) {
  rapidjson::Document doc;
  REQUIRE(json::parse(f.data, doc));
  return json::get_string(doc, "event_id").value_or("");
}

// A machine that has sent session.update and received session.created and session.updated.
struct Fixture {
  SequentialIdGenerator ids;
  RealtimeMachine m;
  explicit Fixture(Request r = qwen()) : m(std::move(r), ids) {
    Output out;
    m.open(out);
    REQUIRE(out.frames.size() == 1);
    REQUIRE(feed(m, kCreated).events.empty());
    Output s = feed(m, kUpdated);
    REQUIRE(events<Started>(s).size() == 1);
  }
  // `ms` of silence, as one chunk.
  Output send_ms(int64_t ms) {
    std::vector<int16_t> samples(static_cast<size_t>(ms * 16), 0);
    Output out;
    m.audio(samples.data(), samples.size(), out);
    return out;
  }
};

Request manual() {
  Request r = qwen();
  r.manual_commit = true;
  return r;
}

}  // namespace

TEST_CASE("open sends session.update at once; the server's session id becomes the task id",
          "[realtime]") {
  SequentialIdGenerator ids;
  Request r = qwen();
  r.language = "zh";
  RealtimeMachine m(r, ids);
  CHECK(m.task_id() == kLocalId);
  CHECK_FALSE(m.manual_commit());

  Output out;
  m.open(out);
  REQUIRE(out.frames.size() == 1);
  CHECK(out.frames[0].kind == Frame::Kind::kText);
  CHECK(out.frames[0].data == *build_session_update(r, "event_" + uuid(2)));
  CHECK(out.events.empty());
  CHECK_FALSE(m.accepting_audio());

  const int16_t samples[2] = {1, 2};
  Output early;
  m.audio(samples, 2, early);
  CHECK(early.frames.empty());
  Output again;
  m.open(again);
  CHECK(again.frames.empty());

  CHECK(feed(m, kCreated).events.empty());
  CHECK(m.task_id() == kSession);
  CHECK_FALSE(m.accepting_audio());

  Output s = feed(m, kUpdated);
  REQUIRE(s.events.size() == 1);
  CHECK(std::get<Started>(s.events[0]).task_id == kSession);
  CHECK(m.accepting_audio());
  CHECK_FALSE(m.done());

  // A second session.updated changes nothing.
  CHECK(feed(m, kUpdated).events.empty());
}

TEST_CASE("session.updated before session.created: the local id stays until the server names one",
          "[realtime]") {
  SequentialIdGenerator ids;
  RealtimeMachine m(qwen(), ids);
  Output out;
  m.open(out);
  Output s = feed(m, kUpdated);
  REQUIRE(events<Started>(s).size() == 1);
  CHECK(events<Started>(s)[0].task_id == kLocalId);
  feed(m, kCreated);
  CHECK(m.task_id() == kSession);
}

TEST_CASE("session.created without a usable id keeps the local id with a Warning", "[realtime]") {
  SequentialIdGenerator ids;
  RealtimeMachine m(qwen(), ids);
  Output w = feed(m, R"({"type":"session.created","session":{"object":"realtime.session"}})");
  CHECK(events<Warning>(w).size() == 1);
  w = feed(m, R"({"type":"session.created","session":{"id":"has space"}})");
  CHECK(events<Warning>(w).size() == 1);
  w = feed(m, R"({"type":"session.created","session":"sess_x"})");
  CHECK(events<Warning>(w).size() == 1);
  CHECK(m.task_id() == kLocalId);
}

TEST_CASE("audio: base64 of little-endian samples, one append per call", "[realtime]") {
  Fixture f;
  const int16_t samples[4] = {0x0102, -2, INT16_MIN, INT16_MAX};
  Output out;
  f.m.audio(samples, 4, out);
  f.m.audio(samples, 1, out);
  f.m.audio(samples, 0, out);  // empty: nothing
  f.m.audio(nullptr, 4, out);  // no samples: nothing
  REQUIRE(out.frames.size() == 2);
  CHECK(out.frames[0].kind == Frame::Kind::kText);
  const std::string le("\x02\x01\xfe\xff\x00\x80\xff\x7f", 8);
  CHECK(out.frames[0].data == build_append("event_" + uuid(3), le));
  CHECK(out.frames[1].data == build_append("event_" + uuid(4), le.substr(0, 2)));
  CHECK(out.events.empty());
  CHECK(f.m.sent_ms() == 0);  // 5 samples at 16 kHz: under one ms

  Output second = f.send_ms(1000);
  REQUIRE(second.frames.size() == 1);
  CHECK(type_of(second.frames[0]) == "input_audio_buffer.append");
  CHECK(f.m.sent_ms() == 1000);
}

TEST_CASE("audio: a very long chunk is split into appends of bounded size", "[realtime]") {
  Fixture f;
  const size_t per_event = RealtimeMachine::kMaxAppendBytes / 2;
  std::vector<int16_t> samples(per_event * 2 + 3, 7);
  Output out;
  f.m.audio(samples.data(), samples.size(), out);
  REQUIRE(out.frames.size() == 3);
  std::string pcm7(RealtimeMachine::kMaxAppendBytes, '\0');
  for (size_t i = 0; i < pcm7.size(); i += 2) pcm7[i] = 7;
  CHECK(out.frames[0].data == build_append(event_id_of(out.frames[0]), pcm7));
  CHECK(out.frames[2].data == build_append(event_id_of(out.frames[2]), pcm7.substr(0, 6)));
  CHECK(event_id_of(out.frames[0]) != event_id_of(out.frames[1]));
}

TEST_CASE("VAD flow: interim, final with the VAD times, progress, finish", "[realtime]") {
  Fixture f;
  f.send_ms(3000);

  Output a = feed(f.m, speech_started("item_1", 120));
  REQUIRE(a.events.size() == 1);
  CHECK(std::get<Progress>(a.events[0]).audio_ms == 120);

  Output p = feed(f.m, text("item_1", "今天", "天气"));
  REQUIRE(p.events.size() == 1);
  const Sentence& ps = std::get<Partial>(p.events[0]).sentence;
  CHECK(ps.sentence_id == 1);
  CHECK(ps.begin_ms == 120);
  CHECK_FALSE(ps.end_ms);
  CHECK(ps.text == "今天天气");
  CHECK(ps.language == std::optional<std::string>("zh"));
  CHECK(ps.emotion == std::optional<std::string>("neutral"));

  Output b = feed(f.m, speech_stopped("item_1", 2040));
  REQUIRE(b.events.size() == 1);
  CHECK(std::get<Progress>(b.events[0]).audio_ms == 2040);
  CHECK(feed(f.m, committed("item_1")).events.empty());
  CHECK(feed(f.m, item_created("item_1")).events.empty());

  Output c = feed(f.m, completed("item_1", "今天天气不错。"));
  REQUIRE(c.events.size() == 2);
  const Final& fin = std::get<Final>(c.events[0]);
  CHECK(fin.sentence.sentence_id == 1);
  CHECK(fin.sentence.begin_ms == 120);
  CHECK(fin.sentence.end_ms == std::optional<int64_t>(2040));
  CHECK(fin.sentence.text == "今天天气不错。");
  CHECK(fin.sentence.language == std::optional<std::string>("zh"));
  CHECK(fin.sentence.emotion == std::optional<std::string>("happy"));
  CHECK_FALSE(fin.billed_seconds);
  CHECK(std::get<Progress>(c.events[1]).audio_ms == 2040);

  Output fin_out;
  f.m.finish(fin_out);
  REQUIRE(fin_out.frames.size() == 1);  // VAD mode: no commit
  CHECK(type_of(fin_out.frames[0]) == "session.finish");
  CHECK_FALSE(f.m.accepting_audio());
  Output late = f.send_ms(100);
  CHECK(late.frames.empty());
  Output twice;
  f.m.finish(twice);
  CHECK(twice.frames.empty());

  Output end = feed(f.m, kFinished);
  REQUIRE(end.events.size() == 1);
  CHECK(std::get<Finished>(end.events[0]).task_id == kSession);
  CHECK_FALSE(std::get<Finished>(end.events[0]).billed_seconds);
  CHECK(f.m.done());
  CHECK(feed(f.m, completed("item_9", "late")).events.empty());  // ignored after the end
}

TEST_CASE("interleaved items keep their own ordinals and times", "[realtime]") {
  Fixture f;
  f.send_ms(6000);
  feed(f.m, speech_started("item_A", 100));
  feed(f.m, text("item_A", "one", ""));
  feed(f.m, speech_stopped("item_A", 1500));
  feed(f.m, committed("item_A"));
  Output b = feed(f.m, speech_started("item_B", 2100));
  CHECK(std::get<Progress>(b.events[0]).audio_ms == 2100);
  Output pb = feed(f.m, text("item_B", "tw", "o", "en"));
  REQUIRE(events<Partial>(pb).size() == 1);
  CHECK(events<Partial>(pb)[0].sentence.sentence_id == 2);
  CHECK(events<Partial>(pb)[0].sentence.begin_ms == 2100);
  CHECK(events<Partial>(pb)[0].sentence.language == std::optional<std::string>("en"));

  Output ca = feed(f.m, completed("item_A", "One.", "en"));
  REQUIRE(events<Final>(ca).size() == 1);
  CHECK(events<Final>(ca)[0].sentence.sentence_id == 1);
  CHECK(events<Final>(ca)[0].sentence.begin_ms == 100);
  CHECK(events<Final>(ca)[0].sentence.end_ms == std::optional<int64_t>(1500));
  // Progress never goes back: item B's start was already reported.
  REQUIRE(events<Progress>(ca).size() == 1);
  CHECK(events<Progress>(ca)[0].audio_ms == 2100);

  feed(f.m, speech_stopped("item_B", 3300));
  Output cb = feed(f.m, completed("item_B", "Two.", "en"));
  REQUIRE(events<Final>(cb).size() == 1);
  CHECK(events<Final>(cb)[0].sentence.sentence_id == 2);
  CHECK(events<Final>(cb)[0].sentence.begin_ms == 2100);
  CHECK(events<Final>(cb)[0].sentence.end_ms == std::optional<int64_t>(3300));

  // A third item known only from its transcript: begins where the last Final ended and ends
  // at the audio sent so far.
  Output cc = feed(f.m, completed("item_C", "Three."));
  REQUIRE(events<Final>(cc).size() == 1);
  CHECK(events<Final>(cc)[0].sentence.sentence_id == 3);
  CHECK(events<Final>(cc)[0].sentence.begin_ms == 3300);
  CHECK(events<Final>(cc)[0].sentence.end_ms == std::optional<int64_t>(6000));
  CHECK(events<Progress>(cc).empty());  // the service reported no time for it
}

TEST_CASE("Manual mode: finish commits the audio; the item spans the committed audio",
          "[realtime]") {
  Fixture f(manual());
  CHECK(f.m.manual_commit());
  f.send_ms(1500);
  f.send_ms(500);
  Output fin;
  f.m.finish(fin);
  // The commit goes out; session.finish waits until the service has answered it.
  REQUIRE(fin.frames.size() == 1);
  CHECK(type_of(fin.frames[0]) == "input_audio_buffer.commit");
  CHECK(f.m.finish_pending());

  CHECK(feed(f.m, committed("item_1")).frames.empty());
  CHECK(feed(f.m, item_created("item_1")).events.empty());
  Output p = feed(f.m, text("item_1", "hello", " wor", "en"));
  REQUIRE(events<Partial>(p).size() == 1);
  CHECK(events<Partial>(p)[0].sentence.begin_ms == 0);
  CHECK(events<Partial>(p)[0].sentence.text == "hello wor");
  CHECK(p.frames.empty());
  Output c = feed(f.m, completed("item_1", "Hello world.", "en", "neutral"));
  REQUIRE(c.frames.size() == 1);
  CHECK(type_of(c.frames[0]) == "session.finish");
  CHECK(event_id_of(c.frames[0]) != event_id_of(fin.frames[0]));
  CHECK_FALSE(f.m.finish_pending());
  REQUIRE(events<Final>(c).size() == 1);
  CHECK(events<Final>(c)[0].sentence.sentence_id == 1);
  CHECK(events<Final>(c)[0].sentence.begin_ms == 0);
  CHECK(events<Final>(c)[0].sentence.end_ms == std::optional<int64_t>(2000));
  CHECK(events<Progress>(c).size() == 1);
  Output end = feed(f.m, kFinished);
  CHECK(events<Finished>(end).size() == 1);
  CHECK(f.m.done());
}

TEST_CASE("Manual mode: no audio, no commit", "[realtime]") {
  Fixture f(manual());
  Output fin;
  f.m.finish(fin);
  REQUIRE(fin.frames.size() == 1);
  CHECK(type_of(fin.frames[0]) == "session.finish");
}

TEST_CASE("Manual mode: an empty-buffer error answering our commit is only a Warning",
          "[realtime]") {
  Fixture f(manual());
  f.send_ms(300);
  Output fin;
  f.m.finish(fin);
  REQUIRE(fin.frames.size() == 1);
  const std::string commit_id = event_id_of(fin.frames[0]);
  Output e = feed(f.m, error("invalid_request_error", "input_audio_buffer_commit_empty",
                             "the buffer is empty", "", commit_id));
  REQUIRE(e.events.size() == 1);
  CHECK(std::holds_alternative<Warning>(e.events[0]));
  // The commit is answered (by the error): session.finish follows.
  REQUIRE(e.frames.size() == 1);
  CHECK(type_of(e.frames[0]) == "session.finish");
  CHECK_FALSE(f.m.done());
  CHECK(events<Finished>(feed(f.m, kFinished)).size() == 1);

  // The same code for an event that is not our commit ends the session.
  Fixture g(manual());
  Output e2 = feed(g.m, error("invalid_request_error", "input_audio_buffer_commit_empty",
                              "the buffer is empty", "", "event_other"));
  CHECK(events<Failed>(e2).size() == 1);
}

TEST_CASE("VAD mode with a --param turn_detection null is Manual mode", "[realtime]") {
  Request r = qwen();
  r.session_extra = {{"turn_detection", "null"}};
  Fixture f(r);
  CHECK(f.m.manual_commit());
  f.send_ms(100);
  Output fin;
  f.m.finish(fin);
  REQUIRE(fin.frames.size() == 1);
  CHECK(type_of(fin.frames[0]) == "input_audio_buffer.commit");
}

TEST_CASE("finish before session.updated waits for it", "[realtime]") {
  SequentialIdGenerator ids;
  RealtimeMachine m(manual(), ids);
  Output out;
  m.open(out);
  Output fin;
  m.finish(fin);
  CHECK(fin.frames.empty());
  Output s = feed(m, kUpdated);
  REQUIRE(events<Started>(s).size() == 1);
  REQUIRE(s.frames.size() == 1);  // no audio was sent: no commit
  CHECK(type_of(s.frames[0]) == "session.finish");
  CHECK_FALSE(m.accepting_audio());
}

TEST_CASE("a failed item is a ResultFailed with the service's code and the session goes on",
          "[realtime]") {
  Fixture f;
  feed(f.m, speech_started("item_1", 0));
  feed(f.m, text("item_1", "x", "y"));
  Output w = feed(f.m, item_failed("item_1"));
  REQUIRE(w.events.size() == 1);
  const ResultFailed& lost = std::get<ResultFailed>(w.events[0]);
  CHECK(lost.code == "asr_failed");
  CHECK(lost.message == "could not recognise");
  CHECK_FALSE(f.m.done());
  // Its late interim text is ignored; the next item is numbered on.
  CHECK(events<Partial>(feed(f.m, text("item_1", "z", ""))).empty());
  Output c = feed(f.m, completed("item_2", "next"));
  REQUIRE(events<Final>(c).size() == 1);
  CHECK(events<Final>(c)[0].sentence.sentence_id == 2);
  // No interim-only item is left for session.finished to rescue.
  Output end = feed(f.m, kFinished);
  CHECK(events<Final>(end).empty());
  CHECK(events<Finished>(end).size() == 1);
}

TEST_CASE("a failed item without an error object still names a code", "[realtime]") {
  Fixture f;
  Output w = feed(
      f.m,
      R"({"type":"conversation.item.input_audio_transcription.failed","item_id":"i","error":{"message":"bad\u0001line"}})");
  REQUIRE(events<ResultFailed>(w).size() == 1);
  CHECK(events<ResultFailed>(w)[0].code == "TranscriptionFailed");
  CHECK(events<ResultFailed>(w)[0].message == "bad?line");
  Output bare =
      feed(f.m, R"({"type":"conversation.item.input_audio_transcription.failed","item_id":"j"})");
  REQUIRE(events<ResultFailed>(bare).size() == 1);
  CHECK(events<ResultFailed>(bare)[0].message.empty());
  CHECK_FALSE(f.m.done());
}

TEST_CASE("session.finished with an item that never completed keeps its interim text",
          "[realtime]") {
  Fixture f;
  f.send_ms(4000);
  feed(f.m, speech_started("item_1", 200));
  feed(f.m, text("item_1", "first", " part"));
  feed(f.m, speech_started("item_2", 2500));  // started, no text: nothing to keep
  Output finish;
  f.m.finish(finish);
  Output end = feed(f.m, kFinished);
  REQUIRE(end.events.size() == 3);
  CHECK(std::holds_alternative<Warning>(end.events[0]));
  const Final& fin = std::get<Final>(end.events[1]);
  CHECK(fin.sentence.sentence_id == 1);
  CHECK(fin.sentence.text == "first part");
  CHECK(fin.sentence.begin_ms == 200);
  CHECK(fin.sentence.end_ms == std::optional<int64_t>(4000));
  CHECK(std::get<Finished>(end.events[2]).task_id == kSession);
}

TEST_CASE("completed with an empty transcript gives no Final, a duplicate is ignored",
          "[realtime]") {
  Fixture f;
  feed(f.m, speech_started("item_1", 0));
  feed(f.m, speech_stopped("item_1", 900));
  Output c = feed(f.m, completed("item_1", ""));
  CHECK(events<Final>(c).empty());
  CHECK(events<Progress>(c).size() == 1);
  Output d = feed(f.m, completed("item_1", "again"));
  CHECK(events<Final>(d).empty());
  CHECK(events<Warning>(d).size() == 1);
  // The next unknown-time item begins after the empty one.
  Output n = feed(f.m, completed("item_2", "two"));
  REQUIRE(events<Final>(n).size() == 1);
  CHECK(events<Final>(n)[0].sentence.begin_ms == 900);
  CHECK(events<Final>(n)[0].sentence.end_ms == std::optional<int64_t>(900));
}

TEST_CASE("events without an item_id still give results, each its own sentence", "[realtime]") {
  Fixture f;
  Output p = feed(f.m, R"({"type":"conversation.item.input_audio_transcription.text","text":"a"})");
  REQUIRE(events<Partial>(p).size() == 1);
  CHECK(events<Partial>(p)[0].sentence.sentence_id == 1);
  CHECK_FALSE(events<Partial>(p)[0].sentence.language);
  Output c = feed(
      f.m, R"({"type":"conversation.item.input_audio_transcription.completed","transcript":"A"})");
  REQUIRE(events<Final>(c).size() == 1);
  CHECK(events<Final>(c)[0].sentence.sentence_id == 1);
  Output c2 = feed(
      f.m, R"({"type":"conversation.item.input_audio_transcription.completed","transcript":"B"})");
  REQUIRE(events<Final>(c2).size() == 1);
  CHECK(events<Final>(c2)[0].sentence.sentence_id == 2);
}

TEST_CASE("extra keys anywhere are ignored without warnings", "[realtime]") {
  Fixture f;
  for (const std::string& msg :
       {std::string(R"({"type":"input_audio_buffer.speech_started","audio_start_ms":5,)"
                    R"("item_id":"i","x":{"y":[1,2]},"event_id":"e"})"),
        std::string(R"({"type":"input_audio_buffer.committed","item_id":"i","z":null})"),
        std::string(R"({"type":"conversation.item.created","item":{"id":"i","extra":true}})"),
        std::string(R"({"type":"conversation.item.input_audio_transcription.text","item_id":"i",)"
                    R"("text":"t","stash":"","new_field":1.5,"language":null})"),
        std::string(R"({"type":"input_audio_buffer.speech_stopped","audio_end_ms":50.0,)"
                    R"("item_id":"i","k":"v"})"),
        std::string(R"({"type":"conversation.item.input_audio_transcription.completed",)"
                    R"("item_id":"i","transcript":"T","words":[],"emotion":null})")}) {
    INFO(msg);
    Output out = feed(f.m, msg);
    CHECK(events<Warning>(out).empty());
    CHECK(events<Failed>(out).empty());
  }
  CHECK_FALSE(f.m.done());
}

TEST_CASE("malformed members give Warnings, not crashes", "[realtime]") {
  Fixture f;
  for (const std::string& msg :
       {std::string(R"({"type":"input_audio_buffer.speech_started","audio_start_ms":"5"})"),
        std::string(R"({"type":"input_audio_buffer.speech_stopped","audio_end_ms":-3,)"
                    R"("item_id":"i"})"),
        std::string(R"({"type":"input_audio_buffer.committed","item_id":7})"),
        std::string(R"({"type":"conversation.item.created","item":[]})"),
        std::string(R"({"type":"conversation.item.input_audio_transcription.text","item_id":"i",)"
                    R"("text":1})"),
        std::string(R"({"type":"conversation.item.input_audio_transcription.completed",)"
                    R"("item_id":"j","transcript":null})")}) {
    INFO(msg);
    Output out = feed(f.m, msg);
    CHECK(events<Warning>(out).size() == 1);
    CHECK(events<Final>(out).empty());
    CHECK(events<Failed>(out).empty());
  }
  CHECK_FALSE(f.m.done());
}

TEST_CASE("non-JSON, non-object, typeless, unknown and oversized messages are Warnings",
          "[realtime]") {
  Fixture f;
  for (const std::string& msg :
       {std::string("not json"), std::string("[1,2]"), std::string("\"session.finished\""),
        std::string(R"({"event_id":"x"})"), std::string(R"({"type":7})"),
        std::string(R"({"type":"response.created","response":{}})"),
        std::string("{\"type\":\"a\xff\"}"), std::string("\x01\x02\xc3\x28 bytes"),
        std::string(kMaxMessageBytes + 1, ' ')}) {
    Output out = feed(f.m, msg);
    REQUIRE(out.events.size() == 1);
    const std::string& w = std::get<Warning>(out.events[0]).message;
    CHECK(w.size() < 300);
    for (char c : w) CHECK(static_cast<unsigned char>(c) >= 0x20);
    std::string quoted;
    json::append_quoted(quoted, w);
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(quoted.data(), quoted.size());
    CHECK_FALSE(doc.HasParseError());  // valid UTF-8
  }
  CHECK(std::get<Warning>(feed(f.m, "{\"type\":\"rate_limits.updated\"}").events[0]).message ==
        "ignored unknown event 'rate_limits.updated'");
  CHECK_FALSE(f.m.done());
}

TEST_CASE("error events end the session, retryable by class", "[realtime]") {
  struct Case {
    std::string message;
    std::string code;
    bool retryable;
  };
  const std::vector<Case> cases = {
      {error("invalid_request_error", "invalid_value", "bad rate", "session.sample_rate"),
       "invalid_value", false},
      {error("invalid_request_error", "Throttling.RateQuota",
             "Requests rate limit exceeded, please try again later."),
       "Throttling.RateQuota", true},
      {error("server_error", "internal_error", "oops"), "internal_error", true},
      {error("invalid_request_error", "request_timeout", "request timeout after 23 seconds."),
       "request_timeout", true},
      {error("invalid_request_error", "InvalidApiKey", "bad key"), "InvalidApiKey", false},
      {error("invalid_request_error", "", "no code"), "invalid_request_error", false},
      {R"({"type":"error"})", "error", false},
      {R"({"type":"error","error":"text"})", "error", false},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    Fixture f;
    Output out = feed(f.m, c.message);
    REQUIRE(out.events.size() == 1);
    const Failed& failed = std::get<Failed>(out.events[0]);
    CHECK(failed.code == c.code);
    CHECK(failed.retryable == c.retryable);
    CHECK_FALSE(failed.message.empty());
    CHECK(f.m.done());
    CHECK_FALSE(f.m.accepting_audio());
  }
  Fixture f;
  Output out = feed(f.m, cases[0].message);
  CHECK(std::get<Failed>(out.events[0]).message == "bad rate (parameter session.sample_rate)");
}

TEST_CASE("an error rejecting a session parameter during set-up is never retried", "[realtime]") {
  SequentialIdGenerator ids;
  RealtimeMachine m(qwen(), ids);
  Output out;
  m.open(out);
  feed(m, kCreated);
  // Even with a message that would otherwise look like a server-side stall.
  Output e = feed(m, error("invalid_request_error", "invalid_value", "request timeout hint",
                           "session.turn_detection.threshold"));
  REQUIRE(events<Failed>(e).size() == 1);
  CHECK_FALSE(events<Failed>(e)[0].retryable);
  CHECK(m.done());
  CHECK(events<Started>(feed(m, kUpdated)).empty());
}

TEST_CASE("protocol violations end the session", "[realtime]") {
  {
    SequentialIdGenerator ids;
    RealtimeMachine m(qwen(), ids);
    Output e = feed(m, kUpdated);  // before open()
    REQUIRE(events<Failed>(e).size() == 1);
    CHECK(events<Failed>(e)[0].code == "ProtocolError");
    CHECK_FALSE(events<Failed>(e)[0].retryable);
  }
  for (const std::string& early :
       {text("item_1", "a", ""), completed("item_1", "a"), speech_started("item_1", 0), kFinished,
        committed("item_1"), item_failed("item_1")}) {
    INFO(early);
    SequentialIdGenerator ids;
    RealtimeMachine m(qwen(), ids);
    Output out;
    m.open(out);
    Output e = feed(m, early);
    REQUIRE(events<Failed>(e).size() == 1);
    CHECK(events<Failed>(e)[0].code == "ProtocolError");
    CHECK(m.done());
  }
}

TEST_CASE("a session_extra value that cannot be sent fails at open", "[realtime]") {
  SequentialIdGenerator ids;
  Request r = qwen();
  r.session_extra = {{"x", "{"}};
  RealtimeMachine m(r, ids);
  Output out;
  m.open(out);
  CHECK(out.frames.empty());
  REQUIRE(events<Failed>(out).size() == 1);
  CHECK(events<Failed>(out)[0].code == "InvalidRequest");
  CHECK_FALSE(events<Failed>(out)[0].retryable);
  CHECK(m.done());
}

TEST_CASE("many items: the tracked set stays bounded and ordinals go on", "[realtime]") {
  Fixture f;
  const int n = static_cast<int>(RealtimeMachine::kMaxTrackedItems) * 2 + 5;
  for (int i = 1; i <= n; ++i) {
    const std::string id = "item_" + std::to_string(i);
    feed(f.m, speech_started(id, i * 10));
    if (i % 3 != 0) {
      Output c = feed(f.m, completed(id, "s"));
      REQUIRE(events<Final>(c).size() == 1);
      CHECK(events<Final>(c)[0].sentence.sentence_id == i);
    }
  }
  // Items that never complete do not stop new ones (no results are held back).
  Output c = feed(f.m, completed("item_new", "last"));
  REQUIRE(events<Final>(c).size() == 1);
  CHECK(events<Final>(c)[0].sentence.sentence_id == n + 1);
}

TEST_CASE("random and mutated server messages never crash the machine", "[realtime]") {
  std::mt19937 rng(42);
  const std::vector<std::string> seeds = {kCreated,
                                          kUpdated,
                                          speech_started("i", 5),
                                          text("i", "ab", "c"),
                                          speech_stopped("i", 9),
                                          committed("i"),
                                          item_created("i"),
                                          completed("i", "abc"),
                                          item_failed("i"),
                                          error("server_error", "x", "y"),
                                          kFinished};
  for (int round = 0; round < 2000; ++round) {
    Fixture f(round % 2 ? manual() : qwen());
    f.send_ms(50);
    for (int k = 0; k < 6 && !f.m.done(); ++k) {
      std::string msg = seeds[rng() % seeds.size()];
      const int edits = static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !msg.empty(); ++e) {
        const size_t at = rng() % msg.size();
        switch (rng() % 3) {
          case 0:
            msg[at] = static_cast<char>(rng() % 256);
            break;
          case 1:
            msg.erase(at, 1 + rng() % 8);
            break;
          default:
            msg.insert(at, 1, "{}[]\":,0"[rng() % 8]);
        }
      }
      Output out;
      f.m.receive(msg, out);
      if (k == 3) f.m.finish(out);
    }
  }
  SUCCEED();
}

namespace {

// A test signal: segments of (ms, amplitude); samples alternate +amplitude / -amplitude, so a
// window's RMS is the amplitude.
std::vector<int16_t> signal(const std::vector<std::pair<int64_t, int16_t>>& segments,
                            int rate_hz = 16000) {
  std::vector<int16_t> out;
  for (const auto& [ms, amplitude] : segments) {
    const auto n = static_cast<size_t>(ms * rate_hz / 1000);
    for (size_t i = 0; i < n; ++i) {
      out.push_back(static_cast<int16_t>(out.size() % 2 ? -amplitude : amplitude));
    }
  }
  return out;
}

// Feeds `samples` in chunks of `chunk` samples; returns the audio position (in samples) at every
// commit, and the total appended.
struct Commits {
  std::vector<size_t> at_samples;
  size_t appended_samples = 0;
};

Commits feed_audio(RealtimeMachine& m, const std::vector<int16_t>& samples, size_t chunk) {
  Commits c;
  for (size_t first = 0; first < samples.size(); first += chunk) {
    Output out;
    m.audio(samples.data() + first, std::min(chunk, samples.size() - first), out);
    for (const Frame& f : out.frames) {
      rapidjson::Document doc;
      REQUIRE(json::parse(f.data, doc));
      const std::string type = json::get_string(doc, "type").value_or("");
      if (type == "input_audio_buffer.append") {
        const std::string b64 = json::get_string(doc, "audio").value_or("");
        const size_t pad = static_cast<size_t>(std::count(b64.begin(), b64.end(), '='));
        c.appended_samples += (b64.size() / 4 * 3 - pad) / 2;
      } else {
        REQUIRE(type == "input_audio_buffer.commit");
        c.at_samples.push_back(c.appended_samples);
      }
    }
  }
  return c;
}

constexpr int16_t kLoud = 3000;
constexpr int16_t kQuiet = 50;
constexpr size_t k100ms = 1600;  // samples at 16 kHz

}  // namespace

TEST_CASE("Manual mode: after 30 s uncommitted, commit at the end of the first quiet window",
          "[realtime][commit]") {
  // A pause at 12 s is too early; the one at 31 s is taken, at the end of its first window.
  const auto audio = signal(
      {{12000, kLoud}, {400, kQuiet}, {18600, kLoud}, {500, kQuiet}, {8500, kLoud}});  // 40 s
  for (size_t chunk : {k100ms, size_t{777}, size_t{16000 * 7}}) {
    INFO("chunk " << chunk);
    Fixture f(manual());
    Commits c = feed_audio(f.m, audio, chunk);
    CHECK(c.appended_samples == audio.size());
    REQUIRE(c.at_samples.size() == 1);
    CHECK(c.at_samples[0] == 31100 * 16);
    Output fin;
    f.m.finish(fin);  // the rest is committed at the end; session.finish waits for answers
    REQUIRE(fin.frames.size() == 1);
    CHECK(type_of(fin.frames[0]) == "input_audio_buffer.commit");
    CHECK(f.m.finish_pending());
  }
}

TEST_CASE("Manual mode: without a pause, commit at 55 s; no commit covers more",
          "[realtime][commit]") {
  // Digital silence first: nothing louder than kPauseRms is a pause, and none comes until 55 s.
  // After that commit the quietest window is the loud level itself, so the first window 30 s on
  // counts as a pause: steady sound is as good a place to cut as any.
  Fixture f(manual());
  const auto audio = signal({{100, 0}, {124900, kLoud}});
  Commits c = feed_audio(f.m, audio, k100ms);
  REQUIRE(c.at_samples.size() == 3);
  CHECK(c.at_samples[0] == 55000 * 16);
  CHECK(c.at_samples[1] == 85000 * 16);
  CHECK(c.at_samples[2] == 115000 * 16);

  // The items take the committed spans, in order.
  for (int i = 1; i <= 2; ++i) feed(f.m, committed("item_" + std::to_string(i)));
  Output a = feed(f.m, completed("item_1", "one"));
  Output b = feed(f.m, completed("item_2", "two"));
  REQUIRE(events<Final>(a).size() == 1);
  REQUIRE(events<Final>(b).size() == 1);
  CHECK(events<Final>(a)[0].sentence.begin_ms == 0);
  CHECK(events<Final>(a)[0].sentence.end_ms == std::optional<int64_t>(55000));
  CHECK(events<Final>(b)[0].sentence.begin_ms == 55000);
  CHECK(events<Final>(b)[0].sentence.end_ms == std::optional<int64_t>(85000));
}

TEST_CASE("Manual mode: steady background noise above the absolute level still has pauses",
          "[realtime][commit]") {
  // Noise at RMS 600 is above kPauseRms but within kPauseNoiseFactor of the quietest window.
  Fixture f(manual());
  const auto audio = signal({{2000, 600}, {30000, 6000}, {1000, 900}, {5000, 6000}});
  Commits c = feed_audio(f.m, audio, k100ms);
  REQUIRE(c.at_samples.size() == 1);
  CHECK(c.at_samples[0] == 32100 * 16);
}

TEST_CASE("Manual mode: the quietest window is measured again after each commit",
          "[realtime][commit]") {
  // Before the first commit the quietest window is digital silence (pause level kPauseRms).
  // After it the quietest is a dip to 1500, so a later dip to 2500 is a pause; measured from the
  // start it would not be one (2500 > kPauseRms), and the commit would wait for 55 s.
  Fixture f(manual());
  const auto audio = signal({{100, 0},
                             {30500, kLoud},
                             {100, 0},
                             {10000, 5000},
                             {100, 1500},
                             {25000, 5000},
                             {200, 2500},
                             {5000, 5000}});
  Commits c = feed_audio(f.m, audio, k100ms);
  REQUIRE(c.at_samples.size() == 2);
  CHECK(c.at_samples[0] == 30700 * 16);
  CHECK(c.at_samples[1] == 65900 * 16);
}

TEST_CASE("Manual mode: 8 kHz audio uses the same times", "[realtime][commit]") {
  Request r = manual();
  r.sample_rate_hz = 8000;
  Fixture f(r);
  const auto audio = signal({{100, 0}, {30400, kLoud}, {300, 0}, {1000, kLoud}}, 8000);
  Commits c = feed_audio(f.m, audio, 800);
  REQUIRE(c.at_samples.size() == 1);
  CHECK(c.at_samples[0] == 30600 * 8);
}

TEST_CASE("VAD mode never commits on its own", "[realtime][commit]") {
  Fixture f;
  const auto audio = signal({{70000, kLoud}});
  Commits c = feed_audio(f.m, audio, k100ms);
  CHECK(c.at_samples.empty());
  CHECK(c.appended_samples == audio.size());
}

namespace {

// Samples appended by the input_audio_buffer.append frames of `out`.
size_t appended_samples(const Output& out) {
  size_t n = 0;
  for (const Frame& f : out.frames) {
    rapidjson::Document doc;
    REQUIRE(json::parse(f.data, doc));
    if (json::get_string(doc, "type") != std::optional<std::string>("input_audio_buffer.append")) {
      continue;
    }
    const std::string b64 = json::get_string(doc, "audio").value_or("");
    const size_t pad = static_cast<size_t>(std::count(b64.begin(), b64.end(), '='));
    n += (b64.size() / 4 * 3 - pad) / 2;
  }
  return n;
}

std::vector<std::string> types_of(const Output& out) {
  std::vector<std::string> types;
  for (const Frame& f : out.frames) types.push_back(type_of(f));
  return types;
}

}  // namespace

TEST_CASE("finish rule: session.finish waits for speech_started and the last item (seed 003)",
          "[realtime][finish]") {
  Fixture f;
  // 1 s of speech, then 300 ms of quiet: the input ends before the service's VAD could close
  // the turn (800 ms of silence).
  const auto audio = signal({{200, kQuiet}, {1000, kLoud}, {300, kQuiet}});
  Output a;
  f.m.audio(audio.data(), audio.size(), a);
  CHECK_FALSE(f.m.finish_pending());

  Output fin;
  f.m.finish(fin);
  // Silence up to 800 + kFinishMarginMs ms of quiet at the end, and no session.finish yet.
  CHECK(types_of(fin) == std::vector<std::string>{"input_audio_buffer.append"});
  CHECK(appended_samples(fin) == 16 * 700);
  CHECK(f.m.sent_ms() == 2200);
  CHECK(f.m.finish_pending());
  CHECK_FALSE(f.m.accepting_audio());
  CHECK(f.m.speech_unheard());
  // The bounded wait: the rest of the audio at real time, plus the silence window and margin.
  CHECK(f.m.finish_wait_ms(0) == 2200 + 800 + 200);
  CHECK(f.m.finish_wait_ms(1000) == 2200);
  CHECK(f.m.finish_wait_ms(10000) == 0);

  // speech_started: the service has heard speech, but its item is still open.
  Output s = feed(f.m, speech_started("item_1", 200));
  CHECK(s.frames.empty());
  CHECK_FALSE(f.m.speech_unheard());
  feed(f.m, text("item_1", "hello", ""));
  feed(f.m, speech_stopped("item_1", 1200));
  CHECK(feed(f.m, committed("item_1")).frames.empty());
  Output c = feed(f.m, completed("item_1", "Hello.", "en"));
  REQUIRE(events<Final>(c).size() == 1);
  CHECK(types_of(c) == std::vector<std::string>{"session.finish"});
  CHECK_FALSE(f.m.finish_pending());
  Output again;
  f.m.finish_now(again);
  CHECK(again.frames.empty());
  CHECK(events<Finished>(feed(f.m, kFinished)).size() == 1);
}

TEST_CASE("finish rule: input ending in enough quiet gets no silence; no speech, no wait",
          "[realtime][finish]") {
  Fixture f;
  const auto audio = signal({{500, kLoud}, {1000, kQuiet}});
  Output a;
  f.m.audio(audio.data(), audio.size(), a);
  Output fin;
  f.m.finish(fin);
  CHECK(fin.frames.empty());  // held back, nothing to pad
  CHECK(f.m.finish_pending());

  Fixture quiet;
  quiet.send_ms(2000);  // silence only: nothing the service could miss
  Output q;
  quiet.m.finish(q);
  CHECK(types_of(q) == std::vector<std::string>{"session.finish"});
  CHECK_FALSE(quiet.m.finish_pending());
  CHECK_FALSE(quiet.m.speech_unheard());
}

TEST_CASE("finish rule: a service that never reports speech gets the finish after the wait",
          "[realtime][finish]") {
  Fixture f;
  const auto audio = signal({{1000, kLoud}, {2000, kQuiet}});
  Output a;
  f.m.audio(audio.data(), audio.size(), a);
  Output fin;
  f.m.finish(fin);
  CHECK(f.m.finish_pending());
  CHECK(f.m.finish_wait_ms(500) == 3000 + 1000 - 500);
  CHECK(f.m.finish_wait_ms(-100000) == RealtimeMachine::kMaxFinishWaitMs);
  Output now;
  f.m.finish_now(now);
  CHECK(types_of(now) == std::vector<std::string>{"session.finish"});
  CHECK_FALSE(f.m.finish_pending());
  // session.finished with no transcript: the speech was never heard.
  CHECK(events<Finished>(feed(f.m, kFinished)).size() == 1);
  CHECK(f.m.speech_unheard());
}

TEST_CASE("finish rule: Manual mode reports speech whose commit brought no transcript",
          "[realtime][finish]") {
  Fixture f(manual());
  const auto audio = signal({{1000, kLoud}});
  Output a;
  f.m.audio(audio.data(), audio.size(), a);
  Output fin;
  f.m.finish(fin);
  CHECK(types_of(fin) == std::vector<std::string>{"input_audio_buffer.commit"});
  CHECK(f.m.speech_unheard());
  feed(f.m, committed("item_1"));
  Output c = feed(f.m, completed("item_1", ""));  // the service heard nothing in it
  CHECK(types_of(c) == std::vector<std::string>{"session.finish"});
  CHECK(f.m.speech_unheard());

  Fixture g(manual());
  Output b;
  g.m.audio(audio.data(), audio.size(), b);
  Output gfin;
  g.m.finish(gfin);
  feed(g.m, committed("item_1"));
  feed(g.m, completed("item_1", "Words."));
  CHECK_FALSE(g.m.speech_unheard());
}

TEST_CASE("a duplex-protocol server on the realtime endpoint fails the session at once",
          "[realtime]") {
  SequentialIdGenerator ids;
  RealtimeMachine m(qwen(), ids);
  Output out;
  m.open(out);
  Output f = feed(m, R"({"header":{"task_id":"x","event":"task-failed","error_code":)"
                     R"("InvalidParameter","error_message":"bad","attributes":{}},"payload":{}})");
  REQUIRE(events<Failed>(f).size() == 1);
  CHECK(events<Failed>(f)[0].code == "WrongProtocol");
  CHECK_FALSE(events<Failed>(f)[0].retryable);
  CHECK(m.done());
}

TEST_CASE("Qwen partials keep their stash; --raw attaches the event", "[realtime]") {
  Request r = qwen();
  r.keep_raw = true;
  Fixture f(r);
  f.send_ms(1000);
  Output p = feed(f.m, text("item_1", "今天", "天气"));
  REQUIRE(events<Partial>(p).size() == 1);
  const Sentence s = events<Partial>(p)[0].sentence;
  CHECK(s.text == "今天天气");
  CHECK(s.stash == std::optional<std::string>("天气"));
  CHECK(s.raw.find(R"("stash":"天气")") != std::string::npos);
}
