// The one translation unit that includes CLI11 (it is slow to compile and large); everything
// after the syntax step works on ParsedArgs.
#include "cli/parse.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/help.h"
#include "cli/models_listing.h"
#include "cli/option_table.h"
#include "cli/resolve.h"
#include "cli/settings.h"
#include "cli/settings_report.h"
#include "cli/values.h"

namespace dsasr::cli {

namespace {

struct Registered {
  CLI::App* app;
  Command command;
  std::vector<std::pair<OptionId, CLI::Option*>> options;
};

// Stands for the value of an optional-value option given without one (no one types it).
constexpr const char* kNoValue = "\x1f";

std::string cli11_name(const OptionSpec& spec) {
  std::string name = spec.long_flag();
  if (spec.short_name) name = std::string("-") + spec.short_name + "," + name;
  return name;
}

void add_options(Registered& r) {
  for (const OptionSpec& spec : all_options()) {
    // help/version are accepted everywhere, including `dsasr help`.
    if (!spec.applies_to(r.command) && spec.id != OptionId::kHelp &&
        spec.id != OptionId::kVersion) {
      continue;
    }
    CLI::Option* opt = nullptr;
    if (spec.is_flag()) {
      opt = r.app->add_flag(cli11_name(spec))->disable_flag_override();
    } else {
      // One value per occurrence, all kept: resolve.cpp picks the last (or all, if repeatable).
      opt = r.app->add_option(cli11_name(spec))
                ->type_name(std::string(spec.value_name))
                // "[=MS]" options get one too: parse_args() supplies kNoValue for a bare --name.
                ->expected(1)
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    r.options.emplace_back(spec.id, opt);
  }
}

// For a --flag=VALUE left over, only the name: the value may be a secret typed by mistake.
std::string option_name_only(const std::string& arg) {
  return arg.substr(0, arg.find('='));
}

util::Error unknown_option(const std::string& arg, Command command) {
  const std::string name = option_name_only(arg);
  if (name == "--api-key") {
    return usage_error(
        "there is no --api-key option: a key on the command line shows in 'ps' and shell history",
        "set DASHSCOPE_API_KEY, or use --api-key-file FILE, DASHSCOPE_API_KEY_FILE_PATH or "
        "~/.dashscope/api_key");
  }
  if (command == Command::kNone) {
    // `dsasr --jsonl file x.wav`: a command's option given before the command.
    for (const CommandSpec& c : all_commands()) {
      for (const OptionSpec& spec : all_options()) {
        if (!spec.applies_to(c.command) || spec.long_flag() != name) continue;
        return usage_error(name + " is an option of a command and goes after it",
                           "for example: dsasr " + std::string(c.name) + " " + name + " ...");
      }
    }
  }
  std::vector<std::string> names;
  for (const OptionSpec& spec : all_options()) {
    if (spec.applies_to(command) || spec.id == OptionId::kHelp || spec.id == OptionId::kVersion)
      names.push_back(spec.long_flag());
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string near = name.rfind("--", 0) == 0 ? closest_match(name, views) : std::string();
  const CommandSpec* spec = find_command(command);
  std::string where = spec ? "dsasr " + std::string(spec->name) : std::string("dsasr");
  return usage_error("unknown option " + name + " for '" + where + "'" +
                         (near.empty() ? std::string() : " (did you mean " + near + "?)"),
                     "run '" + where + " --help' for its options");
}

// Commands whose settings the configuration file can give.
bool reads_configuration(Command c) {
  return c == Command::kFile || c == Command::kMic || c == Command::kDevices ||
         c == Command::kDoctor || c == Command::kConfig || c == Command::kVocab;
}

}  // namespace

util::Result<ParsedArgs> parse_args(int argc, const char* const* argv) {
  CLI::App top{"", "dsasr"};
  // Help is built from the option table (help.cpp), so CLI11's own flag is off everywhere.
  top.set_help_flag();
  top.allow_extras();
  top.require_subcommand(0, 1);

  std::vector<Registered> apps;
  apps.push_back({&top, Command::kNone, {}});
  std::vector<std::string> inputs;
  std::string help_topic;
  std::string shell;
  for (const CommandSpec& c : all_commands()) {
    CLI::App* sub = top.add_subcommand(std::string(c.name), std::string(c.summary));
    sub->set_help_flag();
    // Unknown options are collected and reported by unknown_option(), not by CLI11.
    sub->allow_extras();
    if (c.command == Command::kFile) sub->add_option("INPUT", inputs);
    if (c.command == Command::kVocab) sub->add_option("ARGS", inputs);
    if (c.command == Command::kHelp) sub->add_option("COMMAND", help_topic);
    if (c.command == Command::kCompletion) sub->add_option("SHELL", shell);
    apps.push_back({sub, c.command, {}});
  }
  for (Registered& r : apps) add_options(r);

  // Everything after the first "--" is an operand. CLI11 2.1 sends operands after "--" to the
  // top-level app once the subcommand's positional has values, so they are split off here.
  int option_argc = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") {
      option_argc = i;
      break;
    }
  }
  // --name of an option whose value may be left out ("[=MS]") reaches CLI11 as --name=<kNoValue>,
  // so that the word after it is never taken as its value (dsasr file --skip-silence talk.wav);
  // the value is empty again below.
  std::vector<std::string> words(argv, argv + option_argc);
  for (std::string& w : words) {
    for (const OptionSpec& spec : all_options()) {
      if (spec.value_optional() && w == spec.long_flag()) w += std::string("=") + kNoValue;
    }
  }
  std::vector<const char*> word_ptrs;
  for (const std::string& w : words) word_ptrs.push_back(w.c_str());
  try {
    top.parse(option_argc, word_ptrs.data());
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }

