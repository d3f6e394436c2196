#include "cli/settings_report.h"

#include <algorithm>

#include "cli/api_key.h"
#include "cli/config_file.h"
#include "cli/endpoint.h"
#include "cli/request_builder.h"
#include "cli/values.h"

namespace dsasr::cli {

namespace {

using O = OptionId;

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool is_number(std::string_view text) {
  std::size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      digits = true;
    } else if (text[i] == '.' && !dot && digits) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits && text.back() != '.';
}

std::string toml_value(std::string_view text) {
  return is_number(text) ? std::string(text) : toml_string(text);
}

std::string origin_text(const SettingOrigin& o) {
  switch (o.layer) {
    case Layer::kDefault:
      return "default";
    case Layer::kConfig:
      return "config file " + o.where;
    case Layer::kProfile:
      return o.where;
    case Layer::kEnvironment:
      return "environment " + o.where;
    case Layer::kCommandLine:
      return "command line";
  }
  return o.where;
}

std::string aligned(std::string setting, const std::string& comment) {
  constexpr std::size_t kColumn = 44;
  if (setting.size() + 1 < kColumn)
    setting += std::string(kColumn - setting.size(), ' ');
  else
    setting += "  ";
  return setting + "# " + comment + "\n";
}

// The value an option has in `layered`, as TOML, or "" when it has none.
std::string value_of(const OptionSpec& spec, const Layered& layered, const Environment& env) {
  const SettingOrigin& o = layered.origins[static_cast<std::size_t>(spec.id)];
  if (o.layer == Layer::kEnvironment) {
    if (spec.id == O::kColor) return toml_string("never");  // NO_COLOR
    if (spec.id == O::kApiKeyFile && o.where == "DASHSCOPE_API_KEY") return "";
    return toml_string(env.get(o.where).value_or(""));
  }
  if (o.layer == Layer::kDefault) {
    if (spec.is_flag()) return spec.repeatable ? "0" : "false";
    const std::string_view d = default_text(spec.id);
    return d.empty() ? std::string() : toml_value(d);
  }
  const ParsedArgs& a = layered.args;
  if (spec.is_flag()) {
    if (spec.repeatable) return std::to_string(a.count(spec.id));
    return a.has(spec.id) ? "true" : "false";
  }
  if (!a.has(spec.id)) return "";
  if (spec.repeatable) {
    std::string out = "[";
    for (const std::string& v : a.all(spec.id)) out += (out.size() > 1 ? ", " : "") + toml_value(v);
    return out + "]";
  }
  return toml_value(a.last(spec.id));
}

std::string key_section(const Layered& layered, const Environment& env) {
  std::optional<std::string> file;
  if (layered.args.has(O::kApiKeyFile)) file = layered.args.last(O::kApiKeyFile);
  auto key = find_api_key(file, env);
  if (!key) return "# API key: " + key.error().message + "\n";
  if (key->key.empty()) {
    std::string out = "# API key: none found; looked in:\n";
    for (const std::string& s : key->searched) out += "#   " + s + "\n";
    return out;
  }
  std::string where = key->origin.what;
  const SettingOrigin& o = layered.origins[static_cast<std::size_t>(O::kApiKeyFile)];
  if (o.layer == Layer::kConfig || o.layer == Layer::kProfile) {
    where = "api-key-file " + *file + " (" + o.where + ")";
  }
  return "# API key: from " + where + "; " + key_shape(key->key) + "\n";
}

std::string endpoint_section(const Layered& layered, const Environment& env) {
  auto choice = choose_model(layered.args);
  if (!choice) return "# endpoint: unknown (" + choice.error().message + ")\n";
  Region region = Region::kBeijing;
  if (layered.args.has(O::kRegion)) {
    auto i = parse_choice("--region", layered.args.last(O::kRegion), {"beijing", "singapore"});
    if (!i) return "# endpoint: unknown (" + i.error().message + ")\n";
    region = *i == 0 ? Region::kBeijing : Region::kSingapore;
  }
  std::optional<std::string> endpoint;
  if (layered.args.has(O::kEndpoint)) endpoint = layered.args.last(O::kEndpoint);
  auto e = resolve_endpoint(endpoint, region, choice->family, choice->name, env);
  if (!e) return "# endpoint: " + e.error().message + "\n";
  std::string from = e->origin.what;
  const SettingOrigin& o = layered.origins[static_cast<std::size_t>(O::kEndpoint)];
  if (o.layer == Layer::kConfig || o.layer == Layer::kProfile) from = "endpoint, " + o.where;
  if (from == "--region") from = "the region, " + std::string(region_name(region));
  return "# endpoint: " + e->url + " (from " + from + ")\n";
}

}  // namespace

std::string_view default_text(OptionId id) {
  switch (id) {
    case O::kModel:
      return "fun-asr-realtime";
    case O::kRegion:
      return "beijing";
    case O::kRetries:
      return "5";
    case O::kFormat:
      return "text";
    case O::kMaxLineWidth:
      return "42";
    case O::kMaxLines:
      return "2";
    case O::kMaxCueDuration:
      return "7";
    case O::kCaptionLang:
      return "both";
    case O::kSpeed:
      return "auto";
    case O::kWindow:
      return "10";
    case O::kJobs:
      return "1";
    case O::kRawChannels:
      return "1";
    case O::kBuffer:
      return "120";
    case O::kColor:
      return "auto";
    default:
      return "";
  }
}

std::string settings_report(const Layered& layered, const Environment& env) {
  std::string out =
      "# dsasr config: every setting, its effective value and where it came from.\n"
      "# Later layers win: default < config file < profile < environment < command line.\n";
  if (layered.config_path) {
    out += "# configuration file: " + *layered.config_path +
           (layered.config_found ? "\n" : " (not found)\n");
  } else {
    out += "# configuration file: none (no home directory and no XDG_CONFIG_HOME)\n";
  }
  if (!layered.profiles.empty()) {
    std::string names;
    for (const std::string& n : layered.profiles) names += (names.empty() ? "" : ", ") + n;
    out += "# profiles in the file: " + names + "\n";
  }
  out += "# profile: " +
         (layered.profile ? *layered.profile + " (from " + layered.profile_origin + ")"
                          : std::string("none")) +
         "\n";
  out += key_section(layered, env);
  out += endpoint_section(layered, env);

  std::optional<Group> group;
  for (const OptionSpec& spec : all_options()) {
    if (!configurable(spec)) continue;
    if (group != spec.group) {
      group = spec.group;
      out += "\n# " + std::string(group_title(spec.group)) + "\n";
    }
    const SettingOrigin& o = layered.origins[static_cast<std::size_t>(spec.id)];
    const std::string value = value_of(spec, layered, env);
    if (value.empty()) {
      out += o.layer == Layer::kEnvironment
                 ? "# " + std::string(spec.long_name) + ": not used, " + o.where + " is set\n"
                 : "# " + std::string(spec.long_name) + ": not set\n";
      continue;
    }
    out += aligned(std::string(spec.long_name) + " = " + value, origin_text(o));
  }
  return out;
}

}  // namespace dsasr::cli
