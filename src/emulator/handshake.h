// The upgrade decision: which endpoint a request addresses, whether it is authorised, which faults
// it asks for, and the HTTP error (status + JSON body) when it is refused. Pure; any thread.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/faults.h"

namespace dsasr::emulator {

enum class Endpoint { kDuplex, kRealtime };

struct HandshakeRequest {
  std::string path;                                        // without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded name/value pairs, in order
  std::optional<std::string> authorization;                // header value, if sent
};

struct HandshakeDecision {
  int status = 101;  // 101 = upgrade; otherwise the HTTP status to answer with
  std::string body;  // JSON error body when status != 101
  Endpoint endpoint = Endpoint::kDuplex;
  std::string model;        // realtime: the `model` query parameter
  std::string faults_text;  // the raw `faults` value (keys the per-process fault counters)
  Faults faults;
};

// `request_id` goes into error bodies. `api_key`: the only accepted key, if configured.
HandshakeDecision decide_handshake(const HandshakeRequest& request,
                                   const std::optional<std::string>& api_key,
                                   const std::string& request_id);

// The query string for the log, re-joined from the decoded pairs ("a=1&b=2").
std::string join_query(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace dsasr::emulator
