// What a session does about a failure: retry it (after the RetryPolicy's backoff) or end the
// input with an error whose kind becomes the exit status. The table, in one place:
//
//   connection refused with HTTP 401/403     fail, kAuth, with the key's origin and region hint
//   HTTP 429 or 5xx                          retry (kNetwork once the retries are used up)
//   HTTP 404                                 fail, kNetwork, "check the endpoint URL"
//   other HTTP refusals                      fail, kNetwork
//   TLS verification failed                  fail, kNetwork, --ca-file hint
//   connect failed (DNS, TCP, handshake)     retry
//   closed by the service, dropped           retry
//   task-failed, retryable code              retry (kNetwork once the retries are used up)
//   task-failed, auth code                   fail, kAuth
//   task-failed, other code                  fail, kService
//
// Pure functions (unit-tested in tests/unit/app/failures_test.cpp).
#pragma once

#include <string>

#include "net/transport.h"
#include "protocol/events.h"
#include "util/error.h"

namespace dsasr::app {

struct FailureDecision {
  bool retry = false;
  util::Error error;         // the error if it is final (or once retries are used up)
  std::string service_code;  // the service's code, when it gave one
};

// `host` names the server in messages; `key_origin` and `endpoint_origin` say where the key
// and the endpoint came from, for hints.
FailureDecision classify_close(const net::CloseInfo& info, const std::string& host,
                               const std::string& key_origin, const std::string& endpoint_origin);

FailureDecision classify_task_failed(const protocol::Failed& failed);

}  // namespace dsasr::app
