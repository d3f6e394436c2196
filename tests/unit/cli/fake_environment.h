// A fake cli::Environment: variables, files and directories held in maps, and a record of the
// files read so tests can assert on what resolution looked at.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/environment.h"
#include "cli/parse.h"

namespace dsasr::cli::testing {

class FakeEnvironment final : public Environment {
 public:
  std::map<std::string, std::string> vars;
  std::map<std::string, std::string> files;       // path -> content
  std::map<std::string, std::string> unreadable;  // path -> reason
  std::set<std::string> directories;
  std::optional<std::string> home = "/home/u";
  mutable std::vector<std::string> reads;

  std::optional<std::string> get(const std::string& name) const override {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
  util::Result<std::string> read_file(const std::string& path) const override {
    reads.push_back(path);
    if (auto it = unreadable.find(path); it != unreadable.end()) {
      return util::Error(util::ErrorKind::kInput, it->second);
    }
    if (auto it = files.find(path); it != files.end()) return it->second;
    if (directories.count(path)) return util::Error(util::ErrorKind::kInput, "is a directory");
    return util::Error(util::ErrorKind::kInput, "No such file or directory");
  }
  std::optional<std::string> home_dir() const override { return home; }
  PathKind path_kind(const std::string& path) const override {
    if (directories.count(path)) return PathKind::kDirectory;
    if (files.count(path) || unreadable.count(path)) return PathKind::kFile;
    return PathKind::kMissing;
  }
};

// Runs cli::parse on {"dsasr", args...}.
inline util::Result<Config> parse_command_line(const std::vector<std::string>& args,
                                               const Environment& env,
                                               std::string* text = nullptr) {
  std::vector<const char*> argv{"dsasr"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  return parse(static_cast<int>(argv.size()), argv.data(), env, text);
}

inline util::Result<ParsedArgs> parse_args_of(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"dsasr"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  return parse_args(static_cast<int>(argv.size()), argv.data());
}

}  // namespace dsasr::cli::testing
