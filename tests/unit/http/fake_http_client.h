// A recording HttpClient: answers from a queue and keeps every request it was given.
#pragma once

#include <deque>
#include <vector>

#include "http/http_client.h"

namespace dsasr::http::test {

class FakeHttpClient : public HttpClient {
 public:
  util::Result<HttpResponse> post(const HttpRequest& request) override {
    requests.push_back(request);
    if (answers.empty()) return HttpResponse{500, R"({"code":"NoAnswer","message":"fake"})"};
    auto a = answers.front();
    answers.pop_front();
    return a;
  }
  void answer(int status, std::string body) {
    answers.push_back(HttpResponse{status, std::move(body)});
  }
  void fail(util::Error e) { answers.push_back(std::move(e)); }

  std::vector<HttpRequest> requests;
  std::deque<util::Result<HttpResponse>> answers;
};

}  // namespace dsasr::http::test
