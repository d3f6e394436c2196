#include "net/url.h"

#include <cctype>

namespace dsasr::net {

std::string Url::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!default_port) h += ":" + std::to_string(port);
  return h;
}

std::string Url::str() const {
  return std::string(tls ? "wss://" : "ws://") + host_header() + path_query;
}

util::Result<Url> parse_url(std::string_view text) {
  using util::Error;
  using util::ErrorKind;
  auto bad = [&](const std::string& why) {
    return Error(ErrorKind::kUsage, "invalid endpoint URL '" + std::string(text) + "': " + why);
  };
  Url url;
  std::string_view rest = text;
  if (rest.substr(0, 6) == "wss://") {
    url.tls = true;
    rest.remove_prefix(6);
  } else if (rest.substr(0, 5) == "ws://") {
    rest.remove_prefix(5);
  } else {
    return bad("the scheme must be ws:// or wss://");
  }
  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return bad("user information is not allowed");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
  } else {
    size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
  }
  if (url.host.empty()) return bad("no host");
  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) return bad("bad port");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return bad("port out of range");
    url.default_port = port == url.port;
    url.port = port;
  }
  url.path_query = tail.empty() ? "/" : std::string(tail);
  if (url.path_query.front() == '?') url.path_query.insert(0, "/");
  auto hash = url.path_query.find('#');
  if (hash != std::string::npos) url.path_query.erase(hash);
  return url;
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.substr(0, 4) == "127.";
}

}  // namespace dsasr::net
