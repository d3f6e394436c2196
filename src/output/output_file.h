// OutputFile: one output file of one input, written record by record through an FdSink, and
// "complete or absent" when asked to be atomic.
//
// Atomic (batch outputs, --output-dir): the records go to a hidden temporary file beside the final
// name (".NAME.dsasr-part"), which commit() closes and renames to NAME; abandon() removes it. So a
// file exists under its final name only when its input finished, and an interrupted run (even
// kill -9) leaves at most a temporary file, which the next run truncates and reuses.
// Live (a single -o FILE): the records go straight to FILE, so `tail -f` follows them; commit()
// and abandon() only close it (a failed input leaves what was written).
//
// Every failure — open, write, close, rename — is a kOutput error naming the final path.
// Threads: one thread (the lws service thread).
#pragma once

#include <memory>
#include <string>

#include "output/sink.h"
#include "util/result.h"

namespace dsasr::output {

class OutputFile {
 public:
  // Creates missing parent directories of `path` when `make_parents` is true.
  static util::Result<std::unique_ptr<OutputFile>> open(const std::string& path, bool atomic,
                                                        bool make_parents);
  ~OutputFile();  // abandons an output that was neither committed nor abandoned

  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  FdSink& sink() { return sink_; }
  const std::string& path() const { return path_; }
  // Where the records are being written now: the temporary name, or the final one.
  const std::string& writing_path() const { return writing_path_; }

  // Closes the file and, when atomic, renames it to its final name. Fails if any write failed.
  util::Status commit();
  // Closes the file and, when atomic, removes it. Never fails.
  void abandon();

  // The hidden temporary name used for `path` when atomic.
  static std::string temporary_name(const std::string& path);

 private:
  OutputFile(int fd, std::string path, std::string writing_path, bool atomic);

  int fd_;
  std::string path_;
  std::string writing_path_;
  bool atomic_;
  bool ended_ = false;
  FdSink sink_;
};

// mkdir -p: creates `dir` and its missing parents. kOutput error naming the first that fails.
util::Status make_directories(const std::string& dir);

}  // namespace dsasr::output
