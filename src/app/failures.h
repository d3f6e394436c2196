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
//   either, from an endpoint of the other    fail, kUsage, naming the right path
//     protocol family (a refusal that is not about the key, or the service's "wrong protocol")
//   task finished before dsasr finished it   retry (kService once the retries are used up)
//   finished with no transcript although     fail, kService, "NoTranscript" (seed 003: a
//     the service never heard the speech       session.finish before speech_started)
//
// Pure functions (unit-tested in tests/unit/app/failures_test.cpp).
#pragma once

#include <optional>
#include <string>

#include "net/transport.h"
#include "protocol/events.h"
#include "protocol/models.h"
#include "util/error.h"

namespace dsasr::app {

struct FailureDecision {
  bool retry = false;
  util::Error error;         // the error if it is final (or once retries are used up)
  std::string service_code;  // the service's code, when it gave one
};

// What the messages and hints need to know of the run.
struct FailureContext {
  std::string host;        // the server, as messages name it
  std::string path_query;  // the endpoint's path and query
  std::string model;       // the model asked for
  protocol::Family family = protocol::Family::kDuplex;
  std::string key_origin;       // where the API key came from ("DASHSCOPE_API_KEY")
  std::string endpoint_origin;  // where the endpoint came from ("--endpoint", "--region")
};

FailureDecision classify_close(const net::CloseInfo& info, const FailureContext& context);
FailureDecision classify_task_failed(const protocol::Failed& failed, const FailureContext& context);

// gummy-chat-v1 takes at most a minute of audio per task: the error once a task has been sent
// that much without a sentence ending (`task_sent_ms`), else nullopt.
std::optional<util::Error> task_audio_limit(const protocol::Model* model,
                                            const std::string& model_name, int64_t task_sent_ms);

// What the task's end (task-finished, session.finished) means.
struct TaskEnd {
  bool finish_sent = false;        // dsasr had sent its finish message
  bool one_sentence_done = false;  // gummy-chat-v1 recognised its one sentence (it ends itself)
  bool any_final = false;          // the input has had a final sentence
  bool speech_unheard = false;     // the machine saw speech sent that the service never reported
};
// nullopt: the input is complete.
std::optional<FailureDecision> classify_task_end(const TaskEnd& end);

// True when `path_query` is the other family's endpoint (/realtime for a duplex model,
// /inference for a realtime one).
bool serves_other_family(const std::string& path_query, protocol::Family family);
// "MODEL uses the realtime protocol, served on /api-ws/v1/realtime?model=MODEL; check the
// endpoint (ORIGIN)".
std::string wrong_endpoint_hint(const FailureContext& context);

}  // namespace dsasr::app
