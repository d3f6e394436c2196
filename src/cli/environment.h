// The side effects option resolution needs — environment variables, small files, the home
// directory, whether a path exists — behind one interface so tests can fake them.
// system_environment() is the real one. Implementations are read-only and may be called from
// any thread.
#pragma once

#include <optional>
#include <string>

#include "util/result.h"

namespace dsasr::cli {

enum class PathKind { kMissing, kFile, kDirectory, kOther };

class Environment {
 public:
  virtual ~Environment() = default;

  // The variable's value, or nullopt when it is unset.
  virtual std::optional<std::string> get(const std::string& name) const = 0;
  // The whole content of a small file (at most 1 MiB). On failure the error's message is only
  // the reason ("No such file or directory"); the caller names the file.
  virtual util::Result<std::string> read_file(const std::string& path) const = 0;
  // The user's home directory ($HOME, else the password database), or nullopt.
  virtual std::optional<std::string> home_dir() const = 0;
  // What is at `path` (following symbolic links).
  virtual PathKind path_kind(const std::string& path) const = 0;
};

// The process's real environment and file system.
const Environment& system_environment();

}  // namespace dsasr::cli
