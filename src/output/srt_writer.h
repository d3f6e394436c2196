// SubRip captions. Each final sentence becomes one or more cues (captions.h), placed on one
// CueTimeline and written at once, one record per cue:
//   "<n>\n<HH:MM:SS,mmm> --> <HH:MM:SS,mmm>\n<line>\n...<line>\n\n"
// numbered from 1. Every record ends a cue, so a file cut off after any record is valid; an
// input without speech gives an empty file. Partials, errors and stats write nothing.
#pragma once

#include "output/writer.h"

namespace dsasr::output {

class SrtWriter final : public Writer {
 public:
  SrtWriter(const WriterOptions& options, Sink& sink);

  void partial(const protocol::Sentence& sentence, const std::string& task_id) override;
  void final(const protocol::Sentence& sentence, const std::string& task_id) override;
  void error(const std::string& code, const std::string& message, int exit_code) override;
  void stats(const Stats& stats) override;
  void finish() override;

 private:
  Sink& sink_;
  CaptionOptions captions_;
  CaptionLanguages languages_;
  CueTimeline timeline_;
  int64_t next_number_ = 1;
};

}  // namespace dsasr::output
