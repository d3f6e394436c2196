#include "cli/endpoint.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using protocol::Family;
using testing::FakeEnvironment;

TEST_CASE("region defaults per family", "[endpoint]") {
  FakeEnvironment env;
  auto e =
      resolve_endpoint(std::nullopt, Region::kBeijing, Family::kDuplex, "fun-asr-realtime", env);
  REQUIRE(e.ok());
  CHECK(e->url == "wss://dashscope.aliyuncs.com/api-ws/v1/inference");
  CHECK(e->origin.what == "--region");

  e = resolve_endpoint(std::nullopt, Region::kSingapore, Family::kDuplex, "fun-asr-realtime", env);
  REQUIRE(e.ok());
  CHECK(e->url == "wss://dashscope-intl.aliyuncs.com/api-ws/v1/inference");

  e = resolve_endpoint(std::nullopt, Region::kBeijing, Family::kRealtime,
                       "qwen3-asr-flash-realtime", env);
  REQUIRE(e.ok());
  CHECK(e->url == "wss://dashscope.aliyuncs.com/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");

  e = resolve_endpoint(std::nullopt, Region::kSingapore, Family::kRealtime,
                       "qwen3-asr-flash-realtime", env);
  REQUIRE(e.ok());
  CHECK(e->url ==
        "wss://dashscope-intl.aliyuncs.com/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");
}

TEST_CASE("the --endpoint option wins over DASHSCOPE_WEBSOCKET_BASE_URL and the region",
          "[endpoint]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_WEBSOCKET_BASE_URL"] = "wss://env.example/api-ws/v1/inference";
  auto e = resolve_endpoint(std::string("ws://127.0.0.1:8080/api-ws/v1/inference"),
                            Region::kSingapore, Family::kDuplex, "m", env);
  REQUIRE(e.ok());
  CHECK(e->url == "ws://127.0.0.1:8080/api-ws/v1/inference");
  CHECK(e->origin.what == "--endpoint");
}

TEST_CASE("DASHSCOPE_WEBSOCKET_BASE_URL serves both families, the realtime path on its host",
          "[endpoint]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_WEBSOCKET_BASE_URL"] = "wss://env.example/api-ws/v1/inference";
  auto e = resolve_endpoint(std::nullopt, Region::kBeijing, Family::kDuplex, "m", env);
  REQUIRE(e.ok());
  CHECK(e->url == "wss://env.example/api-ws/v1/inference");
  CHECK(e->origin.what == "DASHSCOPE_WEBSOCKET_BASE_URL");

  e = resolve_endpoint(std::nullopt, Region::kBeijing, Family::kRealtime, "q", env);
  REQUIRE(e.ok());
  CHECK(e->url == "wss://env.example/api-ws/v1/realtime?model=q");
  CHECK(e->origin.what == "DASHSCOPE_WEBSOCKET_BASE_URL");

  // The Java SDK's default has a trailing slash; a proxy prefix is kept.
  CHECK(realtime_url_from_base("wss://h/api-ws/v1/inference/") == "wss://h/api-ws/v1/realtime");
  CHECK(realtime_url_from_base("ws://127.0.0.1:8080/proxy/api-ws/v1/inference?x=1") ==
        "ws://127.0.0.1:8080/proxy/api-ws/v1/realtime");
  CHECK(realtime_url_from_base("ws://h:1") == "ws://h:1/api-ws/v1/realtime");
  CHECK(realtime_url_from_base("ws://h/other") == "ws://h/api-ws/v1/realtime");
}

TEST_CASE("the realtime model parameter joins an existing query", "[endpoint]") {
  FakeEnvironment env;
  auto e = resolve_endpoint(std::string("ws://127.0.0.1:9/api-ws/v1/realtime?drop_after_ms=500"),
                            Region::kBeijing, Family::kRealtime, "qwen3-asr-flash-realtime", env);
  REQUIRE(e.ok());
  CHECK(e->url ==
        "ws://127.0.0.1:9/api-ws/v1/realtime?drop_after_ms=500&model=qwen3-asr-flash-realtime");

  e = resolve_endpoint(std::string("ws://h/x?model=mine"), Region::kBeijing, Family::kRealtime,
                       "qwen3-asr-flash-realtime", env);
  REQUIRE(e.ok());
  CHECK(e->url == "ws://h/x?model=mine");

  e = resolve_endpoint(std::string("ws://h/x?"), Region::kBeijing, Family::kRealtime, "a b/c", env);
  REQUIRE(e.ok());
  CHECK(e->url == "ws://h/x?model=a%20b%2Fc");
}

TEST_CASE("only ws:// and wss:// URLs with a host are accepted", "[endpoint]") {
  FakeEnvironment env;
  auto e = resolve_endpoint(std::string("https://dashscope.aliyuncs.com/api-ws/v1/inference"),
                            Region::kBeijing, Family::kDuplex, "m", env);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().kind == util::ErrorKind::kUsage);
  CHECK(e.error().message ==
        "--endpoint: 'https://dashscope.aliyuncs.com/api-ws/v1/inference' is not a WebSocket URL "
        "(expected ws://HOST/PATH or wss://HOST/PATH)");

  env.vars["DASHSCOPE_WEBSOCKET_BASE_URL"] = "ws:///path";
  e = resolve_endpoint(std::nullopt, Region::kBeijing, Family::kDuplex, "m", env);
  REQUIRE_FALSE(e.ok());
  CHECK_THAT(e.error().message,
             Catch::StartsWith("DASHSCOPE_WEBSOCKET_BASE_URL: 'ws:///path' has no host"));

  CHECK(check_websocket_url("WSS://Example.com/x", "--endpoint").ok());
  CHECK_FALSE(check_websocket_url("ws://h/x#frag", "--endpoint").ok());
  CHECK_FALSE(check_websocket_url("ws://h/a b", "--endpoint").ok());
  CHECK_FALSE(check_websocket_url("ws://user@h/", "--endpoint").ok());
  CHECK(check_websocket_url("ws://[::1]:8080/api-ws/v1/inference", "--endpoint").ok());
}

}  // namespace
}  // namespace dsasr::cli
