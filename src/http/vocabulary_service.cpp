#include "http/vocabulary_service.h"

namespace dsasr::http {

namespace {
constexpr int kPageSize = 100;
constexpr int kMaxPages = 1000;  // a service that never sends a short page must not loop forever
}  // namespace

VocabularyService::VocabularyService(HttpClient& client, ServiceEndpoint endpoint, Sleep sleep,
                                     int retries)
    : client_(client),
      endpoint_(std::move(endpoint)),
      sleep_(std::move(sleep)),
      retries_(retries) {}

util::Result<std::string> VocabularyService::call(const char* action, std::string body) {
  HttpRequest request;
  request.url = customization_url(endpoint_.base_url);
  request.headers.emplace_back("Authorization", "Bearer " + endpoint_.api_key);
  if (endpoint_.workspace)
    request.headers.emplace_back("X-DashScope-WorkSpace", *endpoint_.workspace);
  request.body = std::move(body);
  std::chrono::milliseconds wait{1000};
  for (int attempt = 0;; ++attempt) {
    auto response = client_.post(request);
    if (!response) return response.error();
    if (response->status == 200) return std::move(response->body);
    ServiceError e = parse_error(response->status, response->body);
    if (!is_retryable(e) || attempt >= retries_) return to_error(action, e);
    sleep_(wait);
    wait *= 2;
  }
}

util::Result<std::string> VocabularyService::create(const std::string& target_model,
                                                    const std::string& prefix,
                                                    const std::vector<HotWord>& words) {
  auto body = call("create_vocabulary", create_body(target_model, prefix, words));
  if (!body) return body.error();
  return parse_create(*body);
}

util::Result<std::vector<VocabularySummary>> VocabularyService::list(
    const std::optional<std::string>& prefix) {
  std::vector<VocabularySummary> all;
  for (int page = 0; page < kMaxPages; ++page) {
    auto body = call("list_vocabulary", list_body(prefix, page, kPageSize));
    if (!body) return body.error();
    auto rows = parse_list(*body);
    if (!rows) return rows.error();
    const std::size_t n = rows->size();
    for (auto& r : *rows) all.push_back(std::move(r));
    if (n < static_cast<std::size_t>(kPageSize)) break;
  }
  return all;
}

util::Result<VocabularyDetails> VocabularyService::query(const std::string& id) {
  auto body = call("query_vocabulary", query_body(id));
  if (!body) return body.error();
  return parse_query(*body);
}

util::Status VocabularyService::update(const std::string& id, const std::vector<HotWord>& words) {
  auto body = call("update_vocabulary", update_body(id, words));
  if (!body) return body.error();
  return {};
}

util::Status VocabularyService::remove(const std::string& id) {
  auto body = call("delete_vocabulary", delete_body(id));
  if (!body) return body.error();
  return {};
}

}  // namespace dsasr::http
