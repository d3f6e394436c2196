#include "emulator/handshake.h"

#include "emulator/auth.h"
#include "protocol/models.h"
#include "util/json.h"

namespace dsasr::emulator {
namespace {

std::string error_body(const std::string& code, const std::string& message,
                       const std::string& request_id) {
  std::string out = "{\"code\":";
  util::json::append_quoted(out, code);
  out += ",\"message\":";
  util::json::append_quoted(out, message);
  out += ",\"request_id\":";
  util::json::append_quoted(out, request_id);
  out += "}";
  return out;
}

const std::string* find_param(const HandshakeRequest& r, const char* name) {
  for (const auto& [k, v] : r.query) {
    if (k == name) return &v;
  }
  return nullptr;
}

HandshakeDecision refuse(int status, const std::string& code, const std::string& message,
                         const std::string& request_id) {
  HandshakeDecision d;
  d.status = status;
  d.body = error_body(code, message, request_id);
  return d;
}

}  // namespace

HandshakeDecision decide_handshake(const HandshakeRequest& request,
                                   const std::optional<std::string>& api_key,
                                   const std::string& request_id) {
  HandshakeDecision d;
  const std::string& p = request.path;
  if (p == "/api-ws/v1/inference" || p == "/api-ws/v1/inference/") {
    d.endpoint = Endpoint::kDuplex;
  } else if (p == "/api-ws/v1/realtime" || p == "/api-ws/v1/realtime/") {
    d.endpoint = Endpoint::kRealtime;
  } else {
    return refuse(404, "NotFound", "Path not found: " + p, request_id);
  }

  if (const std::string* f = find_param(request, "faults")) d.faults_text = *f;
  auto faults = parse_faults(d.faults_text);
  if (!faults) return refuse(400, "InvalidParameter", faults.error().message, request_id);
  d.faults = *faults;
  if (d.endpoint == Endpoint::kRealtime && d.faults.wrong_task_id) {
    // Realtime events name items, never the session: there is no other session to mimic.
    return refuse(400, "InvalidParameter",
                  "fault spec 'wrong-task-id' applies to the duplex endpoint only", request_id);
  }

  std::optional<AuthHeader> auth;
  if (request.authorization) auth = parse_authorization(*request.authorization);
  if (d.faults.unauthorized || !authorized(auth, api_key)) {
    return refuse(401, "InvalidApiKey", "Invalid API-key provided.", request_id);
  }

  if (d.endpoint == Endpoint::kRealtime) {
    const std::string* model = find_param(request, "model");
    if (!model || model->empty()) {
      return refuse(400, "InvalidParameter", "Missing required query parameter: model", request_id);
    }
    const protocol::Model* m = protocol::find_model(*model);
    if (!m || m->family != protocol::Family::kRealtime) {
      return refuse(400, "ModelNotFound", "Model not found (" + *model + ")!", request_id);
    }
    d.model = *model;
  }
  return d;
}

std::string join_query(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out;
  for (const auto& [k, v] : query) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

}  // namespace dsasr::emulator
