#include "emulator/server.h"

#include <libwebsockets.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/auth.h"
#include "emulator/connection.h"
#include "emulator/handshake.h"
#include "emulator/vocabularies.h"

namespace dsasr::emulator {
namespace {

// A customization API request while its body arrives (vocabularies.h).
struct HttpPost {
  int conn = 0;
  std::vector<std::pair<std::string, std::string>> logged_headers;
  std::string account;  // the key's sha256_8
  std::string body;
};

// lws allocates this per connection (zeroed); the C++ state lives behind the pointers.
struct PerSession {
  Connection* connection;
  HttpPost* post;
};

// The hot-word API, served on the WebSocket port (plain or TLS) like the service's HTTP API.
constexpr std::string_view kCustomizationPath = "/api/v1/services/audio/asr/customization";
constexpr size_t kMaxPostBytes = 1 << 20;

// What the handshake needs from the request headers, read while the header table is attached.
struct RequestInfo {
  HandshakeRequest request;
  std::vector<std::pair<std::string, std::string>> logged_headers;  // never authorization
};

std::string copy_token(lws* wsi, lws_token_indexes token) {
  const int len = lws_hdr_total_length(wsi, token);
  if (len <= 0) return {};
  std::string out(static_cast<size_t>(len) + 1, '\0');
  const int n = lws_hdr_copy(wsi, out.data(), len + 1, token);
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

std::optional<std::string> copy_custom(lws* wsi, const char* name) {
  const int nlen = static_cast<int>(std::strlen(name));
  const int len = lws_hdr_custom_length(wsi, name, nlen);
  if (len < 0) return std::nullopt;
  std::string out(static_cast<size_t>(len) + 1, '\0');
  const int n = lws_hdr_custom_copy(wsi, out.data(), len + 1, name, nlen);
  if (n < 0) return std::nullopt;
  out.resize(static_cast<size_t>(n));
  return out;
}

RequestInfo read_request(lws* wsi) {
  RequestInfo info;
  info.request.path = copy_token(wsi, WSI_TOKEN_GET_URI);
  if (info.request.path.empty()) info.request.path = copy_token(wsi, WSI_TOKEN_POST_URI);
  char frag[1024];
  for (int i = 0;; ++i) {
    const int n = lws_hdr_copy_fragment(wsi, frag, sizeof frag, WSI_TOKEN_HTTP_URI_ARGS, i);
    if (n < 0) break;
    std::string arg(frag, static_cast<size_t>(n));
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      info.request.query.emplace_back(arg, "");
    } else {
      info.request.query.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
  }
  if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_AUTHORIZATION) > 0) {
    info.request.authorization = copy_token(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
  }
  if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_USER_AGENT) > 0) {
    info.logged_headers.emplace_back("user-agent", copy_token(wsi, WSI_TOKEN_HTTP_USER_AGENT));
  }
  for (const char* name :
       {"x-dashscope-workspace:", "x-dashscope-datainspection:", "openai-beta:"}) {
    if (auto v = copy_custom(wsi, name)) {
      std::string key(name);
      key.pop_back();  // the trailing ':'
      info.logged_headers.emplace_back(key, *v);
    }
  }
  return info;
}

void log_handshake(Server& server, int conn, const RequestInfo& info, int status) {
  std::optional<AuthHeader> auth;
  if (info.request.authorization) auth = parse_authorization(*info.request.authorization);
  EventLog& log = server.log();
  log.write(log_handshake_line(log.now_s(), conn, info.request.path, join_query(info.request.query),
                               info.logged_headers, auth, status));
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 200:
      return "OK";
    case 401:
      return "Unauthorized";
    case 413:
      return "Payload Too Large";
    case 404:
      return "Not Found";
    default:
      return "Error";
  }
}

// Answers a refused upgrade (or a plain HTTP request) with `status` and a JSON body. The response
// is composed by hand: lws 4.1 answers a refused upgrade with an "HTTP/1.0" status line, which
// WebSocket clients (python websockets) reject before they look at the status.
int send_http_error(lws* wsi, int status, const std::string& body) {
  const std::string response =
      "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
      "\r\ncontent-type: application/json\r\ncontent-length: " + std::to_string(body.size()) +
      "\r\nconnection: close\r\n\r\n" + body;
  std::vector<unsigned char> out(LWS_PRE + response.size());
  std::memcpy(out.data() + LWS_PRE, response.data(), response.size());
  if (lws_write(wsi, out.data() + LWS_PRE, response.size(), LWS_WRITE_HTTP_HEADERS) <
      static_cast<int>(response.size())) {
    return -1;
  }
  return 1;
}

