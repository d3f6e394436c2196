#include "net/url.h"

#include <catch2/catch.hpp>

using dsasr::net::parse_url;

TEST_CASE("url: wss with the default port and a path", "[url]") {
  auto u = parse_url("wss://dashscope.aliyuncs.com/api-ws/v1/inference");
  REQUIRE(u.ok());
  CHECK(u->tls);
  CHECK(u->host == "dashscope.aliyuncs.com");
  CHECK(u->port == 443);
  CHECK(u->default_port);
  CHECK(u->path_query == "/api-ws/v1/inference");
  CHECK(u->host_header() == "dashscope.aliyuncs.com");
  CHECK(u->str() == "wss://dashscope.aliyuncs.com/api-ws/v1/inference");
}

TEST_CASE("url: ws with an explicit port and a query", "[url]") {
  auto u = parse_url("ws://127.0.0.1:40123/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");
  REQUIRE(u.ok());
  CHECK_FALSE(u->tls);
  CHECK(u->port == 40123);
  CHECK_FALSE(u->default_port);
  CHECK(u->path_query == "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime");
  CHECK(u->host_header() == "127.0.0.1:40123");
}

TEST_CASE("url: IPv6 literals are bracketed in the Host header", "[url]") {
  auto u = parse_url("ws://[::1]:8080");
  REQUIRE(u.ok());
  CHECK(u->host == "::1");
  CHECK(u->path_query == "/");
  CHECK(u->host_header() == "[::1]:8080");
  CHECK(dsasr::net::is_loopback_host(u->host));
}

TEST_CASE("url: a query without a path gets a slash; fragments are dropped", "[url]") {
  auto u = parse_url("ws://h?x=1#frag");
  REQUIRE(u.ok());
  CHECK(u->path_query == "/?x=1");
}

TEST_CASE("url: bad URLs are usage errors that say why", "[url]") {
  for (const char* bad : {"http://x/", "wss://", "ws://:80/", "ws://h:0/", "ws://h:99999/",
                          "ws://h:8x/", "ws://[::1/", "ws://u:p@h/", "ws://h:/"}) {
    INFO(bad);
    auto u = parse_url(bad);
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().kind == dsasr::util::ErrorKind::kUsage);
    CHECK(u.error().message.find(bad) != std::string::npos);
  }
}

TEST_CASE("url: loopback detection", "[url]") {
  CHECK(dsasr::net::is_loopback_host("localhost"));
  CHECK(dsasr::net::is_loopback_host("127.0.0.1"));
  CHECK_FALSE(dsasr::net::is_loopback_host("dashscope.aliyuncs.com"));
}
