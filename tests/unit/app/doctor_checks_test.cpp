#include "app/doctor_checks.h"

#include <catch2/catch.hpp>

#include "app/exit_status.h"

namespace dsasr::app {
namespace {

using std::chrono::microseconds;

TEST_CASE("one line per check, a hint under a failure", "[doctor_checks]") {
  CHECK(format_check(ok("tcp", "127.0.0.1:443 (1.2 ms)")) ==
        "OK    tcp        127.0.0.1:443 (1.2 ms)\n");
  CHECK(format_check(fail("tls", util::ErrorKind::kNetwork, "certificate not trusted",
                          "use "
                          "--ca-file")) ==
        "FAIL  tls        certificate not trusted\n      hint: use --ca-file\n");
  CHECK(format_check(skip("tls", "ws:// has no TLS")) == "SKIP  tls        ws:// has no TLS\n");
}

TEST_CASE("durations", "[doctor_checks]") {
  CHECK(duration_text(microseconds(420)) == "0.4 ms");
  CHECK(duration_text(microseconds(12'400)) == "12 ms");
  CHECK(duration_text(microseconds(1'250'000)) == "1.25 s");
}

TEST_CASE("the exit status is the first failure's", "[doctor_checks]") {
  CHECK(doctor_exit_status({}) == kExitSuccess);
  CHECK(doctor_exit_status({ok("key", ""), skip("tls", "")}) == kExitSuccess);
  CHECK(doctor_exit_status({ok("key", ""), fail("tcp", util::ErrorKind::kNetwork, ""),
                            fail("device", util::ErrorKind::kInput, "")}) == kExitNetwork);
  CHECK(doctor_exit_status({fail("task", util::ErrorKind::kService, ""),
                            fail("websocket", util::ErrorKind::kAuth, "")}) == kExitService);
  CHECK(doctor_exit_status({ok("key", ""), fail("device", util::ErrorKind::kInput, "")}) ==
        kExitInput);
}

TEST_CASE("what a handshake status means", "[doctor_checks]") {
  const microseconds t(5000);
  Check c = websocket_check(101, "Switching Protocols", "", "wss://h/p", "DASHSCOPE_API_KEY", t);
  CHECK(c.status == CheckStatus::kOk);
  CHECK(c.detail == "wss://h/p: HTTP 101 Switching Protocols (5.0 ms)");
  c = websocket_check(401, "Unauthorized",
                      R"({"code":"InvalidApiKey","message":"Invalid API-key provided."})",
                      "wss://h/p", "DASHSCOPE_API_KEY", t);
  CHECK(c.status == CheckStatus::kFail);
  CHECK(c.kind == util::ErrorKind::kAuth);
  CHECK(c.detail ==
        "the API key from DASHSCOPE_API_KEY was refused: wss://h/p: HTTP 401 Unauthorized "
        "(InvalidApiKey): Invalid API-key provided. (5.0 ms)");
  c = websocket_check(401, "Unauthorized", "", "wss://h/p", "", t);
  CHECK(c.kind == util::ErrorKind::kAuth);
  CHECK(c.detail == "refused without an API key: wss://h/p: HTTP 401 Unauthorized (5.0 ms)");
  c = websocket_check(400, "Bad Request",
                      R"({"code":"ModelNotFound","message":"Model not found (x)!"})", "wss://h/p",
                      "k", t);
  CHECK(c.kind == util::ErrorKind::kService);
  CHECK(c.detail.find("the model was refused") == 0);
  CHECK(websocket_check(404, "Not Found", "", "wss://h/p", "k", t).kind ==
        util::ErrorKind::kNetwork);
  CHECK(websocket_check(503, "Service Unavailable", "", "wss://h/p", "k", t).kind ==
        util::ErrorKind::kNetwork);
  CHECK(websocket_check(0, "", "", "wss://h/p", "k", t).kind == util::ErrorKind::kNetwork);
}

TEST_CASE("TLS: verified or not, and the certificate's expiry", "[doctor_checks]") {
  const microseconds t(3000);
  Check c = tls_check(true, "TLSv1.3", true, std::string("2027-03-01"), 85L, t);
  CHECK(c.status == CheckStatus::kOk);
  CHECK(c.detail == "TLSv1.3, certificate verified, expires 2027-03-01 (in 85 days) (3.0 ms)");
  CHECK(c.hint.empty());
  c = tls_check(true, "TLSv1.3", true, std::string("2026-12-08"), 1L, t);
  CHECK(c.status == CheckStatus::kOk);
  CHECK(c.detail == "TLSv1.3, certificate verified, expires 2026-12-08 (in 1 day) (3.0 ms)");
  CHECK(c.hint == "the server's certificate expires in less than two weeks");
  c = tls_check(true, "TLSv1.3", false, std::nullopt, std::nullopt, t);
  CHECK(c.detail == "TLSv1.3, certificate NOT verified (--insecure) (3.0 ms)");
  c = tls_check(false, "certificate not trusted: unable to get local issuer certificate", false,
                std::nullopt, std::nullopt, t);
  CHECK(c.status == CheckStatus::kFail);
  CHECK(c.kind == util::ErrorKind::kNetwork);
  CHECK(c.hint.find("--ca-file") != std::string::npos);
}

TEST_CASE("what the silent task's end means", "[doctor_checks]") {
  const microseconds t(400'000);
  Check c = task_check("fun-asr-realtime", "wss://h/p", kExitSuccess, "", "", t);
  CHECK(c.status == CheckStatus::kOk);
  CHECK(c.detail ==
        "fun-asr-realtime on wss://h/p: auth accepted, model allowed, task started "
        "and finished (400 ms)");
  c = task_check("nosuch", "wss://h/p", kExitService, "Model not found (nosuch)! (ModelNotFound)",
                 "", t);
  CHECK(c.kind == util::ErrorKind::kService);
  CHECK(c.detail.find("nosuch on wss://h/p: the service refused the task: Model not found") == 0);
  CHECK(c.hint.find("model nosuch") != std::string::npos);
  c = task_check("m", "wss://h/p", kExitAuth, "authentication failed (HTTP 401)", "", t);
  CHECK(c.kind == util::ErrorKind::kAuth);
  CHECK(task_check("m", "u", kExitNetwork, "x", "", t).kind == util::ErrorKind::kNetwork);
}

TEST_CASE("which region a refused key belongs to", "[doctor_checks]") {
  Check c = region_check("beijing", "singapore", kExitSuccess);
  CHECK(c.status == CheckStatus::kFail);
  CHECK(c.kind == util::ErrorKind::kAuth);
  CHECK(c.detail == "this key belongs to singapore: the singapore endpoint accepts it");
  CHECK(c.hint.find("add --region singapore") == 0);
  // Accepted there, even if the task then failed for another reason.
  CHECK(region_check("beijing", "singapore", kExitService).detail.find("belongs to singapore") !=
        std::string::npos);
  c = region_check("singapore", "beijing", kExitAuth);
  CHECK(c.detail == "the key is refused in singapore and in beijing too");
  CHECK(region_check("beijing", "singapore", kExitNetwork).status == CheckStatus::kSkip);
}

}  // namespace
}  // namespace dsasr::app
