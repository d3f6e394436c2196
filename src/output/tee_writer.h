// TeeWriter: one input's events fed to several writers at once (-o a.srt -o a.jsonl, or
// --output-dir with -f srt,vtt,jsonl), in the order given, each writing its own sink. Every
// writer sees exactly the same calls, so all outputs of a run are consistent and live.
// Threads: as Writer (the lws service thread only).
#pragma once

#include <memory>
#include <vector>

#include "output/writer.h"

namespace dsasr::output {

class TeeWriter final : public Writer {
 public:
  explicit TeeWriter(std::vector<std::unique_ptr<Writer>> writers) : writers_(std::move(writers)) {}

  void partial(const protocol::Sentence& sentence, const std::string& task_id) override;
  void final(const protocol::Sentence& sentence, const std::string& task_id) override;
  void error(const std::string& code, const std::string& message, int exit_code) override;
  void part_failed(int segment, int64_t begin_ms, int64_t end_ms, const std::string& code,
                   const std::string& message, int exit_code) override;
  void gap(int64_t begin_ms, int64_t end_ms) override;
  void stats(const Stats& stats) override;
  void finish() override;

 private:
  std::vector<std::unique_ptr<Writer>> writers_;
};

}  // namespace dsasr::output
