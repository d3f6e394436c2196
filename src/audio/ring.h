// Ring: the single-producer single-consumer buffer of mono s16 samples between the capture thread
// (producer) and the lws service thread (consumer).
//
// Positions are absolute sample counts since the first sample of the input (uint64, they only ever
// increase), so a position divided by the model rate is a time on the input's own timeline:
//
//   retain_pos <= read_pos <= write_pos,   write_pos - retain_pos <= capacity
//
//   [retain_pos, read_pos)  sent to the service but not yet covered by a final sentence; kept so a
//                           resumed task can be fed it again (rewind)
//   [read_pos, write_pos)   written by the producer, not sent yet (available())
//
// Threads. Producer calls (write, close, fail) come from ONE thread, the capture thread. Consumer
// calls (available, copy, advance, release, rewind, discard_until, the *_pos getters, state) come
// from ONE thread, the service thread; they never allocate, never lock and never wait: they only
// post the producer's semaphore when the producer is actually asleep on a full ring. abort() may
// be called from any thread.
//
// Backpressure. The ring is full when write_pos - retain_pos == capacity. write() then sleeps on
// a Doorbell (doorbell.h) until the consumer frees space with release() (or abort()): the
// producer arms it and re-checks the positions, the consumer publishes its position and then
// rings, so at least one of them sees the other. Audio is never dropped by the
// ring itself. Note that advance() alone frees nothing: sent audio stays retained until
// release(). If the retained audio fills the whole ring (a sentence that never finalises for
// `capacity` samples), the producer simply keeps waiting; it is the consumer's job to release
// (for example release(read_pos()) once everything has been sent, giving up resume for that
// audio) or, for a live input that cannot wait, discard_until() the oldest audio.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audio/doorbell.h"
#include "audio/speech_detector.h"

namespace dsasr::audio {

class Ring {
 public:
  enum class State {
    kOpen,    // the producer may write more
    kClosed,  // end of input: write_pos is final
    kFailed,  // the input failed; error_message() says why (samples before it are still valid)
  };

  // Default capacity: 2 minutes of audio at the model rate (3.8 MB at 16 kHz): far more than
  // the auto pacer's window and a long sentence awaiting its final, small enough that dsasr
  // stays a few megabytes.
  static size_t default_capacity_samples(int model_rate_hz);

  explicit Ring(size_t capacity_samples);
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;

  size_t capacity_samples() const { return capacity_; }

  // Voice activity (--skip-silence). Call before the producer starts: from then on every whole
  // frame (detector->frame_samples(), 10 ms) is classified as it is written, on the capture
  // thread, and speech() tells the consumer the result.
  void detect_speech(std::unique_ptr<SpeechDetector> detector);

  // --- producer (capture thread) ---

  // Appends n samples, waiting while the ring is full. After abort() it no longer waits: it writes
  // what fits and returns false if the rest had to be dropped (shutdown is under way). Must not be
  // called after close() or fail().
  bool write(const int16_t* samples, size_t n);
  // End of input. Every sample written so far stays readable.
  void close();
  // The input failed after the samples written so far; message is one line naming the input.
  void fail(std::string message);

  // --- any thread ---

  // The consumer's wake-up, the mirror image of the producer's: the consumer calls want_data()
  // when it ran out of audio to send and then re-checks available(); the producer, after a
  // write, calls take_data_wanted(), which is true once per want_data() whose re-check may have
  // missed the write — then it must wake the consumer. A producer that only wakes the consumer
  // when asked saves a wake-up per block while the consumer is busy or paced by timers.
  void want_data() { data_wanted_.store(true, std::memory_order_seq_cst); }
  bool take_data_wanted() {
    return data_wanted_.load(std::memory_order_seq_cst) &&
           data_wanted_.exchange(false, std::memory_order_seq_cst);
  }

  // Releases a producer blocked in write(); later writes no longer wait for room.
  void abort();
  bool aborted() const { return aborted_.load(std::memory_order_acquire); }

  // --- consumer (service thread) ---

  uint64_t write_pos() const { return write_pos_.load(std::memory_order_acquire); }
  uint64_t read_pos() const { return read_pos_.load(std::memory_order_relaxed); }
  uint64_t retain_pos() const { return retain_pos_.load(std::memory_order_relaxed); }
  // Samples written but not yet sent: write_pos - read_pos.
  size_t available() const { return static_cast<size_t>(write_pos() - read_pos()); }

  // Copies up to n samples starting at absolute position from_pos, which must lie in
  // [retain_pos, write_pos]; returns how many were copied (fewer near write_pos).
  size_t copy(uint64_t from_pos, int16_t* out, size_t n) const;
  // Marks n more samples as sent (n <= available()).
  void advance(size_t n);
  // Audio before up_to is no longer needed for resume; up_to is clamped to [retain_pos, read_pos].
  void release(uint64_t up_to);
  // Resume: the next sample to send becomes `to`, which must lie in [retain_pos, read_pos].
  void rewind(uint64_t to);
  // Gives up everything before `to` (clamped to [retain_pos, write_pos]), sent or not: read_pos
  // and retain_pos both move to at least `to`. For a live input whose audio cannot wait while the
  // service is unreachable; the caller reports the gap. Returns how many samples were skipped
  // without being sent (those past the old read_pos).
  uint64_t discard_until(uint64_t to);

  // kClosed or kFailed are final. Read the state before write_pos(): once the state is final,
  // write_pos() is final too. error_message() is valid once state() == kFailed.
  State state() const { return state_.load(std::memory_order_acquire); }
  const std::string& error_message() const { return error_message_; }
  // True once the input has ended (closed or failed) and every sample has been sent.
  bool drained() const { return state() != State::kOpen && available() == 0; }

  // Samples per classified frame (0 without detect_speech()); frame k is [k * n, (k + 1) * n).
  size_t speech_frame_samples() const { return frame_samples_; }
  // Whether frame k holds speech: nullopt while it is not wholly written (or was overwritten:
  // frames before retain_pos may be).
  std::optional<bool> speech(uint64_t frame) const;

 private:
  size_t capacity_;
  std::unique_ptr<int16_t[]> buffer_;

  // Voice activity: set before the producer starts, then written by the producer only; a flag is
  // published with the write_pos that completes its frame.
  std::unique_ptr<SpeechDetector> detector_;
  size_t frame_samples_ = 0;
  std::vector<uint8_t> speech_;     // frame k at k % size(), capacity's worth and more
  std::vector<int16_t> frame_;      // the frame being completed
  uint64_t frames_classified_ = 0;  // producer's count
  void classify(const int16_t* samples, size_t n);

  // Written by the producer only.
  std::atomic<uint64_t> write_pos_{0};
  std::atomic<State> state_{State::kOpen};
  std::string error_message_;  // written once, before state_ becomes kFailed (release)

  // Written by the consumer only.
  std::atomic<uint64_t> read_pos_{0};
  std::atomic<uint64_t> retain_pos_{0};

  std::atomic<bool> aborted_{false};
  std::atomic<bool> data_wanted_{false};

  // The producer's sleep on a full ring (see Backpressure above).
  Doorbell room_;
};

}  // namespace dsasr::audio
