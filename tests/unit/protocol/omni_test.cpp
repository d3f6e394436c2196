#include "protocol/omni.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "protocol/make_machine.h"
#include "protocol/realtime_messages.h"
#include "util/json.h"

using namespace dsasr::protocol;
namespace json = dsasr::util::json;

namespace {

const std::string kPrompt = "Transcribe exactly as spoken.";

const std::string kCreated =
    R"({"event_id":"event_s1","type":"session.created","session":{"id":"sess_omni",)"
    R"("object":"realtime.session","model":"qwen3-omni-flash-realtime","modalities":["text","audio"]}})";
const std::string kUpdated =
    R"({"event_id":"event_s2","type":"session.updated","session":{"id":"sess_omni",)"
    R"("object":"realtime.session","model":"qwen3-omni-flash-realtime","modalities":["text"]}})";
const std::string kFinished = R"({"event_id":"event_f","type":"session.finished"})";

std::string speech_started(const std::string& item, int64_t ms) {
  return R"({"type":"input_audio_buffer.speech_started","audio_start_ms":)" + std::to_string(ms) +
         R"(,"item_id":")" + item + R"("})";
}
std::string speech_stopped(const std::string& item, int64_t ms) {
  return R"({"type":"input_audio_buffer.speech_stopped","audio_end_ms":)" + std::to_string(ms) +
         R"(,"item_id":")" + item + R"("})";
}
std::string committed(const std::string& item) {
  return R"({"type":"input_audio_buffer.committed","previous_item_id":null,"item_id":")" + item +
         R"("})";
}
std::string user_item(const std::string& item) {
  return R"({"type":"conversation.item.created","item":{"id":")" + item +
         R"(","object":"realtime.item","type":"message","role":"user","content":[]}})";
}
std::string input_text(const std::string& item, const std::string& text) {
  return R"({"type":"conversation.item.input_audio_transcription.text","item_id":")" + item +
         R"(","text":")" + text + R"(","stash":""})";
}
std::string input_completed(const std::string& item, const std::string& text) {
  return R"({"type":"conversation.item.input_audio_transcription.completed","item_id":")" + item +
         R"(","content_index":0,"transcript":")" + text + R"("})";
}
std::string created(const std::string& resp) {
  return R"({"type":"response.created","response":{"id":")" + resp +
         R"(","object":"realtime.response","status":"in_progress","modalities":["text"],"output":[]}})";
}
std::string item_added(const std::string& resp, const std::string& item) {
  return R"({"type":"response.output_item.added","response_id":")" + resp +
         R"(","output_index":0,"item":{"id":")" + item +
         R"(","object":"realtime.item","type":"message","status":"in_progress","role":"assistant","content":[]}})";
}
std::string part_added(const std::string& resp, const std::string& item) {
  return R"({"type":"response.content_part.added","response_id":")" + resp + R"(","item_id":")" +
         item + R"(","output_index":0,"content_index":0,"part":{"type":"text","text":""}})";
}
std::string delta(const std::string& resp, const std::string& item, const std::string& d) {
  return R"({"type":"response.text.delta","response_id":")" + resp + R"(","item_id":")" + item +
         R"(","output_index":0,"content_index":0,"delta":")" + d + R"("})";
}
std::string text_done(const std::string& resp, const std::string& item, const std::string& t) {
  return R"({"type":"response.text.done","response_id":")" + resp + R"(","item_id":")" + item +
         R"(","output_index":0,"content_index":0,"text":")" + t + R"("})";
}
std::string part_done(const std::string& resp, const std::string& item, const std::string& t) {
  return R"({"type":"response.content_part.done","response_id":")" + resp + R"(","item_id":")" +
         item + R"(","output_index":0,"content_index":0,"part":{"type":"text","text":")" + t +
         R"("}})";
}
std::string item_done(const std::string& resp, const std::string& item) {
  return R"({"type":"response.output_item.done","response_id":")" + resp +
         R"(","output_index":0,"item":{"id":")" + item + R"(","status":"completed"}})";
}
std::string response_done(const std::string& resp, const std::string& status = "completed",
                          const std::string& extra = "") {
  return R"({"type":"response.done","response":{"id":")" + resp + R"(","status":")" + status +
         R"(",)" + extra +
         R"("usage":{"total_tokens":130,"input_tokens":120,"output_tokens":10,)"
         R"("input_tokens_details":{"text_tokens":20,"audio_tokens":100}}}})";
}

Request omni() {
  Request r;
  r.model = "qwen3-omni-flash-realtime";
  r.family = Family::kRealtime;
  r.sample_rate_hz = 16000;
  r.instructions = kPrompt;
  return r;
}

Output feed(Machine& m, std::string_view msg) {
  Output out;
  m.receive(msg, out);
  return out;
}

