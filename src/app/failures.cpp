#include "app/failures.h"

#include "protocol/failure.h"

namespace dsasr::app {

using util::Error;
using util::ErrorKind;

bool serves_other_family(const std::string& path_query, protocol::Family family) {
  return family == protocol::Family::kRealtime ? path_query.find("/inference") != std::string::npos
                                               : path_query.find("/realtime") != std::string::npos;
}

std::string wrong_endpoint_hint(const FailureContext& c) {
  const bool realtime = c.family == protocol::Family::kRealtime;
  return c.model + " uses the " + (realtime ? "realtime" : "duplex") + " protocol, served on " +
         (realtime ? "/api-ws/v1/realtime?model=" + c.model : std::string("/api-ws/v1/inference")) +
         "; check the endpoint (" + c.endpoint_origin + ")";
}

FailureDecision classify_close(const net::CloseInfo& info, const FailureContext& c) {
  using Kind = net::CloseInfo::Kind;
  const std::string& host = c.host;
  const std::string& key_origin = c.key_origin;
  const std::string& endpoint_origin = c.endpoint_origin;
  switch (info.kind) {
    case Kind::kRefused: {
      const int status = info.http_status;
      const std::string what =
          host + " refused the connection (HTTP " + std::to_string(status) + ")";
      if (status == 401 || status == 403) {
        return {
            false,
            Error(ErrorKind::kAuth, "authentication failed (HTTP " + std::to_string(status) + ")",
                  "check the API key (from " + (key_origin.empty() ? "?" : key_origin) +
                      ") and that it belongs to the region in use: keys are per region "
                      "(--region beijing|singapore)"),
            {}};
      }
      if (status == 429 || status >= 500) return {true, Error(ErrorKind::kNetwork, what), {}};
      if (serves_other_family(c.path_query, c.family)) {
        return {false, Error(ErrorKind::kUsage, what, wrong_endpoint_hint(c)), {}};
      }
      if (status == 404) {
        return {
            false,
            Error(ErrorKind::kNetwork, what, "check the endpoint URL (" + endpoint_origin + ")"),
            {}};
      }
      return {false, Error(ErrorKind::kNetwork, what), {}};
    }
    case Kind::kConnectFailed: {
      if (info.tls_rejected) {
        return {false,
                Error(ErrorKind::kNetwork,
                      "cannot connect to " + host + ": the server's TLS certificate was refused (" +
                          info.message + ")",
                      "the server's certificate was not accepted; use --ca-file FILE for a "
                      "private CA"),
                {}};
      }
      return {
          true, Error(ErrorKind::kNetwork, "cannot connect to " + host + ": " + info.message), {}};
    }
    case Kind::kClosed: {
      const std::string what = "the service closed the connection (code " +
                               std::to_string(info.close_code) +
                               (info.reason.empty() ? "" : ": " + info.reason) + ")";
      return {true, Error(ErrorKind::kNetwork, what), {}};
    }
    case Kind::kDropped:
    case Kind::kLocalClose: {
      const std::string what = "the connection to " + host + " was lost" +
                               (info.message.empty() ? "" : " (" + info.message + ")");
      return {true, Error(ErrorKind::kNetwork, what), {}};
    }
  }
  return {true, Error(ErrorKind::kNetwork, "the connection to " + host + " was lost"), {}};
}

FailureDecision classify_task_failed(const protocol::Failed& failed, const FailureContext& c) {
  const std::string what =
      "the service failed the task: " + failed.message + " (" + failed.code + ")";
  if (failed.retryable) {
    // Throttling, server-side trouble: if it persists through every retry, the input failed
    // for want of a working service, like a network failure (exit 5).
    return {true, Error(ErrorKind::kNetwork, what), failed.code};
  }
  if (failed.code == protocol::kWrongProtocol) {
    return {false,
            Error(ErrorKind::kUsage, c.host + ": " + failed.message + " (" + failed.code + ")",
                  wrong_endpoint_hint(c)),
            failed.code};
  }
  const ErrorKind kind =
      protocol::is_auth_failure(failed.code) ? ErrorKind::kAuth : ErrorKind::kService;
  return {false, Error(kind, what), failed.code};
}

std::optional<FailureDecision> classify_task_end(const TaskEnd& end) {
  if (!end.finish_sent && !end.one_sentence_done) {
    return FailureDecision{
        true,
        Error(ErrorKind::kService, "the service keeps ending the task before the input ends"),
        {}};
  }
  if (!end.any_final && end.speech_unheard) {
    // Seed 003: a session.finish that reaches the service before it detected speech ends the
    // session with no transcript. dsasr waits for the service before finishing, so this means
    // the service never heard speech the audio has: not a silent success.
    return FailureDecision{false,
                           Error(ErrorKind::kService,
                                 "the service ended the session without a transcript, although "
                                 "the audio has speech: it never reported detecting any",
                                 "try --speed realtime, or a lower --vad-threshold"),
                           "NoTranscript"};
  }
  return std::nullopt;
}

std::optional<util::Error> task_audio_limit(const protocol::Model* model,
                                            const std::string& model_name, int64_t task_sent_ms) {
  if (!model || !model->max_audio_seconds) return std::nullopt;
  if (task_sent_ms < int64_t{*model->max_audio_seconds} * 1000) return std::nullopt;
  return Error(ErrorKind::kInput,
               model_name + " takes at most " + std::to_string(*model->max_audio_seconds) +
                   " s of audio and no sentence ended within it",
               "use gummy-realtime-v1 for longer audio");
}

}  // namespace dsasr::app
