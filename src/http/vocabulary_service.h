// The five vocabulary actions over an HttpClient, with the key and workspace headers, retries
// with exponential backoff on 5xx and throttling only (a refused or malformed request is final),
// and one-line errors carrying the service's code and request id. The key is only ever put in
// the Authorization header, never in an error. Use from one thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/http_client.h"
#include "http/vocabulary_api.h"

namespace dsasr::http {

struct ServiceEndpoint {
  std::string base_url;  // "https://dashscope.aliyuncs.com/api/v1"
  std::string api_key;
  std::optional<std::string> workspace;  // X-DashScope-WorkSpace
};

class VocabularyService {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  // `sleep` waits between retries (tests record it instead). `retries`: further attempts after
  // a retryable answer, waiting 1 s, 2 s, 4 s, ...
  VocabularyService(HttpClient& client, ServiceEndpoint endpoint, Sleep sleep, int retries = 3);

  util::Result<std::string> create(const std::string& target_model, const std::string& prefix,
                                   const std::vector<HotWord>& words);
  // Every page (page_size 100) until a short one.
  util::Result<std::vector<VocabularySummary>> list(const std::optional<std::string>& prefix);
  util::Result<VocabularyDetails> query(const std::string& id);
  util::Status update(const std::string& id, const std::vector<HotWord>& words);
  util::Status remove(const std::string& id);

 private:
  util::Result<std::string> call(const char* action, std::string body);

  HttpClient& client_;
  ServiceEndpoint endpoint_;
  Sleep sleep_;
  int retries_;
};

}  // namespace dsasr::http
