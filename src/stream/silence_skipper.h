// SilenceSkipper: which of the input's audio --skip-silence sends.
//
// The voice detector marks each 10 ms frame speech or silence. A silent stretch is sent in full
// when it is at most head + tail frames long; a longer one is cut to its first `head` frames
// (the end of the sentence before it: the service needs its end-of-sentence silence to close the
// sentence) and its last `tail` frames (the onset padding before the next speech, so no word
// start is clipped); the middle is not sent at all. The map from the audio sent back to the
// input is stream::Timeline's.
//
//   frames   S S S . . . . . . . . . . . . . . . S S      (S speech, . silence)
//   sent     S S S . . .                     . . S S      head 3, tail 2
//
// The decision is made at the read position and looks ahead at frames already classified: a
// silence whose end is not known yet is skipped as far as it can be while keeping `tail` frames
// in hand (a microphone waits for at most `tail` frames of silence before sending on), and the
// end of the input ends every silence.
//
// Pure: the flags come from a lookup (audio::Ring::speech in the session, a vector in tests).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

namespace dsasr::stream {

struct SkipDecision {
  enum class Kind {
    kSend,  // send `samples` from the position
    kSkip,  // do not send the next `samples`: move past them
    kWait,  // nothing can be decided before more audio is classified
  };
  Kind kind = Kind::kWait;
  uint64_t samples = 0;
};

class SilenceSkipper {
 public:
  // frame_samples: samples per classified frame; head and tail in frames.
  SilenceSkipper(uint64_t frame_samples, uint64_t head_frames, uint64_t tail_frames);

  // Frame k's flag: true speech, false silence, nullopt not classified (yet).
  using Lookup = std::function<std::optional<bool>(uint64_t frame)>;

  // At `pos` (the next sample to send), with audio written up to `end` (final when `ended`):
  // send at most `max_samples`, skip, or wait.
  SkipDecision decide(uint64_t pos, uint64_t end, bool ended, uint64_t max_samples,
                      const Lookup& speech);

  // The position moved somewhere the skipper did not lead it (a resume rewound it): forget the
  // silence seen so far (the stretch after a resume is counted afresh).
  void reset();

  uint64_t frame_samples() const { return frame_samples_; }

 private:
  enum class Frame { kSend, kSkip, kWait };
  // The fate of frame `f`, the frame after `run` silent frames.
  Frame classify(uint64_t f, uint64_t complete, bool ended, const Lookup& speech,
                 uint64_t* skip_frames);

  uint64_t frame_samples_;
  uint64_t head_;
  uint64_t tail_;
  // The silent stretch the position is in: its first frame (nullopt after speech, or not known).
  std::optional<uint64_t> run_start_;
  // Frames [run_start_, scanned_) are known silent (the look-ahead does not scan them twice).
  uint64_t scanned_ = 0;
};

}  // namespace dsasr::stream
