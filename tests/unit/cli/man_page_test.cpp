// man/dsasr.1 must document every option in the table, under the same group headings as --help,
// and be clean groff.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/option_table.h"

namespace dsasr::cli {
namespace {

std::string read_man_page() {
  std::ifstream in(DSASR_SOURCE_DIR "/man/dsasr.1");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// groff writes a literal hyphen-minus as "\-".
std::string groff_flag(const std::string& flag) {
  std::string out;
  for (char c : flag) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

TEST_CASE("the man page documents every option in its --help group", "[man_page]") {
  const std::string man = read_man_page();
  const std::size_t options_at = man.find("\n.SH OPTIONS\n");
  REQUIRE(options_at != std::string::npos);
  const std::size_t options_end = man.find("\n.SH ", options_at + 1);
  for (const OptionSpec& s : all_options()) {
    INFO(s.long_flag());
    const std::string heading = "\n.SS \"" + std::string(group_title(s.group)) + "\"\n";
    const std::size_t section = man.find(heading, options_at);
    REQUIRE(section != std::string::npos);
    REQUIRE(section < options_end);
    std::size_t section_end =
        std::min(man.find("\n.SS ", section + 1), man.find("\n.SH ", section + 1));
    // The option's entry: ".TP" then a line starting with its bold names.
    std::string entry = "\\fB" + groff_flag(s.long_flag()) + "\\fR";
    if (s.short_name) {
      entry = "\\fB\\-" + std::string(1, s.short_name) + "\\fR, " + entry;
    }
    const std::size_t at = man.find(".TP\n" + entry, section);
    CHECK(at != std::string::npos);
    CHECK(at < section_end);
    if (s.value_optional()) {
      // "[=MS]" is written \fB--name\fR[=\fIMS\fR].
      const std::string inner(s.value_name.substr(2, s.value_name.size() - 3));
      CHECK(man.find(".TP\n" + entry + "[=\\fI" + inner + "\\fR]\n", section) == at);
    } else if (!s.is_flag()) {
      CHECK(man.find(".TP\n" + entry + " \\fI" + std::string(s.value_name) + "\\fR\n", section) ==
            at);
    }
  }
}

TEST_CASE("the man page documents the environment and exit statuses", "[man_page]") {
  const std::string man = read_man_page();
  for (const char* name : {"DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY_FILE_PATH",
                           "DASHSCOPE_WEBSOCKET_BASE_URL", "SSL_CERT_FILE", "NO_COLOR"}) {
    INFO(name);
    CHECK(man.find(".B " + std::string(name) + "\n") != std::string::npos);
  }
  for (const char* status : {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "130"}) {
    INFO(status);
    CHECK(man.find(".TP\n.B " + std::string(status) + "\n") != std::string::npos);
  }
}

TEST_CASE("groff finds nothing to warn about in the man page", "[man_page]") {
  if (std::system("command -v groff >/dev/null 2>&1") != 0) {
    WARN("groff is not installed; skipping the groff check");
    return;
  }
  const std::string command = "groff -man -ww -z '" DSASR_SOURCE_DIR "/man/dsasr.1' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe)) output += buf;
  int status = ::pclose(pipe);
  CHECK(output.empty());
  CHECK(status == 0);
}

}  // namespace
}  // namespace dsasr::cli
