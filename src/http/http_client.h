// The seam between the vocabulary service and the network: one JSON POST, one answer. CurlClient
// (curl_client.h) implements it with libcurl; tests use a recording fake.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace dsasr::http {

struct HttpRequest {
  std::string url;
  // Besides Content-Type and Accept, which every request carries.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a response; only a failure to get one (DNS, connect, TLS, timeout) is an
  // error (kNetwork), with a message that never contains a header's value.
  virtual util::Result<HttpResponse> post(const HttpRequest& request) = 0;
};

}  // namespace dsasr::http
