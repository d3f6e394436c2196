#include "output/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dsasr::output {

namespace {

util::Error output_error(const std::string& what, const std::string& path, int err) {
  return util::Error(util::ErrorKind::kOutput, what + " " + path + ": " + std::strerror(err));
}

}  // namespace

util::Status make_directories(const std::string& dir) {
  if (dir.empty()) return {};
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    const std::string partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST) {
      return output_error("cannot create the directory", partial, errno);
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return util::Error(util::ErrorKind::kOutput, dir + " is not a directory");
  }
  return {};
}

std::string OutputFile::temporary_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + ".dsasr-part";
}

util::Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path, bool atomic,
                                                           bool make_parents) {
  if (make_parents) {
    const std::size_t slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      if (auto made = make_directories(path.substr(0, slash)); !made) return made.error();
    }
  }
  const std::string writing = atomic ? temporary_name(path) : path;
  const int fd = ::open(writing.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return output_error("cannot write", path, errno);
  return std::unique_ptr<OutputFile>(new OutputFile(fd, path, writing, atomic));
}

OutputFile::OutputFile(int fd, std::string path, std::string writing_path, bool atomic)
    : fd_(fd),
      path_(std::move(path)),
      writing_path_(std::move(writing_path)),
      atomic_(atomic),
      sink_(fd, path_, /*quiet_epipe=*/false) {}

OutputFile::~OutputFile() {
  if (!ended_) abandon();
}

util::Status OutputFile::commit() {
  if (ended_) return {};
  ended_ = true;
  const int closed = ::close(fd_);
  const int close_errno = errno;
  std::optional<util::Error> error = sink_.failure();
  if (!error && closed != 0) error = output_error("cannot write", path_, close_errno);
  if (!error && atomic_ && ::rename(writing_path_.c_str(), path_.c_str()) != 0) {
    error = output_error("cannot rename the finished output to", path_, errno);
  }
  if (error) {
    if (atomic_) ::unlink(writing_path_.c_str());
    return *error;
  }
  return {};
}

void OutputFile::abandon() {
  if (ended_) return;
  ended_ = true;
  ::close(fd_);
  if (atomic_) ::unlink(writing_path_.c_str());
}

}  // namespace dsasr::output
