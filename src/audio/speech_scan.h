// scan_speech: reads a whole Source once, converts it as the capture does (mono s16 at the
// converter's rate), and classifies each frame with a SpeechDetector: where the silences are.
// --parallel plans its cuts from this (app/parallel_input.h, stream/cut_planner.h).
//
// Runs on the caller's thread; `stop` (any thread) ends it early (SpeechScan::stopped). An
// input that fails to read or decode part way gives what came before it, and the error.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "audio/converter.h"
#include "audio/source.h"
#include "audio/speech_detector.h"
#include "util/result.h"

namespace dsasr::audio {

struct SpeechScan {
  struct Silence {
    int64_t begin_ms = 0;
    int64_t end_ms = 0;
  };
  int64_t length_ms = 0;          // of the converted audio
  std::vector<Silence> silences;  // runs of frames without speech, in order
  bool stopped = false;           // `stop` ended the scan before the end of the input
  // A read or decode error ended the scan here (length_ms); what came before is scanned.
  std::optional<util::Error> error;
};

util::Result<SpeechScan> scan_speech(Source& source, Converter& converter, SpeechDetector& detector,
                                     const std::atomic<bool>* stop);

}  // namespace dsasr::audio
