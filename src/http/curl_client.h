// HttpClient over libcurl (the only dsasr code that includes curl/curl.h), with the WebSocket
// side's TLS rules: the system store, SSL_CERT_FILE and SSL_CERT_DIR (net::add_default_trust),
// plus --ca-file; --insecure turns verification off (the caller warns). One request at a time;
// use from one thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "http/http_client.h"

namespace dsasr::http {

struct CurlOptions {
  std::optional<std::string> ca_file;
  bool insecure = false;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds total_timeout{30};
  // No CURLOPT_VERBOSE at any -v: libcurl would print the Authorization header.
};

class CurlClient : public HttpClient {
 public:
  explicit CurlClient(CurlOptions options);
  ~CurlClient() override;
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  util::Result<HttpResponse> post(const HttpRequest& request) override;

 private:
  CurlOptions options_;
  void* curl_ = nullptr;  // CURL*
};

}  // namespace dsasr::http
