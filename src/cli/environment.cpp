#include "cli/environment.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <vector>

namespace dsasr::cli {

namespace {

constexpr std::streamsize kMaxFileBytes = 1 << 20;

std::string errno_reason(int err) {
  return std::generic_category().message(err);
}

class SystemEnvironment final : public Environment {
 public:
  std::optional<std::string> get(const std::string& name) const override {
    // getenv is safe here: dsasr never modifies its environment after start-up.
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  }

  util::Result<std::string> read_file(const std::string& path) const override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      return util::Error(util::ErrorKind::kInput, errno_reason(errno));
    if (S_ISDIR(st.st_mode)) return util::Error(util::ErrorKind::kInput, "is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) return util::Error(util::ErrorKind::kInput, errno_reason(errno ? errno : EACCES));
    std::string out;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      out.append(buf, static_cast<std::size_t>(in.gcount()));
      if (static_cast<std::streamsize>(out.size()) > kMaxFileBytes) {
        return util::Error(util::ErrorKind::kInput, "larger than 1 MiB");
      }
    }
    if (in.bad()) return util::Error(util::ErrorKind::kInput, "read error");
    return out;
  }

  std::optional<std::string> home_dir() const override {
    if (auto home = get("HOME"); home && !home->empty()) return home;
    // No $HOME (daemons, some containers): ask the password database, reentrantly.
    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
    struct passwd pw {};
    struct passwd* result = nullptr;
    if (::getpwuid_r(::getuid(), &pw, buf.data(), buf.size(), &result) == 0 && result &&
        result->pw_dir && result->pw_dir[0] != '\0') {
      return std::string(result->pw_dir);
    }
    return std::nullopt;
  }

  PathKind path_kind(const std::string& path) const override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return PathKind::kMissing;
    if (S_ISDIR(st.st_mode)) return PathKind::kDirectory;
    if (S_ISREG(st.st_mode)) return PathKind::kFile;
    return PathKind::kOther;
  }
};

}  // namespace

const Environment& system_environment() {
  static const SystemEnvironment env;
  return env;
}

}  // namespace dsasr::cli
