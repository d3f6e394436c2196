#include "cli/completion.h"

#include <catch2/catch.hpp>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "cli/option_values.h"
#include "fake_environment.h"
#include "protocol/models.h"

namespace dsasr::cli {
namespace {

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// The bash `case $cmd` branch of one command.
std::string bash_branch(const std::string& script, const std::string& command) {
  const std::size_t at = script.find("\n    " + command + ")\n");
  REQUIRE(at != std::string::npos);
  return script.substr(at, script.find(";;", at) - at);
}

TEST_CASE("shells by name", "[completion]") {
  CHECK(shell_named("bash") == Shell::kBash);
  CHECK(shell_named("zsh") == Shell::kZsh);
  CHECK(shell_named("fish") == Shell::kFish);
  CHECK_FALSE(shell_named("tcsh"));
  for (std::string_view s : completion_shells()) CHECK(shell_named(s));
}

TEST_CASE("bash: every command with its options and no others", "[completion]") {
  const std::string bash = completion_script(Shell::kBash);
  CHECK(has(bash, "complete -F _dsasr dsasr\n"));
  for (const CommandSpec& c : all_commands()) {
    INFO(c.name);
    const std::string branch = bash_branch(bash, std::string(c.name));
    // The words of its option list: "compgen -W '-h --help ...'".
    const std::size_t from = branch.find("compgen -W '") + 12;
    const std::string words = " " + branch.substr(from, branch.find('\'', from) - from) + " ";
    for (const OptionSpec& s : all_options()) {
      INFO(s.long_name);
      const bool takes =
          s.applies_to(c.command) || s.id == OptionId::kHelp || s.id == OptionId::kVersion;
      CHECK(has(words, " " + s.long_flag() + " ") == takes);
    }
  }
  CHECK(has(bash_branch(bash, "file"), "compgen -f"));
  CHECK_FALSE(has(bash_branch(bash, "mic"), "compgen -f"));
  CHECK(has(bash_branch(bash, "completion"), "'bash zsh fish'"));
}

TEST_CASE("values of enumerated options and model names and paths", "[completion]") {
  const std::string bash = completion_script(Shell::kBash);
  CHECK(has(bash,
            "    -f|--format)\n      mapfile -t COMPREPLY < <(compgen -W 'text jsonl srt vtt'"));
  CHECK(has(bash, "    --speed)\n      mapfile -t COMPREPLY < <(compgen -W 'auto realtime max'"));
  CHECK(has(bash,
            "    --output-dir)\n      compopt -o filenames 2>/dev/null; mapfile -t "
            "COMPREPLY < <(compgen -d"));
  CHECK(has(bash,
            "    --api-key-file)\n      compopt -o filenames 2>/dev/null; mapfile -t "
            "COMPREPLY < <(compgen -f"));
  for (const protocol::Model& m : protocol::all_models()) CHECK(has(bash, std::string(m.name)));
  const std::string zsh = completion_script(Shell::kZsh);
  CHECK(zsh.rfind("#compdef dsasr\n", 0) == 0);
  CHECK(has(zsh,
            "'-f+[text (default), jsonl, srt or vtt; with --output-dir a list such as "
            "srt,vtt,jsonl]:FORMAT:(text jsonl srt vtt)'"));
  CHECK(has(zsh,
            "'--output-dir=[write one INPUT-STEM.EXT per input and format into DIR "
            "(created when missing)]:DIR:_files -/'"));
  CHECK(has(zsh, "'*--param=["));
  CHECK(has(zsh, "'*:input:_files'"));
  const std::string fish = completion_script(Shell::kFish);
  CHECK(has(fish,
            "complete -c dsasr -n '__fish_seen_subcommand_from file' -s f -l format -x -a "
            "'text jsonl srt vtt'"));
  CHECK(has(fish, "complete -c dsasr -n '__fish_seen_subcommand_from file' -l api-key-file -r -F"));
  CHECK(has(fish, "complete -c dsasr -n __fish_use_subcommand -a doctor -d "));
}

TEST_CASE("quotes in help texts are escaped for each shell", "[completion]") {
  // --raw's help has double quotes, `file`'s summary a single quote.
  CHECK(
      has(completion_script(Shell::kZsh), "'file:transcribe audio files; INPUT '\\''-'\\'' reads"));
  CHECK(has(completion_script(Shell::kFish),
            "-a file -d 'transcribe audio files; INPUT \\'-\\' reads"));
}

TEST_CASE("every choice completion offers is accepted by resolution", "[completion]") {
  testing::FakeEnvironment env;
  for (const OptionSpec& s : all_options()) {
    const OptionValues v = option_values(s);
    if (v.kind != ValueKind::kChoice) continue;
    for (std::string_view choice : v.choices) {
      INFO(s.long_flag() << " " << choice);
      auto c = testing::parse_command_line(
          {s.applies_to(Command::kFile) ? "file" : "mic", s.long_flag(), std::string(choice),
           "--translate-to", "en", "-m", "gummy-realtime-v1", "a.wav"},
          env);
      // Any refusal must be about something else than this value.
      if (!c.ok()) CHECK_FALSE(has(c.error().message, "'" + std::string(choice) + "'"));
    }
  }
}

TEST_CASE("dsasr completion SHELL prints the script; a wrong or missing shell is an error",
          "[completion]") {
  testing::FakeEnvironment env;
  std::string text;
  auto c = testing::parse_command_line({"completion", "zsh"}, env, &text);
  REQUIRE(c.ok());
  CHECK(c->command == Command::kCompletion);
  CHECK(text == completion_script(Shell::kZsh));
  auto bad = testing::parse_command_line({"completion", "tcsh"}, env);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "completion: unknown shell 'tcsh'");
  auto none = testing::parse_command_line({"completion"}, env);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message == "completion: which shell?");
}

}  // namespace
}  // namespace dsasr::cli
