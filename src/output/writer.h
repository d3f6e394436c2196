// Writers turn one input's recognition results into output records on a Sink. The session calls
// them with protocol-neutral sentences (times already on the input's own timeline); writers never
// learn which protocol family produced a result.
//
// Threads: every method is called on the lws service thread only, as is the Sink.
// Lifetime: one Writer per input; several writers (-j N) may share one Sink, which must outlive
// them. After finish() the writer is not called again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/captions.h"
#include "output/format.h"
#include "output/languages.h"
#include "output/sink.h"
#include "protocol/events.h"

namespace dsasr::output {

struct Cost {
  double amount = 0.0;
  std::string currency;
};

// --parallel: one part of the input, where it lies and the tasks that transcribed it.
struct SegmentStats {
  int segment = 0;
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  std::vector<std::string> task_ids;
};

// What --stats reports for one input. Optional members are omitted from output when unknown.
struct Stats {
  std::vector<std::string> task_ids;  // one per task/session, reconnects included, in order
  int64_t audio_ms = 0;               // the input's audio (read, sent or not)
  int64_t sent_audio_ms = 0;          // audio sent to the service, resends after a drop included
  int64_t skipped_ms = 0;             // --skip-silence: audio never sent
  std::optional<double> billed_seconds;
  std::optional<int64_t> first_package_delay_ms;  // as the official SDKs define them
  std::optional<int64_t> last_package_delay_ms;
  // Qwen-Omni: the usage tokens of every answer, summed (absent when the service sent none).
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
  int reconnects = 0;
  // billed seconds (or, when the service gave none, sent seconds) x the price per second.
  std::optional<Cost> estimated_cost;
  // --parallel: the parts, in order (the figures above are their sums); empty otherwise.
  std::vector<SegmentStats> segments;
};

struct WriterOptions {
  Format format = Format::kText;
  bool partials = false;       // jsonl: write "type":"partial" records
  bool live_partials = false;  // text: redraw partials in place; app sets it only for a terminal
  int terminal_columns = 80;   // text with live_partials; values below 2 act as 80
  bool words = false;          // jsonl: include "words"
  std::string input;           // jsonl "input": the path, "-" for stdin, "mic"
  std::string source;          // jsonl "source" when not empty: "mic" or "system" (--with-system)
  std::string text_prefix;     // text: before every line, e.g. "meeting.wav: " ("" for one input)
  // text: each final line (and its translations) starts "[HH:MM:SS.mmm --> HH:MM:SS.mmm] "
  bool timestamps = false;
  CaptionOptions captions;  // srt, vtt
  // text, srt, vtt: which languages of a translated sentence to show (languages.h); jsonl
  // always writes both.
  CaptionLanguages languages = CaptionLanguages::kBoth;
};

class Writer {
 public:
  virtual ~Writer() = default;

  // An interim result of the sentence being recognised (replaces the previous partial).
  virtual void partial(const protocol::Sentence& sentence, const std::string& task_id) = 0;
  // A final sentence. A missing end_ms is taken as the last word's end, else begin_ms.
  virtual void final(const protocol::Sentence& sentence, const std::string& task_id) = 0;
  // This input failed: `code` is the service's code (or dsasr's), `exit_code` the process exit
  // status it maps to. Only jsonl writes a record; app/ prints the stderr line for all formats.
  virtual void error(const std::string& code, const std::string& message, int exit_code) = 0;
  // --parallel: part `segment` of this input failed after its retries, so [begin_ms, end_ms) of
  // the input has no results (the other parts' results are written). Only jsonl writes a record:
  // an error record with the part and the range.
  virtual void part_failed(int segment, int64_t begin_ms, int64_t end_ms, const std::string& code,
                           const std::string& message, int exit_code) {
    (void)segment;
    (void)begin_ms;
    (void)end_ms;
    error(code, message, exit_code);
  }
  // Audio of this input that no result can cover: [begin_ms, end_ms) on the input's timeline was
  // dropped (a microphone's buffer overflowed while the service was unreachable). Only jsonl
  // writes a record; app/ prints the stderr line for all formats.
  virtual void gap(int64_t begin_ms, int64_t end_ms) {
    (void)begin_ms;
    (void)end_ms;
  }
  // --stats for this input. Only jsonl writes a record; app/ prints the stderr summary.
  virtual void stats(const Stats& stats) = 0;
  // End of this input: clears a live partial line, writes nothing else.
  virtual void finish() = 0;
};

// The writer for options.format, writing to `sink`. A VTT writer writes its header at once, so
// an input without speech still gives a valid (header-only) file.
std::unique_ptr<Writer> make_writer(const WriterOptions& options, Sink& sink);

}  // namespace dsasr::output
