#include "cli/endpoint.h"

#include <cctype>

#include "cli/values.h"

namespace dsasr::cli {

namespace {

constexpr const char* kBaseUrlVar = "DASHSCOPE_WEBSOCKET_BASE_URL";

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Percent-encodes everything but RFC 3986 unreserved characters: an unknown model name is the
// user's text and must not change the URL's structure.
std::string percent_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

bool has_query_parameter(std::string_view url, std::string_view name) {
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) return false;
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    if (item.substr(0, item.find('=')) == name) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

}  // namespace

std::string realtime_url_from_base(std::string_view base) {
  const std::size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return std::string(base);
  const std::size_t path_at = base.find_first_of("/?#", scheme_end + 3);
  const std::string origin(base.substr(0, path_at));
  std::string_view path =
      path_at == std::string_view::npos ? std::string_view() : base.substr(path_at);
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  constexpr std::string_view kInference = "/inference";
  if (path.size() >= kInference.size() &&
      path.substr(path.size() - kInference.size()) == kInference) {
    return origin + std::string(path.substr(0, path.size() - kInference.size())) + "/realtime";
  }
  return origin + "/api-ws/v1/realtime";
}

std::string_view region_name(Region r) {
  switch (r) {
    case Region::kBeijing:
      return "beijing";
    case Region::kSingapore:
      return "singapore";
  }
  return "?";
}

std::string default_base_url(Region r, protocol::Family family) {
  std::string host =
      r == Region::kSingapore ? "dashscope-intl.aliyuncs.com" : "dashscope.aliyuncs.com";
  std::string path =
      family == protocol::Family::kRealtime ? "/api-ws/v1/realtime" : "/api-ws/v1/inference";
  return "wss://" + host + path;
}

util::Status check_websocket_url(std::string_view url, std::string_view origin) {
  auto fail = [&](std::string_view why) {
    return usage_error(std::string(origin) + ": '" + std::string(url) + "' " + std::string(why));
  };
  std::size_t scheme_len = 0;
  if (starts_with_nocase(url, "wss://")) {
    scheme_len = 6;
  } else if (starts_with_nocase(url, "ws://")) {
    scheme_len = 5;
  } else {
    return fail("is not a WebSocket URL (expected ws://HOST/PATH or wss://HOST/PATH)");
  }
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return fail("contains spaces or control characters");
  }
  std::string_view rest = url.substr(scheme_len);
  std::size_t host_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, host_end);
  if (authority.empty() || authority.front() == ':' ||
      authority.find('@') != std::string_view::npos) {
    return fail("has no host (expected ws://HOST/PATH or wss://HOST/PATH)");
  }
  if (url.find('#') != std::string_view::npos) {
    return fail("has a fragment ('#...'), which a WebSocket URL cannot have");
  }
  return {};
}

std::string http_base_from_websocket(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::string scheme = starts_with_nocase(url, "wss://") ? "https" : "http";
  const std::size_t path_at = url.find_first_of("/?#", scheme_end + 3);
  const std::string host(url.substr(scheme_end + 3, path_at - (scheme_end + 3)));
  std::string_view path =
      path_at == std::string_view::npos ? std::string_view() : url.substr(path_at);
  std::string version = "v1";
  constexpr std::string_view kApiWs = "/api-ws/";
  if (path.substr(0, kApiWs.size()) == kApiWs) {
    std::string_view rest = path.substr(kApiWs.size());
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (rest.size() > 1 && rest[0] == 'v') version = std::string(rest);
  }
  return scheme + "://" + host + "/api/" + version;
}

util::Result<Endpoint> resolve_http_base(const std::optional<std::string>& option,
                                         const Endpoint& websocket, Region region,
                                         const Environment& env) {
  Endpoint out;
  if (option) {
    out.url = *option;
    out.origin.what = "--http-endpoint";
  } else if (auto v = env.get("DASHSCOPE_HTTP_BASE_URL"); v && !v->empty()) {
    out.url = *v;
    out.origin.what = "DASHSCOPE_HTTP_BASE_URL";
  } else if (websocket.origin.what != "--region") {
    out.url = http_base_from_websocket(websocket.url);
    out.origin.what = websocket.origin.what;
  } else {
    out.url = region == Region::kSingapore ? "https://dashscope-intl.aliyuncs.com/api/v1"
                                           : "https://dashscope.aliyuncs.com/api/v1";
    out.origin.what = "--region";
  }
  const bool http =
      starts_with_nocase(out.url, "http://") || starts_with_nocase(out.url, "https://");
  bool clean = true;
  for (char c : out.url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) clean = false;
  }
  const std::size_t host_at = out.url.find("://") + 3;
  if (!http || !clean || host_at >= out.url.size() || out.url[host_at] == '/') {
    return usage_error(out.origin.what + ": '" + out.url +
                       "' is not an HTTP URL (expected http://HOST/PATH or https://HOST/PATH)");
  }
  return out;
}

util::Result<Endpoint> resolve_endpoint(const std::optional<std::string>& endpoint_option,
                                        Region region, protocol::Family family,
                                        std::string_view model, const Environment& env) {
  Endpoint out;
  // 1. --endpoint
  if (endpoint_option) {
    out.url = *endpoint_option;
    out.origin.what = "--endpoint";
  } else if (auto v = env.get(kBaseUrlVar); v && !v->empty()) {
    // 2. DASHSCOPE_WEBSOCKET_BASE_URL names the duplex endpoint (the SDKs read it for that
    // family only); the realtime family's endpoint is derived from it on the same host.
    out.url = family == protocol::Family::kRealtime ? realtime_url_from_base(*v) : *v;
    out.origin.what = kBaseUrlVar;
  } else {
    // 3. the region's default
    out.url = default_base_url(region, family);
    out.origin.what = "--region";
  }
  if (auto st = check_websocket_url(out.url, out.origin.what); !st) return st.error();

  if (family == protocol::Family::kRealtime && !has_query_parameter(out.url, "model")) {
    if (out.url.find('?') == std::string::npos) {
      out.url += '?';
    } else if (out.url.back() != '?' && out.url.back() != '&') {
      out.url += '&';
    }
    out.url += "model=" + percent_encode(model);
  }
  return out;
}

}  // namespace dsasr::cli
