// A fake cli::Environment for the fuzz targets that drive option and configuration resolution:
// variables, files and directories in maps, so no real file system is touched. Single-threaded.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "cli/environment.h"

namespace dsasr::fuzz {

class FakeEnvironment final : public cli::Environment {
 public:
  std::map<std::string, std::string> vars;
  std::map<std::string, std::string> files;
  std::set<std::string> directories;
  std::optional<std::string> home;

  std::optional<std::string> get(const std::string& name) const override {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
  util::Result<std::string> read_file(const std::string& path) const override {
    if (auto it = files.find(path); it != files.end()) return it->second;
    if (directories.count(path)) return util::Error(util::ErrorKind::kInput, "is a directory");
    return util::Error(util::ErrorKind::kInput, "No such file or directory");
  }
  std::optional<std::string> home_dir() const override { return home; }
  cli::PathKind path_kind(const std::string& path) const override {
    if (directories.count(path)) return cli::PathKind::kDirectory;
    if (files.count(path)) return cli::PathKind::kFile;
    return cli::PathKind::kMissing;
  }
};

}  // namespace dsasr::fuzz
