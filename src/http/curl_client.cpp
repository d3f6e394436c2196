#include "http/curl_client.h"

#include <curl/curl.h>
#include <openssl/ssl.h>

#include <mutex>

#include "net/trust_store.h"

namespace dsasr::http {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// Called by libcurl with the OpenSSL SSL_CTX before the handshake: the same trust as the
// WebSocket side (net::Client), plus --ca-file on top.
CURLcode add_trust(CURL*, void* ssl_ctx, void* user) {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  const auto* options = static_cast<const CurlOptions*>(user);
  if (!net::add_default_trust(ctx)) return CURLE_SSL_CACERT_BADFILE;
  if (options->ca_file &&
      SSL_CTX_load_verify_locations(ctx, options->ca_file->c_str(), nullptr) != 1) {
    return CURLE_SSL_CACERT_BADFILE;
  }
  return CURLE_OK;
}

util::Error transfer_error(CURLcode code, const char* detail, const std::string& url) {
  std::string what = detail && *detail ? detail : curl_easy_strerror(code);
  std::string hint;
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      hint = "trust the server's CA with --ca-file FILE or SSL_CERT_FILE";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      hint = "the service did not answer in time; check the network and try again";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      hint = "check the network, --region and the HTTP endpoint";
      break;
    default:
      break;
  }
  return util::Error(util::ErrorKind::kNetwork, url + ": " + what, hint);
}

}  // namespace

CurlClient::CurlClient(CurlOptions options) : options_(std::move(options)) {
  global_init();
  curl_ = curl_easy_init();
}

CurlClient::~CurlClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

util::Result<HttpResponse> CurlClient::post(const HttpRequest& request) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) return util::Error(util::ErrorKind::kInternal, "cannot initialise libcurl");
  curl_easy_reset(curl);

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
  headers = curl_slist_append(headers, "Accept: application/json; charset=utf-8");
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }

  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "dsasr");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count() * 1000));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(options_.total_timeout.count() * 1000));
  // Trust exactly what the WebSocket side trusts: no built-in bundle, the callback's store.
  curl_easy_setopt(curl, CURLOPT_CAINFO, nullptr);
  curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, add_trust);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, &options_);
  if (options_.insecure) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }

  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) return transfer_error(code, error, request.url);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace dsasr::http
