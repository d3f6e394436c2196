#include "cli/help.h"

#include <algorithm>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "version.h"

namespace dsasr::cli {

namespace {

constexpr std::size_t kWidth = 100;
constexpr std::size_t kMaxOptionColumn = 32;
constexpr char kNoBreak = '\x1f';

// "  -m, --model NAME" / "      --insecure"
std::string option_label(const OptionSpec& spec) {
  std::string out = spec.short_name ? std::string("  -") + spec.short_name + ", " : "      ";
  out += spec.long_flag();
  out += spec.value_label();
  return out;
}

std::string option_help(const OptionSpec& spec) {
  std::string out(spec.help);
  // kNoBreak keeps "[env: NAME]" on one line; wrap() turns it back into a space.
  if (!spec.env.empty()) out += " [env:" + std::string(1, kNoBreak) + std::string(spec.env) + "]";
  return out;
}

std::string options_section(uint32_t bit) {
  std::vector<const OptionSpec*> specs;
  for (const OptionSpec& s : all_options()) {
    if (s.commands & bit) specs.push_back(&s);
  }
  std::size_t column = 0;
  for (const OptionSpec* s : specs) column = std::max(column, option_label(*s).size() + 2);
  column = std::min(column, kMaxOptionColumn);

  std::string out;
  std::optional<Group> group;
  for (const OptionSpec* s : specs) {
    if (group != s->group) {
      group = s->group;
      out += "\n" + std::string(group_title(s->group)) + ":\n";
    }
    std::string label = option_label(*s);
    if (label.size() + 2 > column) {
      out += label + "\n" + std::string(column, ' ');
    } else {
      out += label + std::string(column - label.size(), ' ');
    }
    out += wrap(option_help(*s), kWidth - column, column) + "\n";
  }
  return out;
}

std::string top_level_help() {
  std::string out = "Usage: dsasr COMMAND [OPTIONS] [ARGUMENTS]\n\n";
  out += wrap(
      "Stream audio to Alibaba Cloud DashScope (Model Studio) realtime speech recognition "
      "and print the sentences as they are recognised.",
      kWidth, 0);
  out += "\n\nCommands:\n";
  std::size_t column = 0;
  for (const CommandSpec& c : all_commands()) column = std::max(column, c.name.size() + 4);
  for (const CommandSpec& c : all_commands()) {
    out += "  " + std::string(c.name) + std::string(column - c.name.size() - 2, ' ');
    out += wrap(std::string(c.summary), kWidth - column, column) + "\n";
  }
  out += options_section(kTopLevelBit);
  out += "\nRun 'dsasr help COMMAND' for the options of a command; 'man dsasr' for the details.\n";
  return out;
}

}  // namespace

std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
  std::string out;
  std::size_t line = 0;  // characters on the current line, not counting the indent
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view word(text.data() + pos, end - pos);
    if (!word.empty()) {
      if (line > 0 && line + 1 + word.size() > width) {
        out += "\n" + std::string(indent, ' ');
        line = 0;
      } else if (line > 0) {
        out += ' ';
        ++line;
      }
      std::string shown(word);
      std::replace(shown.begin(), shown.end(), kNoBreak, ' ');
      out += shown;
      line += word.size();
    }
    pos = end + 1;
  }
  return out;
}

std::string version_text() {
  return std::string("dsasr ") + kVersion + "\n";
}

std::string help_text(Command command) {
  const CommandSpec* spec = find_command(command);
  if (!spec) return top_level_help();
  std::string out = "Usage: dsasr " + std::string(spec->name) + " [OPTIONS]";
  if (!spec->arguments.empty()) out += " " + std::string(spec->arguments);
  out += "\n\n" + wrap(std::string(spec->description), kWidth, 0) + "\n";
  uint32_t bit = command_bit(command);
  if (command == Command::kHelp) bit = 0;
  if (bit != 0) {
    out += options_section(bit);
  } else {
    out += "\nOptions:\n";
    for (OptionId id : {OptionId::kHelp, OptionId::kVersion}) {
      std::string label = option_label(option(id));
      out += label + std::string(label.size() < 20 ? 20 - label.size() : 1, ' ') +
             std::string(option(id).help) + "\n";
    }
  }
  return out;
}

}  // namespace dsasr::cli