  const Registered* used = &apps.front();
  for (const Registered& r : apps) {
    if (r.command != Command::kNone && r.app->parsed()) used = &r;
  }

  ParsedArgs out;
  out.command = used->command;
  for (const Registered& r : apps) {
    for (const auto& [id, opt] : r.options) {
      for (std::size_t i = 0; i < opt->count(); ++i) {
        const std::string& value = option(id).is_flag() ? std::string() : opt->results()[i];
        out.add(id, value == kNoValue ? std::string() : value);
      }
    }
  }

  // Leftovers: unknown options, or an unknown command at the top level.
  for (const Registered& r : apps) {
    for (const std::string& arg : r.app->remaining()) {
      if (arg.size() > 1 && arg[0] == '-') return unknown_option(arg, r.command);
      if (r.command == Command::kNone) {
        std::vector<std::string_view> names;
        for (const CommandSpec& c : all_commands()) names.push_back(c.name);
        std::string near = closest_match(arg, names);
        return usage_error("unknown command '" + arg + "'" +
                               (near.empty() ? std::string() : " (did you mean " + near + "?)"),
                           "run 'dsasr --help' for the list of commands");
      }
      return usage_error("unexpected argument '" + arg + "'");
    }
  }
  for (int i = option_argc + 1; i < argc; ++i) {
    if (out.command != Command::kFile && out.command != Command::kVocab) {
      return usage_error("unexpected argument '" + std::string(argv[i]) + "'");
    }
    inputs.emplace_back(argv[i]);
  }
  out.inputs = std::move(inputs);
  out.help_topic = std::move(help_topic);
  out.shell = std::move(shell);
  return out;
}

util::Result<Config> parse(int argc, const char* const* argv, const Environment& env,
                           std::string* text_out) {
  std::string discard;
  std::string& text = text_out ? *text_out : discard;
  text.clear();

  auto args = parse_args(argc, argv);
  if (!args) return args.error();

  // --help wins over --version, and both over everything else.
  if (args->has(OptionId::kHelp) || args->command == Command::kHelp) {
    Command topic = args->command;
    if (args->command == Command::kHelp && !args->help_topic.empty()) {
      const CommandSpec* spec = find_command(args->help_topic);
      if (!spec) {
        return usage_error("no such command: '" + args->help_topic + "'",
                           "run 'dsasr --help' for the list of commands");
      }
      topic = spec->command;
    } else if (args->command == Command::kHelp) {
      topic = Command::kNone;
    }
    text = help_text(topic);
    Config c;
    c.command = Command::kHelp;
    return c;
  }
  if (args->has(OptionId::kVersion)) {
    text = version_text();
    Config c;
    c.command = Command::kVersion;
    return c;
  }

  if (args->command == Command::kCompletion) {
    auto shell = shell_named(args->shell);
    if (!shell) {
      return usage_error(args->shell.empty() ? "completion: which shell?"
                                             : "completion: unknown shell '" + args->shell + "'",
                         "dsasr completion bash, zsh or fish");
    }
    text = completion_script(*shell);
    Config c;
    c.command = Command::kCompletion;
    return c;
  }

  // The configuration file and its profile, under the environment and the command line.
  std::optional<Layered> layered;
  if (reads_configuration(args->command)) {
    auto l = layer_settings(*args, env);
    if (!l) return l.error();
    layered = std::move(*l);
    if (args->command == Command::kConfig) {
      text = settings_report(*layered, env);
      Config c;
      c.command = Command::kConfig;
      return c;
    }
  }
  auto config = resolve(layered ? layered->args : *args, env);
  if (!config) return layered ? with_origin(config.error(), *layered) : config.error();
  if (layered) note_origins(*config, *layered);
  if (config->command == Command::kModels) {
    text = config->models_json ? models_json() : models_text();
  }
  return config;
}

}  // namespace dsasr::cli
