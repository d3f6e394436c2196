// SilenceGate: --skip-silence between an input's ring and its sender.
//
// At the ring's read position it says what the sender may take: a run of audio to send, nothing
// yet, or — having moved the read position past silence that is not sent — to look again. For
// a live input it also says when the silence skipped in a row is long enough to end the task
// (the service ends a task that gets no audio for 23 s; a new one starts at the next speech).
// The decisions are stream::SilenceSkipper's, on the speech flags the capture thread put in the
// ring (audio::Ring::detect_speech); the gate applies them to the ring and counts.
//
// Without a speech map in the ring the gate is open: everything is sent.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "audio/ring.h"
#include "stream/silence_skipper.h"

namespace dsasr::app {

class SilenceGate {
 public:
  // The onset padding kept before speech (at most a third of keep_ms), and how much silence a
  // live input skips in a row before its task is ended.
  static constexpr std::chrono::milliseconds kOnsetPadding{300};
  static constexpr std::chrono::milliseconds kParkAfter{6000};

  // keep_ms: --skip-silence's MS (silences longer than this are sent cut to it).
  SilenceGate(audio::Ring& ring, int rate_hz, int64_t keep_ms, bool live);

  bool enabled() const { return skipper_.has_value(); }

  struct Step {
    enum class Kind {
      kSend,     // `samples` may go out from the read position
      kWait,     // nothing yet: the capture will wake the service thread
      kSkipped,  // silence was passed over (or audio came in meanwhile): look again
    };
    Kind kind = Kind::kWait;
    size_t samples = 0;
  };
  // `available`: what next_chunk() offers (a whole chunk, or the input's rest); `stop_pos`:
  // where the input ends after Ctrl+C.
  Step step(size_t available, std::optional<uint64_t> stop_pos);

  // `n` samples went out.
  void sent(size_t n) {
    static_cast<void>(n);
    skipped_in_a_row_ = 0;
  }
  // A live input has skipped kParkAfter of silence since it last sent audio.
  bool park_due() const { return live_ && skipped_in_a_row_ >= park_after_; }
  // The read position was moved back (a resume): the silence seen so far is forgotten.
  void reset();
  uint64_t skipped_samples() const { return skipped_; }

 private:
  audio::Ring& ring_;
  bool live_;
  uint64_t park_after_;
  std::optional<stream::SilenceSkipper> skipper_;
  uint64_t skipped_ = 0;           // never sent
  uint64_t skipped_in_a_row_ = 0;  // since the last audio sent
};

}  // namespace dsasr::app
