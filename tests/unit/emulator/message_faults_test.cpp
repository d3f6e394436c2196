#include "emulator/message_faults.h"

#include <catch2/catch.hpp>

#include "emulator/duplex_messages.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(text, doc));
  return doc;
}

TEST_CASE("unknown-fields decorates every level a client reads", "[message_faults]") {
  SentenceResult r;
  r.text = "a";
  r.words = {{0, 10, "a", ""}};
  auto d = parse(add_unknown_fields(sentence_result_message("t", r)));
  CHECK(d.HasMember("x_emu_object"));
  CHECK(d["x_emu_number"].IsNumber());
  CHECK(d["x_emu_null"].IsNull());
  CHECK(d["header"].HasMember("x_emu_note"));
  CHECK(d["payload"].HasMember("x_emu_flag"));
  CHECK(d["payload"]["output"].HasMember("x_emu_flag"));
  CHECK(d["payload"]["output"]["sentence"].HasMember("x_emu_flag"));
  CHECK(d["payload"]["output"]["sentence"]["words"][0].HasMember("x_emu_note"));
  CHECK(d["header"]["attributes"].MemberCount() == 0);
  // No duplicate member names at the top level.
  int notes = 0;
  for (auto& m : d.GetObject()) notes += std::string(m.name.GetString()) == "x_emu_note";
  CHECK(notes == 1);
}

TEST_CASE("unknown-fields keeps task-finished's output empty", "[message_faults]") {
  auto d = parse(add_unknown_fields(task_finished_message("t")));
  CHECK(d["payload"]["output"].MemberCount() == 0);
  CHECK(d["payload"].HasMember("x_emu_flag"));
}

TEST_CASE("oversized pads to at least N bytes", "[message_faults]") {
  std::string padded = pad_message(task_started_message("t"), 70000);
  CHECK(padded.size() >= 70000);
  CHECK(padded.size() < 70010);
  CHECK(parse(padded)["x_emu_padding"].IsString());
}

TEST_CASE("non-json precedes the first result only; oversized hits the first final",
          "[message_faults]") {
  Faults f = *parse_faults("non-json,oversized:1000");
  MessageFaults mf(f);
  Action started = send_json(task_started_message("t"));
  Action interim = send_json("{\"a\":1}", 100);
  interim.result = true;
  Action final1 = send_json("{\"b\":1}", 200);
  final1.result = final1.final_result = true;
  Action final2 = final1;
  auto out = mf.apply({started, interim, final1, final2});
  REQUIRE(out.size() == 5);
  CHECK(out[0].text == started.text);
  CHECK(out[1].kind == Action::Kind::kSendRaw);
  CHECK(out[1].text == kNonJsonText);
  CHECK(out[2].text == "{\"a\":1}");
  CHECK(out[3].text.size() >= 1000);
  CHECK(out[4].text == "{\"b\":1}");
  CHECK(mf.apply({interim}).size() == 1);
}

}  // namespace
}  // namespace dsasr::emulator