Output feed_all(Machine& m, const std::vector<std::string>& msgs) {
  Output all;
  for (const std::string& msg : msgs) {
    Output out = feed(m, msg);
    for (auto& f : out.frames) all.frames.push_back(std::move(f));
    for (auto& e : out.events) all.events.push_back(std::move(e));
  }
  return all;
}

template <class T>
std::vector<T> events(const Output& out) {
  std::vector<T> found;
  for (const Event& e : out.events) {
    if (const T* t = std::get_if<T>(&e)) found.push_back(*t);
  }
  return found;
}

std::string type_of(const Frame& f) {
  rapidjson::Document doc;
  REQUIRE(json::parse(f.data, doc));
  return json::get_string(doc, "type").value_or("");
}

// One turn answered with the full event sequence (the structure events included).
std::vector<std::string> turn(const std::string& item, int64_t begin, int64_t end,
                              const std::string& resp, const std::vector<std::string>& deltas) {
  std::vector<std::string> msgs = {speech_started(item, begin),
                                   speech_stopped(item, end),
                                   committed(item),
                                   user_item(item),
                                   created(resp),
                                   item_added(resp, "a_" + resp),
                                   part_added(resp, "a_" + resp)};
  std::string all;
  for (const std::string& d : deltas) {
    msgs.push_back(delta(resp, "a_" + resp, d));
    all += d;
  }
  msgs.push_back(text_done(resp, "a_" + resp, all));
  msgs.push_back(part_done(resp, "a_" + resp, all));
  msgs.push_back(item_done(resp, "a_" + resp));
  msgs.push_back(response_done(resp));
  return msgs;
}

struct Fixture {
  SequentialIdGenerator ids;
  OmniMachine m;
  explicit Fixture(Request r = omni()) : m(std::move(r), ids) {
    Output out;
    m.open(out);
    REQUIRE(out.frames.size() == 1);
    REQUIRE(feed(m, kCreated).events.empty());
    REQUIRE(events<Started>(feed(m, kUpdated)).size() == 1);
  }
  Output send(int64_t ms, int16_t level) {
    std::vector<int16_t> samples(static_cast<size_t>(ms * 16), level);
    Output out;
    m.audio(samples.data(), samples.size(), out);
    return out;
  }
};

}  // namespace

TEST_CASE("omni: session.update carries the prompt, text output and a non-interrupting VAD",
          "[omni]") {
  SequentialIdGenerator ids;
  Request r = omni();
  r.vad_silence_ms = 500;
  OmniMachine m(r, ids);
  Output out;
  m.open(out);
  REQUIRE(out.frames.size() == 1);
  CHECK(out.frames[0].data ==
        R"({"event_id":"event_00000000000040008000000000000002","type":"session.update",)"
        R"("session":{"modalities":["text"],"instructions":"Transcribe exactly as spoken.",)"
        R"("input_audio_format":"pcm16","turn_detection":{"type":"server_vad","threshold":0.2,)"
        R"("prefix_padding_ms":300,"silence_duration_ms":500,"create_response":true,)"
        R"("interrupt_response":false}}})");
  CHECK_FALSE(m.accepting_audio());
  CHECK(feed(m, kCreated).events.empty());
  CHECK(m.task_id() == "sess_omni");
  Output s = feed(m, kUpdated);
  REQUIRE(events<Started>(s).size() == 1);
  CHECK(events<Started>(s)[0].task_id == "sess_omni");
  CHECK(m.accepting_audio());
}

