// JSON lines: one object per record, each a whole line written at once; `dsasr schema`
// (jsonl_schema.h) is the contract. Members, in this order (optional ones omitted when absent):
//   final:   {"type":"final","input":S,"sentence_id":N,"begin_ms":N,"end_ms":N,"text":S,
//             "words":[{"begin_ms":N,"end_ms":N,"text":S,"punct":S,"fixed":B,"speaker_id":J}]
//             (with options.words),"translations":{"en":S} (when non-empty),"language":S,
//             "emotion":S,"emotion_confidence":N,"service_sentence_id":N,"stash":S,
//             "speaker_id":J,"vad_pre_end":B,"pre_end_failed":B,"pre_end_timemillis":N,
//             "pre_end_start_time":N,"pre_end_end_time":N,"billed_seconds":N,"task_id":S,
//             "raw":{...} (the service's message, with --raw)}
//   partial: as final with "type":"partial" and no "end_ms" (only with options.partials)
//   gap: {"type":"gap","input":S,"begin_ms":N,"end_ms":N,"duration_ms":N,"reason":"buffer_full"}
//   error:   {"type":"error","input":S,"code":S,"message":S,"exit_code":N}
//   stats:   {"type":"stats","input":S,"task_ids":[S],"audio_ms":N,"billed_seconds":N,
//             "first_package_delay_ms":N,"last_package_delay_ms":N,"reconnects":N}
// A translation-only sentence (Gummy without transcription) has its translation as "text" as
// well as in "translations" (languages.h).
// Strings are valid UTF-8 JSON (invalid bytes become U+FFFD; non-ASCII is not \u-escaped).
// billed_seconds is an integer when whole, else a decimal with up to 3 places.
#pragma once

#include "output/writer.h"

namespace dsasr::output {

class JsonlWriter final : public Writer {
 public:
  JsonlWriter(const WriterOptions& options, Sink& sink);

  void partial(const protocol::Sentence& sentence, const std::string& task_id) override;
  void final(const protocol::Sentence& sentence, const std::string& task_id) override;
  void gap(int64_t begin_ms, int64_t end_ms) override;
  void error(const std::string& code, const std::string& message, int exit_code) override;
  void part_failed(int segment, int64_t begin_ms, int64_t end_ms, const std::string& code,
                   const std::string& message, int exit_code) override;
  void stats(const Stats& stats) override;
  void finish() override;

 private:
  void write_sentence(const char* type, const protocol::Sentence& sentence,
                      const std::optional<int64_t>& end_ms, const std::string& task_id);
  std::string begin_record(const char* type) const;

  Sink& sink_;
  std::string input_;
  std::string source_;
  bool partials_;
  bool words_;
};

}  // namespace dsasr::output
