#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "audio/raw_source.h"
#include "audio/sndfile_source.h"
#include "audio/source.h"
#include "audio/stdin_source.h"

namespace dsasr::audio {

namespace {

util::Error input_error(const std::string& name, const std::string& what) {
  return util::input_error(name, util::ErrorKind::kInput, what);
}

util::Error open_error(const std::string& path, int errno_value) {
  switch (errno_value) {
    case ENOENT:
      return input_error(path, "no such file");
    case EACCES:
    case EPERM:
      return input_error(path, "permission denied");
    case EISDIR:
      return input_error(path, "is a directory");
    default:
      return input_error(path, std::string("cannot open: ") + std::strerror(errno_value));
  }
}

}  // namespace

util::Result<std::unique_ptr<Source>> open_source(const std::string& path_or_dash,
                                                  const RawFormat* raw) {
  if (path_or_dash == "-") return open_stream_source(STDIN_FILENO, "stdin", raw);
  const std::string& path = path_or_dash;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return open_error(path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int saved = errno;
    ::close(fd);
    return open_error(path, saved);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return open_error(path, EISDIR);
  }
  if (!S_ISREG(st.st_mode)) {
    // A pipe or device (/dev/stdin, a FIFO, bash's <(cmd)) cannot seek: read it as a stream.
    auto reader = StreamReader::create(fd, true, path);
    if (!reader) return reader.error();
    return open_stream(std::move(reader.value()), raw);
  }
  if (st.st_size == 0) {
    ::close(fd);
    return input_error(path, "empty input");
  }
  if (raw != nullptr) {
    auto reader = StreamReader::create(fd, true, path);
    if (!reader) return reader.error();
    return open_raw_source(std::move(reader.value()), *raw, true);
  }
  return open_sndfile_file(fd, path);
}

}  // namespace dsasr::audio