// A POST to the customization API: checks the key like the WebSocket handshake does, then
// collects the body (HTTP_BODY) and answers at HTTP_BODY_COMPLETION.
int begin_post(lws* wsi, Server& server, PerSession* pss, const std::string& path) {
  RequestInfo info = read_request(wsi);
  const int conn = server.next_connection_number();
  std::optional<AuthHeader> auth;
  if (info.request.authorization) auth = parse_authorization(*info.request.authorization);
  EventLog& log = server.log();
  if (!authorized(auth, server.options().api_key)) {
    log.write(log_handshake_line(log.now_s(), conn, path, "", info.logged_headers, auth, 401));
    const std::string body = "{\"request_id\":\"" + server.shared().ids.uuid() +
                             "\",\"code\":\"InvalidApiKey\",\"message\":\"Invalid API-key "
                             "provided.\"}";
    if (send_http_error(wsi, 401, body) < 0) return -1;
    return lws_http_transaction_completed(wsi) ? -1 : 0;
  }
  log.write(log_handshake_line(log.now_s(), conn, path, "", info.logged_headers, auth, 200));
  if (!pss) return -1;
  pss->post = new HttpPost{conn, std::move(info.logged_headers), auth->hash, {}};
  return 0;
}

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* pss = static_cast<PerSession*>(user);
  lws_context* ctx = lws_get_context(wsi);
  auto* server = ctx ? static_cast<Server*>(lws_context_user(ctx)) : nullptr;
  try {
    switch (reason) {
      case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: {
        if (!in || std::strcmp(static_cast<const char*>(in), "websocket") != 0) return -1;
        RequestInfo info = read_request(wsi);
        HandshakeDecision d =
            decide_handshake(info.request, server->options().api_key, server->shared().ids.uuid());
        if (d.status == 101) return 0;  // accepted: ESTABLISHED logs it
        log_handshake(*server, server->next_connection_number(), info, d.status);
        return send_http_error(wsi, d.status, d.body);
      }
      case LWS_CALLBACK_HTTP: {
        if (lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0) {
          std::string path = copy_token(wsi, WSI_TOKEN_POST_URI);
          while (path.size() > 1 && path.back() == '/') path.pop_back();
          if (path == kCustomizationPath) return begin_post(wsi, *server, pss, path);
        }
        // A plain HTTP request: the same checks, and 400 if it would have been accepted.
        RequestInfo info = read_request(wsi);
        HandshakeDecision d =
            decide_handshake(info.request, server->options().api_key, server->shared().ids.uuid());
        if (d.status == 101) {
          d.status = 400;
          d.body =
              "{\"code\":\"InvalidParameter\",\"message\":\"WebSocket upgrade required\","
              "\"request_id\":\"" +
              server->shared().ids.uuid() + "\"}";
        }
        log_handshake(*server, server->next_connection_number(), info, d.status);
        if (send_http_error(wsi, d.status, d.body) < 0) return -1;
        return lws_http_transaction_completed(wsi) ? -1 : 0;
      }
      case LWS_CALLBACK_HTTP_BODY:
        if (!pss || !pss->post) return -1;
        if (pss->post->body.size() + len > kMaxPostBytes) {
          delete pss->post;
          pss->post = nullptr;
          send_http_error(wsi, 413,
                          "{\"code\":\"InvalidParameter\",\"message\":\"body too large\"}");
          return -1;
        }
        pss->post->body.append(static_cast<const char*>(in), len);
        return 0;
      case LWS_CALLBACK_HTTP_BODY_COMPLETION: {
        if (!pss || !pss->post) return -1;
        std::unique_ptr<HttpPost> post(pss->post);
        pss->post = nullptr;
        HttpAnswer answer =
            server->shared().vocabularies.handle(post->account, post->body, server->shared().ids);
        EventLog& log = server->log();
        log.write(log_recv_text_line(log.now_s(), post->conn, post->body, false));
        log.write(log_send_text_line(log.now_s(), post->conn, answer.body));
        if (send_http_error(wsi, answer.status, answer.body) < 0) return -1;
        return lws_http_transaction_completed(wsi) ? -1 : 0;
      }
      case LWS_CALLBACK_ESTABLISHED: {
        RequestInfo info = read_request(wsi);
        HandshakeDecision d =
            decide_handshake(info.request, server->options().api_key, server->shared().ids.uuid());
        const int number = server->next_connection_number();
        log_handshake(*server, number, info, 101);
        const int ordinal = ++server->shared().connections_by_faults[d.faults_text];
        pss->connection = new Connection(*server, wsi, number, std::move(d), ordinal);
        return pss->connection->on_open();
      }
      case LWS_CALLBACK_RECEIVE:
        return pss && pss->connection ? pss->connection->on_receive(in, len) : -1;
      case LWS_CALLBACK_SERVER_WRITEABLE:
        return pss && pss->connection ? pss->connection->on_writeable() : -1;
      case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        return pss && pss->connection ? pss->connection->on_peer_close(in, len) : 0;
      case LWS_CALLBACK_CLOSED:
      case LWS_CALLBACK_WSI_DESTROY:
        if (pss && pss->post) {
          delete pss->post;
          pss->post = nullptr;
        }
        if (pss && pss->connection) {
          pss->connection->on_closed();
          delete pss->connection;
          pss->connection = nullptr;
        }
        return 0;
      default:
        break;
    }
  } catch (const std::exception& e) {
    // Exceptions must not cross into C; dropping the one connection is the safe answer.
    std::fprintf(stderr, "dsasr-emulator: internal error: %s\n", e.what());
    return -1;
  }
  return lws_callback_http_dummy(wsi, reason, user, in, len);
}

