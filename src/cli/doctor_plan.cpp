#include "cli/doctor_plan.h"

#include "cli/request_builder.h"
#include "cli/resolve.h"
#include "cli/values.h"

namespace dsasr::cli {

namespace {

using O = OptionId;

// Options a silent task takes from doctor's command line and configuration.
constexpr OptionId kCarried[] = {O::kModel,     O::kProtocol,   O::kRegion, O::kEndpoint,
                                 O::kWorkspace, O::kApiKeyFile, O::kCaFile, O::kInsecure};

struct TaskChoice {
  std::optional<std::string> model;     // replaces --model and --protocol
  std::optional<std::string> endpoint;  // replaces --endpoint
  std::optional<std::string> region;    // replaces --region
};

util::Result<Config> task_config(const ParsedArgs& args, const TaskChoice& choice,
                                 const Environment& env) {
  ParsedArgs a;
  a.command = Command::kFile;
  // app/ replaces the input with a second of silence; this name is only for resolution.
  a.inputs = {"doctor-silence.wav"};
  for (OptionId id : kCarried) {
    if (choice.model && (id == O::kModel || id == O::kProtocol)) continue;
    if (choice.endpoint && id == O::kEndpoint) continue;
    if (choice.region && id == O::kRegion) continue;
    if (option(id).is_flag()) {
      for (int i = 0; i < args.count(id); ++i) a.add(id);
    } else {
      for (const std::string& v : args.all(id)) a.add(id, v);
    }
  }
  if (choice.model) a.add(O::kModel, *choice.model);
  if (choice.endpoint) a.add(O::kEndpoint, *choice.endpoint);
  if (choice.region) a.add(O::kRegion, *choice.region);
  // A refusal is the answer: no retries. Silence is sent as fast as the service takes it.
  a.add(O::kRetries, "0");
  a.add(O::kSpeed, "max");
  a.add(O::kQuiet);
  auto c = resolve(a, env);
  if (!c) return c.error();
  c->output.outputs = {{"/dev/null", OutputFormat::kText}};
  return c;
}

// The same task in the other region, when the region chose the endpoint.
std::vector<Config> other_region_of(const ParsedArgs& args, const TaskChoice& choice,
                                    const Config& task, const Environment& env) {
  if (task.service.endpoint_origin.what != "--region") return {};
  TaskChoice other = choice;
  other.region = task.service.region == Region::kBeijing ? "singapore" : "beijing";
  auto c = task_config(args, other, env);
  if (!c) return {};  // the model is not offered there
  return {std::move(*c)};
}

}  // namespace

std::string_view default_model_of(protocol::Family family) {
  return family == protocol::Family::kRealtime ? "qwen3-asr-flash-realtime" : "fun-asr-realtime";
}

std::string family_url(std::string_view url, protocol::Family family) {
  std::string out(url.substr(0, url.find_first_of("?#")));
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  const std::size_t slash = out.rfind('/');
  const std::size_t scheme = out.find("://");
  const std::string_view want = family == protocol::Family::kRealtime ? "realtime" : "inference";
  const std::string_view other = family == protocol::Family::kRealtime ? "inference" : "realtime";
  if (slash != std::string::npos && scheme != std::string::npos && slash > scheme + 2 &&
      out.compare(slash + 1, std::string::npos, other) == 0) {
    return out.substr(0, slash + 1) + std::string(want);
  }
  return out;
}

util::Result<Config> resolve_doctor(const ParsedArgs& args, const Environment& env) {
  auto chosen = choose_model(args);
  if (!chosen) return chosen.error();

  // 1. The chosen model on its family's endpoint: what `dsasr file` would do.
  auto first = task_config(args, {}, env);
  if (!first) return first.error();
  Config out = *first;
  out.command = Command::kDoctor;
  out.doctor_tasks.push_back({*first, other_region_of(args, {}, *first, env)});

  // 2. The other family's default model on that family's endpoint.
  const protocol::Family other_family = chosen->family == protocol::Family::kDuplex
                                            ? protocol::Family::kRealtime
                                            : protocol::Family::kDuplex;
  TaskChoice other;
  other.model = std::string(default_model_of(other_family));
  if (args.has(O::kEndpoint)) other.endpoint = family_url(args.last(O::kEndpoint), other_family);
  if (auto second = task_config(args, other, env)) {
    out.doctor_tasks.push_back({*second, other_region_of(args, other, *second, env)});
  }

  // Doctor's own diagnostics.
  out.diag = {};
  out.diag.verbosity = args.count(O::kVerbose);
  out.diag.quiet = args.has(O::kQuiet);
  if (out.diag.quiet && out.diag.verbosity > 0) {
    return usage_error("-q and -v cannot be used together");
  }
  out.output = {};
  if (args.has(O::kColor)) {
    auto i = parse_choice("--color", args.last(O::kColor), {"auto", "always", "never"});
    if (!i) return i.error();
    out.output.color = static_cast<ColorMode>(*i);
  } else if (auto v = env.get("NO_COLOR"); v && !v->empty()) {
    out.output.color = ColorMode::kNever;
  }
  return out;
}

}  // namespace dsasr::cli
