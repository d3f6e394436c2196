// Choosing the WebSocket URL, first match wins:
//   1. --endpoint URL
//   2. env DASHSCOPE_WEBSOCKET_BASE_URL: the duplex endpoint, as in the official SDKs; the
//      realtime family uses the same host's realtime path (realtime_url_from_base())
//   3. the region's default (protocol.md §1.1)
// For the realtime family `model=<model>` is added to the query of whichever URL was chosen
// (unless it already has a `model` parameter). Pure apart from the injected Environment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli/config.h"
#include "cli/environment.h"
#include "protocol/models.h"
#include "util/result.h"

namespace dsasr::cli {

std::string_view region_name(Region r);  // "beijing", "singapore"

// The realtime endpoint on the host of a duplex base URL: a path ending in /inference (or
// /inference/) ends in /realtime instead (wss://h/api-ws/v1/inference -> wss://h/api-ws/v1/
// realtime); any other path becomes /api-ws/v1/realtime. The query is dropped.
std::string realtime_url_from_base(std::string_view base);

// The region's default URL for the family, without the realtime `model` parameter.
std::string default_base_url(Region r, protocol::Family family);

// Checks that `url` is a ws:// or wss:// URL with a host and no fragment. `origin` names where
// it came from in the error ("--endpoint").
util::Status check_websocket_url(std::string_view url, std::string_view origin);

struct Endpoint {
  std::string url;
  Origin origin;  // "--endpoint", "DASHSCOPE_WEBSOCKET_BASE_URL" or "--region"
};

// The HTTP API base URL (hot-word vocabularies), first match wins:
//   1. --http-endpoint URL
//   2. env DASHSCOPE_HTTP_BASE_URL, as the official Python SDK reads it
//   3. derived from a WebSocket endpoint given explicitly (--endpoint or
//      DASHSCOPE_WEBSOCKET_BASE_URL): the same host, ws -> http, wss -> https, path /api/v1
//      (http_base_from_websocket())
//   4. the region's https://dashscope.aliyuncs.com/api/v1 (dashscope-intl for Singapore)
util::Result<Endpoint> resolve_http_base(const std::optional<std::string>& option,
                                         const Endpoint& websocket, Region region,
                                         const Environment& env);

// ws://h:1/api-ws/v1/inference -> http://h:1/api/v1; wss:// -> https://; a path without
// "/api-ws/vN" gives /api/v1.
std::string http_base_from_websocket(std::string_view url);

util::Result<Endpoint> resolve_endpoint(const std::optional<std::string>& endpoint_option,
                                        Region region, protocol::Family family,
                                        std::string_view model, const Environment& env);

}  // namespace dsasr::cli
