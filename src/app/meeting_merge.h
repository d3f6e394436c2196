// MeetingMerge: the two streams of `dsasr mic --with-system` (the microphone and what the
// computer plays) merged into one transcript in time order, with the echo guard. Pure: events and
// the time in, sentences to write out; no I/O, no clock.
//
// Times. Both streams' sentences are on their own input timelines, which start together (both
// captures are opened back to back), and `now_ms` passed to release() is the time since then.
//
// The order rule. A final sentence is held until the other stream can no longer produce a
// sentence that begins before it, then written; sentences go out in order of their begin time
// (the microphone's first on a tie). The other stream "can no longer" when
//   - it has ended, or
//   - it has a sentence under way (a partial) that begins at or after this one, or
//   - it has none under way, and this sentence began at least kIdleLagMs (1.5 s) before now: a
//     sentence the service has not even reported a partial of 1.5 s after it began is taken to
//     begin later.
// So a sentence waits at most until the other stream's sentence under way is final. When the
// idle rule guessed wrong, the late sentence goes out at once, after the ones already written;
// caption cues still never go backwards or overlap (output::CueTimeline starts such a cue at the
// previous cue's end).
//
// The echo guard (--echo-guard). When the microphone hears the speakers, the words the computer
// played come back on the microphone's stream. A microphone sentence is dropped when a system
// sentence (written, held or yet to come) matches it: their begin times and their end times each
// differ by at most kEchoWindowMs (1.5 s), and their texts are at least 80% alike (case,
// punctuation and spaces ignored; similarity = 1 - edit distance / longer length, counted in
// characters). With the guard on, a microphone sentence is held until the system stream is
// kEchoWindowMs past its end (by the rule above), so that its twin has had time to arrive.
//
// Threads: one (the service thread).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/events.h"

namespace dsasr::app {

enum class MeetingStream { kMic = 0, kSystem = 1 };

// Pure helpers of the echo guard, exposed for tests.
double text_similarity(std::string_view a, std::string_view b);
bool is_echo(const protocol::Sentence& mic, const protocol::Sentence& system);

class MeetingMerge {
 public:
  static constexpr int64_t kIdleLagMs = 1500;
  static constexpr int64_t kEchoWindowMs = 1500;
  static constexpr double kEchoSimilarity = 0.8;

  struct Released {
    MeetingStream stream;
    protocol::Sentence sentence;
    std::string task_id;
  };

  explicit MeetingMerge(bool echo_guard) : echo_guard_(echo_guard) {}

  // A stream's interim result: a sentence is under way from sentence.begin_ms.
  void partial(MeetingStream stream, const protocol::Sentence& sentence);
  // A stream's final sentence (in order within the stream).
  void final(MeetingStream stream, protocol::Sentence sentence, std::string task_id);
  // The stream will send nothing more.
  void ended(MeetingStream stream);

  // What may be written now, in order (see the rules above). Call after every event and now and
  // then (the idle rule depends on the time).
  std::vector<Released> release(int64_t now_ms);

  bool all_ended() const { return streams_[0].ended && streams_[1].ended; }
  // Microphone sentences the echo guard dropped so far.
  int echoes_dropped() const { return echoes_dropped_; }

 private:
  struct State {
    std::deque<Released> held;
    std::optional<int64_t> under_way_from;  // begin of the sentence under way (last partial)
    int64_t last_end_ms = 0;
    bool ended = false;
  };
  // No sentence of `s` still to come begins before this.
  int64_t watermark(const State& s, int64_t now_ms) const;
  bool echoed(const protocol::Sentence& mic) const;

  const bool echo_guard_;
  State streams_[2];
  // System sentences of the last minutes (the echo guard compares against these).
  std::deque<protocol::Sentence> recent_system_;
  int echoes_dropped_ = 0;
};

}  // namespace dsasr::app