const lws_protocols kProtocols[] = {
    {"dsasr-emulator", callback, sizeof(PerSession), 65536, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

void emit_lws_log(int level, const char* line) {
  (void)level;
  std::fprintf(stderr, "dsasr-emulator: lws: %s", line);
}

}  // namespace

Server::Server(const Options& options, SharedState& shared, EventLog& log)
    : options_(options), shared_(shared), log_(log) {}

Server::~Server() {
  if (context_) lws_context_destroy(context_);
}

util::Result<int> Server::start() {
  lws_set_log_level(options_.verbose ? (LLL_ERR | LLL_WARN | LLL_NOTICE) : 0,
                    options_.verbose ? emit_lws_log : nullptr);
  std::string iface = options_.host == "localhost" ? "127.0.0.1" : options_.host;
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = options_.port;
  info.iface = iface.c_str();
  info.protocols = kProtocols;
  info.user = this;
  info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
  if (iface.find(':') == std::string::npos) info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  if (options_.tls_cert && options_.tls_key) {
    info.ssl_cert_filepath = options_.tls_cert->c_str();
    info.ssl_private_key_filepath = options_.tls_key->c_str();
    // HTTP/1.1 only: the answers are written as HTTP/1.1 bytes (send_http_error), which an h2
    // client (libcurl, OkHttp) that negotiated h2 by ALPN could not read.
    info.alpn = "http/1.1";
  }
  context_ = lws_create_context(&info);
  if (!context_) {
    return util::Error(util::ErrorKind::kNetwork,
                       "cannot listen on " + options_.host + ":" + std::to_string(options_.port),
                       "check the address, the port and the --tls files (-v shows details)");
  }
  lws_vhost* vhost = lws_get_vhost_by_name(context_, "default");
  const int port = vhost ? lws_get_vhost_listen_port(vhost) : -1;
  if (port <= 0) return util::Error(util::ErrorKind::kNetwork, "cannot determine the bound port");
  return port;
}

void Server::run() {
  while (!stop_.load() && lws_service(context_, 0) >= 0) {
  }
  lws_context_destroy(context_);
  context_ = nullptr;
}

void Server::request_stop() {
  stop_.store(true);
  if (context_) lws_cancel_service(context_);
}

}  // namespace dsasr::emulator