TEST_CASE("omni: make_machine picks the conversation when the request has instructions", "[omni]") {
  SequentialIdGenerator ids;
  auto machine = make_machine(omni(), find_model("qwen3-omni-flash-realtime"), ids);
  Output out;
  machine->open(out);
  REQUIRE(out.frames.size() == 1);
  CHECK(out.frames[0].data.find(R"("instructions":")") != std::string::npos);

  Request asr = omni();
  asr.model = "qwen3-asr-flash-realtime";
  asr.instructions.reset();
  auto plain = make_machine(asr, find_model(asr.model), ids);
  Output pout;
  plain->open(pout);
  CHECK(pout.frames[0].data.find("instructions") == std::string::npos);
}

TEST_CASE("omni: each response is a final with the turn's times, response id and tokens",
          "[omni]") {
  Fixture f;
  Output out = feed_all(f.m, turn("item_1", 120, 2300, "resp_1", {"Hello ", "world."}));
  std::vector<Partial> partials = events<Partial>(out);
  REQUIRE(partials.size() == 2);
  CHECK(partials[0].sentence.text == "Hello ");
  CHECK(partials[1].sentence.text == "Hello world.");
  CHECK(partials[1].sentence.sentence_id == 1);
  CHECK(partials[1].sentence.begin_ms == 120);
  std::vector<Final> finals = events<Final>(out);
  REQUIRE(finals.size() == 1);
  const Sentence& s = finals[0].sentence;
  CHECK(s.text == "Hello world.");
  CHECK(s.sentence_id == 1);
  CHECK(s.begin_ms == 120);
  CHECK(s.end_ms == 2300);
  CHECK(s.response_id == "resp_1");
  CHECK(s.input_tokens == 120);
  CHECK(s.output_tokens == 10);
  CHECK(events<Warning>(out).empty());

  Output second = feed_all(f.m, turn("item_2", 3000, 4100, "resp_2", {"Second."}));
  REQUIRE(events<Final>(second).size() == 1);
  CHECK(events<Final>(second)[0].sentence.sentence_id == 2);
  CHECK(events<Final>(second)[0].sentence.begin_ms == 3000);
  CHECK(events<Final>(second)[0].sentence.end_ms == 4100);
}

TEST_CASE("omni: input transcription events interleaved with the answer change nothing", "[omni]") {
  Fixture f;
  Output out = feed_all(
      f.m, {speech_started("item_1", 100), speech_stopped("item_1", 1500), committed("item_1"),
            user_item("item_1"), created("resp_1"), input_text("item_1", "hel"),
            item_added("resp_1", "a1"), delta("resp_1", "a1", "Hel"),
            input_completed("item_1", "hello (input transcript)"), delta("resp_1", "a1", "lo."),
            speech_started("item_2", 1800), text_done("resp_1", "a1", "Hello."),
            input_text("item_2", "nex"), response_done("resp_1")});
  CHECK(events<Warning>(out).empty());
  std::vector<Final> finals = events<Final>(out);
  REQUIRE(finals.size() == 1);
  CHECK(finals[0].sentence.text == "Hello.");
  CHECK(finals[0].sentence.end_ms == 1500);
  // The turn that started meanwhile gets the next answer.
  Output next = feed_all(
      f.m, {speech_stopped("item_2", 2600), created("resp_2"), delta("resp_2", "a2", "Next."),
            text_done("resp_2", "a2", "Next."), response_done("resp_2")});
  REQUIRE(events<Final>(next).size() == 1);
  CHECK(events<Final>(next)[0].sentence.sentence_id == 2);
  CHECK(events<Final>(next)[0].sentence.begin_ms == 1800);
  CHECK(events<Final>(next)[0].sentence.end_ms == 2600);
}

TEST_CASE("omni: an error event ends the session with the service's code", "[omni]") {
  Fixture f;
  feed_all(f.m, {speech_started("item_1", 100), speech_stopped("item_1", 900), created("resp_1"),
                 delta("resp_1", "a1", "Hal")});
  Output out = feed(f.m, R"({"type":"error","error":{"type":"server_error",)"
                         R"("code":"InternalError","message":"model crashed","param":null}})");
  std::vector<Failed> failed = events<Failed>(out);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].code == "InternalError");
  CHECK(failed[0].message == "model crashed");
  CHECK(failed[0].retryable);
  CHECK(f.m.done());
  CHECK(feed(f.m, response_done("resp_1")).events.empty());
}

TEST_CASE("omni: a duplex-protocol server on the realtime endpoint fails the session at once",
          "[omni]") {
  SequentialIdGenerator ids;
  OmniMachine m(omni(), ids);
  Output open;
  m.open(open);
  Output out =
      feed(m, R"({"header":{"task_id":"x","event":"task-failed","error_code":)"
              R"("InvalidParameter","error_message":"bad","attributes":{}},"payload":{}})");
  REQUIRE(events<Failed>(out).size() == 1);
  CHECK(events<Failed>(out)[0].code == "WrongProtocol");
  CHECK_FALSE(events<Failed>(out)[0].retryable);
  CHECK(m.done());
}

TEST_CASE("omni: a rejected session parameter is not retryable", "[omni]") {
  SequentialIdGenerator ids;
  OmniMachine m(omni(), ids);
  Output open;
  m.open(open);
  Output out = feed(m, R"({"type":"error","error":{"type":"invalid_request_error",)"
                       R"("code":"invalid_value","message":"Invalid modalities",)"
                       R"("param":"session.modalities"}})");
  REQUIRE(events<Failed>(out).size() == 1);
  CHECK(events<Failed>(out)[0].message == "Invalid modalities (parameter session.modalities)");
  CHECK_FALSE(events<Failed>(out)[0].retryable);
}

