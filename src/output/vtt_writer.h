// WebVTT captions. "WEBVTT\n\n" is written at construction, so an input without speech still
// gives a valid file. Then, as for SRT (srt_writer.h), one record per cue, numbered from 1:
//   "<n>\n<HH:MM:SS.mmm> --> <HH:MM:SS.mmm>\n<line>\n...<line>\n\n"
// with "&", "<" and ">" in the text escaped as &amp; &lt; &gt; (cue text is markup in WebVTT, and
// "-->" must never appear in it). Partials, errors and stats write nothing.
#pragma once

#include "output/writer.h"

namespace dsasr::output {

class VttWriter final : public Writer {
 public:
  VttWriter(const WriterOptions& options, Sink& sink);

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
