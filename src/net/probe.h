// A step-by-step connection probe for `dsasr doctor`: DNS, TCP, TLS and the WebSocket
// handshake to one URL, each timed and each failing on its own, so a problem can be named by
// the step it is in. Plain sockets and OpenSSL (not libwebsockets, which folds the steps into
// one callback); TLS trusts what the transport trusts (trust_store.h, --ca-file).
//
// Threading: blocking; call from the main thread. Every step is bounded by options.timeout.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/url.h"

namespace dsasr::net {

struct ProbeStep {
  bool attempted = false;
  bool ok = false;
  std::string detail;  // what was found ("127.0.0.1", "TLSv1.3") or why it failed
  std::chrono::microseconds elapsed{0};
};

struct ProbeOptions {
  // Sent with the upgrade request (Authorization, X-DashScope-WorkSpace). Never logged.
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> ca_file;  // trusted on top of the system store
  bool insecure = false;               // do not verify the certificate (reported as such)
  std::chrono::milliseconds timeout{10000};
};

struct ProbeResult {
  ProbeStep dns, tcp, tls, websocket;  // tls is not attempted for ws://
  int http_status = 0;                 // the handshake's status (101 on success)
  std::string http_reason;             // "Switching Protocols", "Unauthorized"
  std::string http_body;               // the start of a refusal's body (at most 4 KiB)
  bool certificate_verified = false;
  std::optional<std::string> certificate_expiry;  // "2027-03-01"
  std::optional<long> certificate_days_left;
};

ProbeResult probe(const Url& url, const ProbeOptions& options);

}  // namespace dsasr::net
