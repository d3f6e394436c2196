// UsageMeter: what --stats reports for one input, counted across its tasks: the billed seconds
// (the service reports a task's running total; the tasks of a resumed input add up), and the
// official SDKs' first- and last-package delays (first audio sent -> first result with text;
// end of input sent -> the task finished), and Qwen-Omni's usage tokens.
//
// Pure: times are passed in. Single-threaded (the session's thread).
#pragma once

#include <cstdint>
#include <optional>

#include "output/writer.h"
#include "stream/clock.h"

namespace dsasr::app {

class UsageMeter {
 public:
  // A new task: its billing starts from nothing.
  void task_started();
  // A chunk of audio went out at `now`.
  void audio_sent(stream::TimePoint now);
  // A result arrived at `now`; `content`: it had text (or a translation).
  void result(bool content, stream::TimePoint now);
  // The service's usage for the current task so far, when a message carried it.
  void billed(std::optional<double> seconds);
  // Qwen-Omni: the usage tokens one answer reported (each counts once; answers add up across
  // the input's sessions).
  void tokens(std::optional<int64_t> input, std::optional<int64_t> output);
  // The end of input went out at `now`.
  void finish_sent(stream::TimePoint now);
  // The current task finished at `now`: its billing counts.
  void task_finished(stream::TimePoint now);

  // The delays and billed seconds known so far, into `stats`.
  void fill(output::Stats& stats) const;

 private:
  std::optional<stream::TimePoint> first_audio_at_;
  std::optional<stream::TimePoint> finish_sent_at_;
  std::optional<int64_t> first_package_delay_ms_;
  std::optional<int64_t> last_package_delay_ms_;
  std::optional<double> task_billed_;
  std::optional<double> billed_total_;
  std::optional<int64_t> input_tokens_;
  std::optional<int64_t> output_tokens_;
};

}  // namespace dsasr::app
