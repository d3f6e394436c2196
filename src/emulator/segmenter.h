// Energy VAD and sentence segmentation over received s16le mono PCM, in audio time. Frames are
// 10 ms; a frame is speech when its RMS exceeds 300 (s16 scale). A sentence begins at the first
// speech frame and ends once `silence_ms` of non-speech follow its last speech frame (or at
// flush()). Pure and deterministic; owned by one connection (single thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsasr::emulator {

constexpr int kFrameMs = 10;
constexpr double kSpeechRms = 300.0;
constexpr int kInterimEveryMs = 200;  // an interim after every 200 ms of speech in a sentence

struct SegmentEvent {
  enum class Kind {
    kBegin,    // a sentence started at begin_ms
    kInterim,  // the open sentence has accumulated `interim_index` x 200 ms of speech
    kEnd,      // the open sentence ended: [begin_ms, end_ms]
  };
  Kind kind = Kind::kBegin;
  int64_t at_ms = 0;  // audio time at which the event was decided (end of the deciding frame)
  int64_t begin_ms = 0;
  int64_t end_ms = 0;     // kEnd only
  int interim_index = 0;  // kInterim only, from 1
};

class Segmenter {
 public:
  Segmenter(int sample_rate_hz, int silence_ms);

  // Feeds PCM bytes (any length, odd lengths and partial frames carried over). Returns the events
  // decided by the complete frames now available.
  std::vector<SegmentEvent> feed(const uint8_t* data, size_t size);
  // Ends the open sentence, if any (finish-task / session.finish). The partial frame is ignored.
  std::vector<SegmentEvent> flush();

  // Changes rate and silence for the audio still to come; the time base is kept.
  void reconfigure(int sample_rate_hz, int silence_ms);

  int64_t processed_ms() const { return frames_ * kFrameMs; }
  bool sentence_open() const { return open_; }
  bool any_speech() const { return any_speech_; }
  // End of the most recent speech frame (audio ms), or -1 if none yet.
  int64_t last_speech_end_ms() const { return last_speech_end_ms_; }

 private:
  void frame(std::vector<SegmentEvent>& out, bool speech);

  int sample_rate_hz_;
  int silence_ms_;
  size_t frame_samples_;
  std::vector<int16_t> pending_;  // samples of the current incomplete frame
  bool have_odd_byte_ = false;
  uint8_t odd_byte_ = 0;
  int64_t frames_ = 0;
  bool open_ = false;
  bool any_speech_ = false;
  int64_t begin_ms_ = 0;
  int64_t last_speech_end_ms_ = -1;
  int64_t speech_frames_in_sentence_ = 0;
  int interims_ = 0;
};

}  // namespace dsasr::emulator
