// What `dsasr doctor` checks: the service settings as `dsasr file` would resolve them, and the
// one-second silent tasks it runs — the chosen model on its family's endpoint, then the other
// family's default model on that family's endpoint, each with the same key, region, workspace
// and trust; and, when the endpoint came from the region, the same tasks in the other region.
// Pure apart from the injected Environment.
#pragma once

#include <string>
#include <string_view>

#include "cli/config.h"
#include "cli/environment.h"
#include "cli/parsed_args.h"
#include "protocol/models.h"
#include "util/result.h"

namespace dsasr::cli {

// The model doctor uses for a family when the chosen model is of the other one.
std::string_view default_model_of(protocol::Family family);

// The endpoint of `family` on the host of `url`, an endpoint of the other family: the last
// path segment "inference" becomes "realtime" and the other way round; the query is dropped
// (the realtime family's model parameter is added again by endpoint resolution).
std::string family_url(std::string_view url, protocol::Family family);

// A Config with command kDoctor: service settings, request and diagnostics of the chosen model,
// and doctor_tasks (see config.h). Their input is left for app/ to supply.
util::Result<Config> resolve_doctor(const ParsedArgs& args, const Environment& env);

}  // namespace dsasr::cli
