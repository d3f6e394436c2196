// StreamReader: reads bytes from a file descriptor (stdin, a pipe, a file) in a way another thread
// can interrupt, and lets the opener push back the bytes it peeked at. Internal to audio/.
//
// Threads: read_some/read_full/unread on one thread at a time; interrupt() and cancel_fd() from
// any.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/result.h"

namespace dsasr::audio {

class StreamReader {
 public:
  // Takes ownership of fd only if owns_fd. `name` is the input's name for error messages.
  // Fails (kInternal) only if the interrupt eventfd cannot be created.
  static util::Result<std::unique_ptr<StreamReader>> create(int fd, bool owns_fd, std::string name);
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  // Up to n bytes; 0 at end of input or once interrupted. Waits for data on streams.
  util::Result<size_t> read_some(uint8_t* out, size_t n);
  // Up to n bytes, fewer only at end of input or on interrupt.
  util::Result<size_t> read_full(uint8_t* out, size_t n);
  // The next reads return these bytes first (used after peeking at a header).
  void unread(const uint8_t* bytes, size_t n);

  void interrupt();
  bool interrupted() const;
  // Readable once interrupt() has been called; others poll it next to their own descriptors.
  int cancel_fd() const { return cancel_fd_; }
  const std::string& name() const { return name_; }

 private:
  StreamReader(int fd, bool owns_fd, int cancel_fd, std::string name);

  int fd_;
  bool owns_fd_;
  int cancel_fd_;  // eventfd
  std::string name_;
  std::vector<uint8_t> pushed_back_;
  size_t pushed_back_pos_ = 0;
};

// "<name>: cannot read: <strerror(errno_value)>"
util::Error read_error(const std::string& name, int errno_value);

}  // namespace dsasr::audio