TEST_CASE("omni: failed, cancelled and text-less answers", "[omni]") {
  Fixture f;
  Output failed = feed_all(
      f.m, {speech_started("item_1", 0), speech_stopped("item_1", 800), created("resp_1"),
            response_done("resp_1", "failed",
                          R"("status_details":{"type":"failed","error":{"code":"ModelBusy",)"
                          R"("message":"try later"}},)")});
  REQUIRE(events<ResultFailed>(failed).size() == 1);
  CHECK(events<ResultFailed>(failed)[0].code == "ModelBusy");
  CHECK(events<Final>(failed).empty());
  CHECK_FALSE(f.m.done());

  Output cancelled = feed_all(
      f.m, {speech_started("item_2", 1000), speech_stopped("item_2", 1800), created("resp_2"),
            delta("resp_2", "a2", "Part"), response_done("resp_2", "cancelled")});
  REQUIRE(events<Final>(cancelled).size() == 1);
  CHECK(events<Final>(cancelled)[0].sentence.text == "Part");
  CHECK(events<Warning>(cancelled).size() == 2);  // no text.done; cancelled

  Output empty =
      feed_all(f.m, {speech_started("item_3", 2000), speech_stopped("item_3", 2500),
                     created("resp_3"), text_done("resp_3", "a3", ""), response_done("resp_3")});
  CHECK(events<Final>(empty).empty());
}

TEST_CASE("omni: results before session.updated are a protocol error", "[omni]") {
  SequentialIdGenerator ids;
  OmniMachine m(omni(), ids);
  Output open;
  m.open(open);
  Output out = feed(m, created("resp_1"));
  REQUIRE(events<Failed>(out).size() == 1);
  CHECK(events<Failed>(out)[0].code == "ProtocolError");
}

TEST_CASE("omni: unknown events and bad frames are warnings", "[omni]") {
  Fixture f;
  CHECK(events<Warning>(feed(f.m, R"({"type":"response.audio.delta","delta":"AAAA"})")).size() ==
        1);
  CHECK(events<Warning>(feed(f.m, "not json")).size() == 1);
  CHECK(events<Warning>(feed(f.m, delta("resp_unknown", "a", "x"))).size() == 1);
  CHECK_FALSE(f.m.done());
}

TEST_CASE("omni: manual commit is refused at open", "[omni]") {
  SequentialIdGenerator ids;
  Request r = omni();
  r.manual_commit = true;
  OmniMachine m(r, ids);
  Output out;
  m.open(out);
  CHECK(out.frames.empty());
  REQUIRE(events<Failed>(out).size() == 1);
  CHECK(events<Failed>(out)[0].code == "InvalidRequest");
  CHECK(m.done());
}

TEST_CASE("omni: the finish rule waits for every turn's answer, then sends session.finish",
          "[omni]") {
  Fixture f;
  Output audio = f.send(1000, 3000);  // speech
  REQUIRE_FALSE(audio.frames.empty());
  CHECK(type_of(audio.frames[0]) == "input_audio_buffer.append");

  Output fin;
  f.m.finish(fin);
  // Silence appended so the VAD closes the turn; session.finish held back.
  REQUIRE_FALSE(fin.frames.empty());
  for (const Frame& fr : fin.frames) CHECK(type_of(fr) == "input_audio_buffer.append");
  CHECK(f.m.finish_pending());
  CHECK(f.m.sent_ms() == 1000 + 800 + OmniMachine::kFinishMarginMs);

  Output started = feed(f.m, speech_started("item_1", 50));
  CHECK(started.frames.empty());
  Output stopped = feed_all(f.m, {speech_stopped("item_1", 1000), created("resp_1")});
  CHECK(stopped.frames.empty());  // answer still open
  Output answered = feed_all(f.m, {text_done("resp_1", "a1", "Words."), response_done("resp_1")});
  REQUIRE(answered.frames.size() == 1);
  CHECK(type_of(answered.frames[0]) == "session.finish");
  CHECK_FALSE(f.m.finish_pending());

  Output end = feed(f.m, kFinished);
  REQUIRE(events<Finished>(end).size() == 1);
  CHECK(events<Finished>(end)[0].task_id == "sess_omni");
  CHECK(f.m.done());
  CHECK_FALSE(f.m.speech_unheard());
}

TEST_CASE("omni: an answer still open at session.finished keeps its text", "[omni]") {
  Fixture f;
  Output out = feed_all(f.m, {speech_started("item_1", 0), speech_stopped("item_1", 700),
                              created("resp_1"), delta("resp_1", "a1", "Last words"), kFinished});
  REQUIRE(events<Final>(out).size() == 1);
  CHECK(events<Final>(out)[0].sentence.text == "Last words");
  CHECK(events<Final>(out)[0].sentence.end_ms == 700);
  CHECK(events<Finished>(out).size() == 1);
}

TEST_CASE("omni: speech never heard is reported", "[omni]") {
  Fixture f;
  f.send(500, 3000);
  Output fin;
  f.m.finish(fin);
  CHECK(f.m.finish_pending());
  CHECK(f.m.speech_unheard());
  Output now;
  f.m.finish_now(now);
  REQUIRE(now.frames.size() == 1);
  CHECK(type_of(now.frames[0]) == "session.finish");
}
