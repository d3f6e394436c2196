#include "emulator/event_log.h"

#include <catch2/catch.hpp>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(text, doc));
  return doc;
}

TEST_CASE("Handshake lines hash the key and never show it", "[event_log]") {
  auto auth = parse_authorization("Bearer sk-very-secret");
  std::string line = log_handshake_line(1.5, 3, "/api-ws/v1/inference", "faults=drop:1",
                                        {{"user-agent", "ua"}}, auth, 101);
  CHECK(line.find("sk-very-secret") == std::string::npos);
  auto d = parse(line);
  CHECK(d["t"].GetDouble() == Approx(1.5));
  CHECK(d["conn"].GetInt() == 3);
  CHECK(d["event"] == "handshake");
  CHECK(d["query"] == "faults=drop:1");
  CHECK(d["headers"]["user-agent"] == "ua");
  CHECK(d["headers"]["authorization"]["scheme"] == "Bearer");
  CHECK(d["headers"]["authorization"]["sha256_8"] == sha256_8("sk-very-secret"));
  CHECK(d["status"].GetInt() == 101);
}

TEST_CASE("recv_text replaces realtime audio by its sizes", "[event_log]") {
  auto d = parse(log_recv_text_line(
      0, 1, R"({"event_id":"e","type":"input_audio_buffer.append","audio":"AAECAw=="})", true));
  CHECK(d["json"]["audio"]["base64_chars"].GetInt() == 8);
  CHECK(d["json"]["audio"]["bytes"].GetInt() == 4);
  auto unpadded = parse(
      log_recv_text_line(0, 1, R"({"type":"input_audio_buffer.append","audio":"AAECAwQ"})", true));
  CHECK(unpadded["json"]["audio"]["bytes"].GetInt() == 5);
  auto raw = parse(log_recv_text_line(0, 1, "not json", false));
  CHECK(raw["text"] == "not json");
}

TEST_CASE("Other log lines", "[event_log]") {
  CHECK(parse(log_recv_binary_line(0.25, 2, 3200))["bytes"].GetInt() == 3200);
  CHECK(parse(log_send_text_line(0, 2, R"({"a":1})"))["json"]["a"].GetInt() == 1);
  CHECK(parse(log_send_text_line(0, 2, "this is not JSON"))["text"] == "this is not JSON");
  auto c = parse(log_close_line(0, 2, 1000, "bye", "client"));
  CHECK(c["code"].GetInt() == 1000);
  CHECK(c["reason"] == "bye");
  CHECK(c["by"] == "client");
}

}  // namespace
}  // namespace dsasr::emulator
