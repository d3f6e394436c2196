#include "app/failures.h"

#include <catch2/catch.hpp>

#include "protocol/failure.h"

namespace dsasr::app {
namespace {

using Kind = net::CloseInfo::Kind;
using util::ErrorKind;

net::CloseInfo refused(int status) {
  net::CloseInfo i;
  i.kind = Kind::kRefused;
  i.http_status = status;
  return i;
}

FailureContext context(protocol::Family family = protocol::Family::kDuplex,
                       const std::string& path = "/api-ws/v1/inference") {
  FailureContext c;
  c.host = "dashscope.aliyuncs.com";
  c.path_query = path;
  c.model = family == protocol::Family::kDuplex ? "fun-asr-realtime" : "qwen3-asr-flash-realtime";
  c.family = family;
  c.key_origin = "DASHSCOPE_API_KEY";
  c.endpoint_origin = "--region";
  return c;
}

FailureDecision close_of(const net::CloseInfo& i) {
  return classify_close(i, context());
}

TEST_CASE("refusals: a key is never retried, throttling and server errors are", "[failures]") {
  for (int status : {401, 403}) {
    FailureDecision d = close_of(refused(status));
    CHECK_FALSE(d.retry);
    CHECK(d.error.kind == ErrorKind::kAuth);
    CHECK(d.error.message == "authentication failed (HTTP " + std::to_string(status) + ")");
    CHECK(d.error.hint.find("from DASHSCOPE_API_KEY") != std::string::npos);
  }
  for (int status : {429, 500, 502, 503}) {
    FailureDecision d = close_of(refused(status));
    CHECK(d.retry);
    CHECK(d.error.kind == ErrorKind::kNetwork);
  }
  FailureDecision d = close_of(refused(404));
  CHECK_FALSE(d.retry);
  CHECK(d.error.message == "dashscope.aliyuncs.com refused the connection (HTTP 404)");
  CHECK(d.error.hint == "check the endpoint URL (--region)");
  CHECK_FALSE(close_of(refused(400)).retry);
}

TEST_CASE("TLS refusals fail at once; other connect failures are retried", "[failures]") {
  net::CloseInfo tls;
  tls.kind = Kind::kConnectFailed;
  tls.tls_rejected = true;
  tls.message = "certificate has expired";
  FailureDecision d = close_of(tls);
  CHECK_FALSE(d.retry);
  CHECK(d.error.message ==
        "cannot connect to dashscope.aliyuncs.com: the server's TLS certificate was refused "
        "(certificate has expired)");
  CHECK(d.error.hint.find("--ca-file") != std::string::npos);

  net::CloseInfo tcp;
  tcp.kind = Kind::kConnectFailed;
  tcp.message = "connection refused";
  d = close_of(tcp);
  CHECK(d.retry);
  CHECK(d.error.message == "cannot connect to dashscope.aliyuncs.com: connection refused");
}

TEST_CASE("closes and drops are retried", "[failures]") {
  net::CloseInfo closed;
  closed.kind = Kind::kClosed;
  closed.close_code = 1011;
  closed.reason = "internal error";
  FailureDecision d = close_of(closed);
  CHECK(d.retry);
  CHECK(d.error.message == "the service closed the connection (code 1011: internal error)");
  net::CloseInfo dropped;
  dropped.kind = Kind::kDropped;
  d = close_of(dropped);
  CHECK(d.retry);
  CHECK(d.error.message == "the connection to dashscope.aliyuncs.com was lost");
}

TEST_CASE("task-failed: retryable codes retry, auth codes and the rest fail", "[failures]") {
  protocol::Failed throttled{"Throttling.RateQuota", "too many requests", true};
  FailureDecision d = classify_task_failed(throttled, context());
  CHECK(d.retry);
  CHECK(d.error.kind == ErrorKind::kNetwork);
  CHECK(d.service_code == "Throttling.RateQuota");
  CHECK(d.error.message == "the service failed the task: too many requests (Throttling.RateQuota)");

  protocol::Failed params{"InvalidParameter", "bad sample_rate", false};
  d = classify_task_failed(params, context());
  CHECK_FALSE(d.retry);
  CHECK(d.error.kind == ErrorKind::kService);

  protocol::Failed key{"InvalidApiKey", "Invalid API-key provided.", false};
  d = classify_task_failed(key, context());
  CHECK_FALSE(d.retry);
  CHECK(d.error.kind == ErrorKind::kAuth);
}

TEST_CASE("the other family's endpoint fails at once, naming the right path", "[failures]") {
  CHECK(serves_other_family("/api-ws/v1/realtime?model=x", protocol::Family::kDuplex));
  CHECK(serves_other_family("/api-ws/v1/inference", protocol::Family::kRealtime));
  CHECK_FALSE(serves_other_family("/api-ws/v1/inference", protocol::Family::kDuplex));

  const FailureContext qwen_on_inference = context(protocol::Family::kRealtime);
  FailureDecision d = classify_close(refused(400), qwen_on_inference);
  CHECK_FALSE(d.retry);
  CHECK(d.error.kind == ErrorKind::kUsage);
  CHECK(d.error.hint ==
        "qwen3-asr-flash-realtime uses the realtime protocol, served on "
        "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime; check the endpoint (--region)");
  // A wrong key is still a wrong key, and throttling still retried, wherever they come from.
  CHECK(classify_close(refused(401), qwen_on_inference).error.kind == ErrorKind::kAuth);
  CHECK(classify_close(refused(503), qwen_on_inference).retry);

  protocol::Failed wrong{std::string(protocol::kWrongProtocol), "not a run-task", false};
  d = classify_task_failed(wrong, context(protocol::Family::kDuplex, "/api-ws/v1/realtime?m=x"));
  CHECK_FALSE(d.retry);
  CHECK(d.error.kind == ErrorKind::kUsage);
  CHECK(d.error.hint.find("/api-ws/v1/inference") != std::string::npos);
}

TEST_CASE("task end: complete, ended early, or no transcript", "[failures]") {
  TaskEnd end;
  end.finish_sent = true;
  end.any_final = true;
  CHECK_FALSE(classify_task_end(end));  // the normal end
  end.any_final = false;
  CHECK_FALSE(classify_task_end(end));  // silence: no transcript, nothing unheard
  end.speech_unheard = true;
  auto unheard = classify_task_end(end);
  REQUIRE(unheard);
  CHECK_FALSE(unheard->retry);
  CHECK(unheard->error.kind == ErrorKind::kService);
  CHECK(unheard->service_code == "NoTranscript");
  end.any_final = true;  // it heard some of it: what it heard is the transcript
  CHECK_FALSE(classify_task_end(end));

  TaskEnd early;  // ended before dsasr finished it
  auto retry = classify_task_end(early);
  REQUIRE(retry);
  CHECK(retry->retry);
  CHECK(retry->error.kind == ErrorKind::kService);
  early.one_sentence_done = true;  // gummy-chat-v1 ends by itself after its sentence
  CHECK_FALSE(classify_task_end(early));
}

TEST_CASE("task audio limit: gummy-chat-v1's minute", "[failures]") {
  const protocol::Model* chat = protocol::find_model("gummy-chat-v1");
  REQUIRE(chat);
  CHECK_FALSE(task_audio_limit(chat, "gummy-chat-v1", 59999));
  auto over = task_audio_limit(chat, "gummy-chat-v1", 60000);
  REQUIRE(over);
  CHECK(over->kind == ErrorKind::kInput);
  CHECK(over->message ==
        "gummy-chat-v1 takes at most 60 s of audio and no sentence ended within it");
  CHECK_FALSE(
      task_audio_limit(protocol::find_model("fun-asr-realtime"), "fun-asr-realtime", 3600000));
  CHECK_FALSE(task_audio_limit(nullptr, "custom-model", 3600000));
}

}  // namespace
}  // namespace dsasr::app
