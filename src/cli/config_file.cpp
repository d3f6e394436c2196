// The one translation unit that includes toml++.
#include "cli/config_file.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cstdio>

#include "cli/values.h"

namespace dsasr::cli {

namespace {

// Keys people reach for when they want to put the key itself in the file.
constexpr std::string_view kKeyNames[] = {"api-key", "api_key",           "apikey",
                                          "key",     "dashscope-api-key", "dashscope_api_key"};

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

util::Error error_at(const std::string& path, int line, const std::string& message,
                     std::string hint = {}) {
  return usage_error(path + ":" + std::to_string(line) + ": " + message, std::move(hint));
}

std::string type_word(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "a list";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

// A scalar as the command line would spell it: strings as they are, numbers in decimal.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (auto s = node.value<std::string>(); s && node.is_string()) return *s;
  if (node.is_integer()) return std::to_string(*node.value<int64_t>());
  if (node.is_floating_point()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", *node.value<double>());
    return std::string(buf);
  }
  return std::nullopt;
}

util::Result<ConfigSetting> setting_of(const OptionSpec& spec, const toml::node& node,
                                       const std::string& path) {
  ConfigSetting s;
  s.id = spec.id;
  s.line = line_of(node);
  const std::string key(spec.long_name);
  if (spec.is_flag()) {
    if (node.is_boolean()) {
      s.count = *node.value<bool>() ? 1 : 0;
      return s;
    }
    if (spec.repeatable && node.is_integer() && *node.value<int64_t>() >= 0 &&
        *node.value<int64_t>() <= 10) {
      s.count = static_cast<int>(*node.value<int64_t>());  // verbose = 2 is -vv
      return s;
    }
    return error_at(path, s.line, key + ": expected true or false, got " + type_word(node));
  }
  if (const toml::array* list = node.as_array()) {
    if (!spec.repeatable) {
      return error_at(path, s.line, key + ": expected one value, got a list",
                      "only repeatable options (language, param) take a list");
    }
    for (const toml::node& item : *list) {
      auto text = scalar_text(item);
      if (!text) {
        return error_at(path, line_of(item),
                        key + ": expected a list of strings, found " + type_word(item));
      }
      s.values.push_back(std::move(*text));
    }
    s.count = static_cast<int>(s.values.size());
    return s;
  }
  auto text = scalar_text(node);
  if (!text) {
    return error_at(path, s.line,
                    key + ": expected a string" + (spec.repeatable ? " or a list of strings" : "") +
                        ", got " + type_word(node));
  }
  s.values.push_back(std::move(*text));
  s.count = 1;
  return s;
}

util::Result<std::vector<ConfigSetting>> settings_of(const toml::table& table,
                                                     const std::string& path, bool allow_profiles) {
  std::vector<ConfigSetting> out;
  for (const auto& [key_node, node] : table) {
    const std::string key(key_node.str());
    const int line = key_node.source().begin.line ? static_cast<int>(key_node.source().begin.line)
                                                  : line_of(node);
    if (allow_profiles && key == "profile") continue;
    for (std::string_view secret : kKeyNames) {
      if (key == secret) {
        return error_at(path, line, "an API key is never read from the configuration file",
                        "put the key in a file only you can read and set api-key-file = PATH, "
                        "or set DASHSCOPE_API_KEY");
      }
    }
    const OptionSpec* spec = nullptr;
    std::vector<std::string_view> names;
    for (const OptionSpec& s : all_options()) {
      if (!configurable(s)) continue;
      names.push_back(s.long_name);
      if (s.long_name == key) spec = &s;
    }
    if (!spec) {
      if (key == "profile") {
        return error_at(path, line, "profiles are tables at the top level: [profile.NAME]");
      }
      std::string near = closest_match(key, names);
      return error_at(path, line,
                      "unknown key '" + key + "'" +
                          (near.empty() ? std::string() : " (did you mean " + near + "?)"),
                      "keys are long option names without '--' (see 'dsasr help file')");
    }
    auto setting = setting_of(*spec, node, path);
    if (!setting) return setting.error();
    setting->line = line;
    out.push_back(std::move(*setting));
  }
  // toml++ iterates keys in name order: file order reads better in `dsasr config`.
  std::stable_sort(out.begin(), out.end(),
                   [](const ConfigSetting& a, const ConfigSetting& b) { return a.line < b.line; });
  return out;
}

}  // namespace

bool configurable(const OptionSpec& spec) {
  switch (spec.id) {
    case OptionId::kHelp:
    case OptionId::kVersion:
    case OptionId::kJson:
    case OptionId::kProfile:
    case OptionId::kOutput:
    case OptionId::kFrom:
    case OptionId::kShard:
      return false;
    default:
      return (spec.commands & (kFileBit | kMicBit | kDevicesBit | kDoctorBit)) != 0;
  }
}

std::optional<std::string> config_file_path(const Environment& env) {
  // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and ignored.
  if (auto xdg = env.get("XDG_CONFIG_HOME"); xdg && !xdg->empty() && (*xdg)[0] == '/') {
    return *xdg + "/dsasr/config.toml";
  }
  auto home = env.home_dir();
  if (!home) return std::nullopt;
  return *home + "/.config/dsasr/config.toml";
}

std::optional<std::string> hotword_registry_path(const Environment& env) {
  if (auto xdg = env.get("XDG_STATE_HOME"); xdg && !xdg->empty() && (*xdg)[0] == '/') {
    return *xdg + "/dsasr/hotwords";
  }
  auto home = env.home_dir();
  if (!home) return std::nullopt;
  return *home + "/.local/state/dsasr/hotwords";
}

util::Result<ConfigFile> parse_config_file(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return error_at(path, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  ConfigFile file;
  file.path = path;
  auto top = settings_of(root, path, true);
  if (!top) return top.error();
  file.top = std::move(*top);
  if (const toml::node* profiles = root.get("profile")) {
    const toml::table* table = profiles->as_table();
    if (!table) {
      return error_at(path, line_of(*profiles),
                      "'profile' must be tables [profile.NAME], got " + type_word(*profiles));
    }
    for (const auto& [name, node] : *table) {
      const toml::table* profile = node.as_table();
      const int line = static_cast<int>(name.source().begin.line);
      if (!profile) {
        return error_at(
            path, line ? line : line_of(node),
            "profile." + std::string(name.str()) + " must be a table, got " + type_word(node),
            "write [profile." + std::string(name.str()) + "] and its keys below");
      }
      auto settings = settings_of(*profile, path, false);
      if (!settings) return settings.error();
      ConfigProfile p;
      p.line = line ? line : line_of(node);
      p.settings = std::move(*settings);
      file.profiles.emplace(std::string(name.str()), std::move(p));
    }
  }
  return file;
}

util::Result<std::optional<ConfigFile>> load_config_file(const Environment& env) {
  auto path = config_file_path(env);
  if (!path || env.path_kind(*path) == PathKind::kMissing) return std::optional<ConfigFile>();
  auto text = env.read_file(*path);
  if (!text) {
    return usage_error("cannot read the configuration file " + *path + ": " + text.error().message);
  }
  auto file = parse_config_file(*text, *path);
  if (!file) return file.error();
  return std::optional<ConfigFile>(std::move(*file));
}

}  // namespace dsasr::cli
