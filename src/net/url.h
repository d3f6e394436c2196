// WebSocket URL parsing (ws:// and wss:// only). Pure; no I/O.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace dsasr::net {

struct Url {
  bool tls = false;
  std::string host;  // without brackets for IPv6 literals ("::1")
  int port = 0;      // explicit or the scheme's default (80 / 443)
  bool default_port = true;
  std::string path_query;  // "/api-ws/v1/inference?x=y", at least "/"

  // The Host header value: host, bracketed if IPv6, with ":port" when not the default.
  std::string host_header() const;
  // The URL again, for messages.
  std::string str() const;
};

util::Result<Url> parse_url(std::string_view text);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

}  // namespace dsasr::net
