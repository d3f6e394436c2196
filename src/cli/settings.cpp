#include "cli/settings.h"

#include <algorithm>
#include <cctype>

#include "cli/values.h"

namespace dsasr::cli {

namespace {

using O = OptionId;

// Options that stand for one another: layered as one.
const std::vector<std::vector<OptionId>>& option_groups() {
  static const std::vector<std::vector<OptionId>> groups = {
      {O::kFormat, O::kJsonl, O::kSrt, O::kVtt},
      {O::kHeartbeat, O::kNoHeartbeat},
      {O::kQuiet, O::kVerbose, O::kProgress},
  };
  return groups;
}

std::vector<OptionId> group_of(OptionId id) {
  for (const auto& g : option_groups()) {
    if (std::find(g.begin(), g.end(), id) != g.end()) return g;
  }
  return {id};
}

const ConfigSetting* find_setting(const std::vector<ConfigSetting>& settings, OptionId id) {
  for (const ConfigSetting& s : settings) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::size_t index(OptionId id) {
  return static_cast<std::size_t>(id);
}

void add_setting(ParsedArgs& args, const ConfigSetting& s) {
  if (option(s.id).is_flag()) {
    for (int i = 0; i < s.count; ++i) args.add(s.id);
  } else {
    for (const std::string& v : s.values) args.add(s.id, v);
  }
}

}  // namespace

std::vector<std::string_view> environment_for(OptionId id) {
  if (id == O::kApiKeyFile) return {"DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY_FILE_PATH"};
  if (id == O::kProfile) return {"DSASR_PROFILE"};
  const std::string_view env = option(id).env;
  if (env.empty()) return {};
  return {env};
}

util::Result<Layered> layer_settings(const ParsedArgs& args, const Environment& env) {
  auto file = load_config_file(env);
  if (!file) return file.error();
  return layer_settings(args, *file, config_file_path(env), env);
}

util::Result<Layered> layer_settings(const ParsedArgs& args, const std::optional<ConfigFile>& file,
                                     std::optional<std::string> config_path,
                                     const Environment& env) {
  Layered out;
  out.config_path = std::move(config_path);
  out.config_found = file.has_value();
  if (file) {
    for (const auto& [name, p] : file->profiles) out.profiles.push_back(name);
  }

  // The profile: --profile, else DSASR_PROFILE (set and not empty).
  if (args.has(O::kProfile)) {
    out.profile = args.last(O::kProfile);
    out.profile_origin = "--profile";
    if (out.profile->empty()) return usage_error("--profile: the value is empty");
  } else if (auto v = env.get("DSASR_PROFILE"); v && !v->empty()) {
    out.profile = *v;
    out.profile_origin = "DSASR_PROFILE";
  }
  const ConfigProfile* profile = nullptr;
  if (out.profile) {
    const std::string named = "profile '" + *out.profile + "' (from " + out.profile_origin + ")";
    if (!file) {
      return usage_error(
          "no " + named + ": there is no configuration file" +
              (out.config_path ? " at " + *out.config_path : std::string()),
          "create it with a [profile." + *out.profile + "] table, or run 'dsasr config'");
    }
    auto it = file->profiles.find(*out.profile);
    if (it == file->profiles.end()) {
      std::string known;
      std::vector<std::string_view> names;
      for (const auto& [name, p] : file->profiles) {
        known += (known.empty() ? "" : ", ") + name;
        names.push_back(name);
      }
      const std::string near = closest_match(*out.profile, names);
      return usage_error(file->path + ": no " + named +
                             (near.empty() ? std::string() : " (did you mean " + near + "?)"),
                         known.empty() ? "the file has no [profile.NAME] tables"
                                       : "the file's profiles: " + known);
    }
    profile = &it->second;
    out.origins[index(O::kProfile)] = {
        args.has(O::kProfile) ? Layer::kCommandLine : Layer::kEnvironment,
        args.has(O::kProfile) ? "command line" : "DSASR_PROFILE"};
  }

  // Layer 5: the command line, kept as it is.
  out.args = args;
  std::array<bool, kOptionCount> done{};
  for (const OptionSpec& spec : all_options()) {
    if (done[index(spec.id)]) continue;
    const std::vector<OptionId> group = group_of(spec.id);
    for (OptionId id : group) done[index(id)] = true;
    if (spec.id == O::kProfile) continue;

    const bool on_command_line =
        std::any_of(group.begin(), group.end(), [&](OptionId id) { return args.has(id); });
    if (on_command_line) {
      for (OptionId id : group) {
        if (args.has(id)) out.origins[index(id)] = {Layer::kCommandLine, "command line"};
      }
      continue;
    }
    // Layer 4: an environment variable that stands in for the option hides the file.
    bool from_environment = false;
    for (OptionId id : group) {
      for (std::string_view name : environment_for(id)) {
        auto v = env.get(std::string(name));
        if (v && !v->empty()) {
          out.origins[index(id)] = {Layer::kEnvironment, std::string(name)};
          from_environment = true;
          break;
        }
      }
    }
    if (from_environment || !file) continue;

    // Layers 3 and 2: the profile's keys, else the top level's.
    for (const bool from_profile : {true, false}) {
      if (from_profile && !profile) continue;
      const std::vector<ConfigSetting>& settings = from_profile ? profile->settings : file->top;
      bool any = false;
      for (OptionId id : group) {
        const ConfigSetting* s = find_setting(settings, id);
        if (!s) continue;
        any = true;
        // --window is for --speed auto only: a file's window gives way to another speed.
        if (id == O::kWindow && out.args.has(O::kSpeed) && out.args.last(O::kSpeed) != "auto") {
          continue;
        }
        add_setting(out.args, *s);
        const std::string at = file->path + ":" + std::to_string(s->line);
        out.origins[index(id)] =
            from_profile ? SettingOrigin{Layer::kProfile, "profile " + *out.profile + ", " + at}
                         : SettingOrigin{Layer::kConfig, at};
      }
      if (any) break;
    }
  }
  return out;
}

util::Error with_origin(util::Error error, const Layered& layered) {
  for (const OptionSpec& spec : all_options()) {
    const SettingOrigin& o = layered.origins[index(spec.id)];
    if (o.layer != Layer::kConfig && o.layer != Layer::kProfile) continue;
    const std::string flag = spec.long_flag();
    std::size_t at = error.message.find(flag);
    while (at != std::string::npos) {
      const std::size_t end = at + flag.size();
      const bool whole = end == error.message.size() ||
                         !(std::isalnum(static_cast<unsigned char>(error.message[end])) ||
                           error.message[end] == '-');
      if (whole) {
        error.message += " (" + std::string(spec.long_name) + " at " + o.where + ")";
        return error;
      }
      at = error.message.find(flag, end);
    }
  }
  return error;
}

void note_origins(Config& config, const Layered& layered) {
  const SettingOrigin& key_file = layered.origins[index(O::kApiKeyFile)];
  if ((key_file.layer == Layer::kConfig || key_file.layer == Layer::kProfile) &&
      !config.service.api_key.empty()) {
    config.service.api_key_origin.what =
        "api-key-file " + layered.args.last(O::kApiKeyFile) + " (" + key_file.where + ")";
  }
  const SettingOrigin& endpoint = layered.origins[index(O::kEndpoint)];
  if (endpoint.layer == Layer::kConfig || endpoint.layer == Layer::kProfile) {
    config.service.endpoint_origin.what = "endpoint (" + endpoint.where + ")";
  }
}

}  // namespace dsasr::cli
