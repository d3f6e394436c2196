#include "cli/help.h"

#include <catch2/catch.hpp>

#include <sstream>

#include "cli/option_table.h"

namespace dsasr::cli {
namespace {

TEST_CASE("a command's help lists every option of the command, and only those", "[help]") {
  for (Command c :
       {Command::kNone, Command::kFile, Command::kMic, Command::kDevices, Command::kModels}) {
    std::string text = help_text(c);
    for (const OptionSpec& s : all_options()) {
      INFO(static_cast<int>(c) << " " << s.long_name);
      // "--model NAME" or "--insecure" followed by padding or a line end.
      std::string label = s.long_flag() + s.value_label();
      bool listed = text.find(label + " ") != std::string::npos ||
                    text.find(label + "\n") != std::string::npos;
      CHECK(listed == s.applies_to(c));
      if (listed && s.short_name) {
        CHECK(text.find(std::string("-") + s.short_name + ", " + s.long_flag()) !=
              std::string::npos);
      }
      if (listed && !s.env.empty()) {
        CHECK(text.find("[env: " + std::string(s.env) + "]") != std::string::npos);
      }
    }
  }
}

TEST_CASE("help is grouped under the group titles, in order", "[help]") {
  std::string text = help_text(Command::kFile);
  std::size_t pos = 0;
  for (Group g : {Group::kGeneral, Group::kService, Group::kRecognition, Group::kOutput,
                  Group::kPacing, Group::kInput, Group::kCost, Group::kDiagnostics}) {
    std::size_t at = text.find("\n" + std::string(group_title(g)) + ":\n");
    INFO(group_title(g));
    REQUIRE(at != std::string::npos);
    CHECK(at > pos);
    pos = at;
  }
  CHECK(text.find("--model NAME") > text.find("Service and credentials:"));
  CHECK(text.find("--model NAME") < text.find("Recognition:"));
}

TEST_CASE("help lines fit in 100 columns", "[help]") {
  for (Command c : {Command::kNone, Command::kFile, Command::kMic, Command::kDevices,
                    Command::kModels, Command::kHelp}) {
    std::istringstream in(help_text(c));
    std::string line;
    while (std::getline(in, line)) {
      INFO(line);
      CHECK(line.size() <= 100);
    }
  }
}

TEST_CASE("the top-level help lists the commands", "[help]") {
  std::string text = help_text(Command::kNone);
  CHECK(text.find("\n  file    ") != std::string::npos);
  CHECK(text.find("\n  models  ") != std::string::npos);
  CHECK(text.find("\n  help    ") != std::string::npos);
  CHECK(text.find("\n  mic     ") != std::string::npos);
  CHECK(text.find("\n  devices  ") != std::string::npos);
}

TEST_CASE("mic and devices help", "[help]") {
  CHECK_THAT(help_text(Command::kMic), Catch::StartsWith("Usage: dsasr mic [OPTIONS]\n"));
  CHECK_THAT(help_text(Command::kMic), Catch::Contains("-d, --device NAME|INDEX"));
  CHECK_THAT(help_text(Command::kDevices), Catch::StartsWith("Usage: dsasr devices [OPTIONS]\n"));
  CHECK(help_text(Command::kDevices).find("Recognition:") == std::string::npos);
}

TEST_CASE("wrap breaks at spaces and indents continuation lines", "[help]") {
  CHECK(wrap("aaa bbb ccc", 7, 2) == "aaa bbb\n  ccc");
  CHECK(wrap("averyveryverylongword x", 5, 0) == "averyveryverylongword\nx");
  CHECK(wrap("", 10, 0).empty());
  CHECK(wrap("aaa [env:\x1fNAME]", 9, 0) == "aaa\n[env: NAME]");
}

TEST_CASE("version text", "[help]") {
  CHECK_THAT(version_text(), Catch::Matches("dsasr \\d+\\.\\d+\\.\\d+\n"));
}

}  // namespace
}  // namespace dsasr::cli
