#include "emulator/handshake.h"

#include <catch2/catch.hpp>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

HandshakeRequest req(std::string path, std::vector<std::pair<std::string, std::string>> q,
                     std::optional<std::string> auth = std::string("Bearer k")) {
  return HandshakeRequest{std::move(path), std::move(q), std::move(auth)};
}

std::string code_of(const HandshakeDecision& d) {
  rapidjson::Document doc;
  REQUIRE(util::json::parse(d.body, doc));
  CHECK(util::json::get_string(doc, "request_id") == std::optional<std::string>("rid"));
  return *util::json::get_string(doc, "code");
}

TEST_CASE("Both duplex paths and the realtime path are accepted", "[handshake]") {
  CHECK(decide_handshake(req("/api-ws/v1/inference", {}), std::nullopt, "rid").status == 101);
  auto d = decide_handshake(req("/api-ws/v1/inference/", {}), std::nullopt, "rid");
  CHECK(d.status == 101);
  CHECK(d.endpoint == Endpoint::kDuplex);
  auto r = decide_handshake(req("/api-ws/v1/realtime", {{"model", "qwen3-asr-flash-realtime"}}),
                            std::nullopt, "rid");
  CHECK(r.status == 101);
  CHECK(r.endpoint == Endpoint::kRealtime);
  CHECK(r.model == "qwen3-asr-flash-realtime");
}

TEST_CASE("Refusals carry a status and a JSON body", "[handshake]") {
  auto nf = decide_handshake(req("/other", {}), std::nullopt, "rid");
  CHECK(nf.status == 404);
  CHECK(code_of(nf) == "NotFound");
  auto noauth =
      decide_handshake(req("/api-ws/v1/inference", {}, std::nullopt), std::nullopt, "rid");
  CHECK(noauth.status == 401);
  CHECK(code_of(noauth) == "InvalidApiKey");
  CHECK(noauth.body.find("Invalid API-key provided.") != std::string::npos);
  CHECK(decide_handshake(req("/api-ws/v1/inference", {}), std::string("x"), "rid").status == 401);
  CHECK(decide_handshake(req("/api-ws/v1/inference", {}, "Token k"), std::nullopt, "rid").status ==
        401);
  auto unauth = decide_handshake(req("/api-ws/v1/inference", {{"faults", "unauthorized"}}),
                                 std::nullopt, "rid");
  CHECK(unauth.status == 401);
  auto badfault =
      decide_handshake(req("/api-ws/v1/inference", {{"faults", "nope:1"}}), std::nullopt, "rid");
  CHECK(badfault.status == 400);
  CHECK(badfault.body.find("nope:1") != std::string::npos);
  auto nomodel = decide_handshake(req("/api-ws/v1/realtime", {}), std::nullopt, "rid");
  CHECK(nomodel.status == 400);
  CHECK(code_of(nomodel) == "InvalidParameter");
}

TEST_CASE("wrong-task-id is refused on the realtime endpoint, which has no task id",
          "[handshake]") {
  CHECK(decide_handshake(req("/api-ws/v1/inference", {{"faults", "wrong-task-id:failed"}}),
                         std::nullopt, "rid")
            .status == 101);
  auto rt = decide_handshake(req("/api-ws/v1/realtime", {{"model", "qwen3-asr-flash-realtime"},
                                                         {"faults", "wrong-task-id"}}),
                             std::nullopt, "rid");
  CHECK(rt.status == 400);
  CHECK(code_of(rt) == "InvalidParameter");
  CHECK(rt.body.find("duplex endpoint only") != std::string::npos);
  CHECK(decide_handshake(req("/api-ws/v1/realtime",
                             {{"model", "qwen3-asr-flash-realtime"}, {"faults", "after-finish"}}),
                         std::nullopt, "rid")
            .status == 101);
}

TEST_CASE("The faults value is kept raw for the counters", "[handshake]") {
  auto d = decide_handshake(req("/api-ws/v1/inference", {{"faults", "throttle:2,slow:0.5"}}),
                            std::nullopt, "rid");
  CHECK(d.faults_text == "throttle:2,slow:0.5");
  CHECK(*d.faults.throttle_count == 2);
  CHECK(join_query({{"model", "m"}, {"faults", "drop:1"}}) == "model=m&faults=drop:1");
}

}  // namespace
}  // namespace dsasr::emulator
