// Opening a file input for transcription: its capture (the whole file, or one part of it for
// --parallel), the voice detector of --skip-silence on its ring, and the scan of its silences
// that --parallel plans its cuts from. Shared by the batch (transcribe.cpp) and the parts of a
// parallel input (parallel_input.h).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "audio/capture.h"
#include "audio/ring.h"
#include "audio/speech_scan.h"
#include "cli/config.h"
#include "protocol/models.h"
#include "util/result.h"

namespace dsasr::app {

// A part of a file (--parallel): from begin_ms to end_ms, or to the file's end without end_ms.
struct FilePart {
  int64_t begin_ms = 0;
  std::optional<int64_t> end_ms;
};

// The capture of `path` ("-" for stdin) converted to the rate `model` takes for it (8 kHz for
// telephone-band audio where it can), writing `ring`; `part`: only that range of the file.
util::Result<std::unique_ptr<audio::Capture>> open_file_capture(
    const cli::Config& config, const protocol::Model* model, const std::string& path,
    audio::Ring& ring, std::function<void()> wake,
    const std::optional<FilePart>& part = std::nullopt);

// Whether the regular file `path` opens as open_file_capture would open it (its header only).
// Not for pipes and devices: they cannot be read twice.
util::Status check_file(const cli::Config& config, const protocol::Model* model,
                        const std::string& path);

// --skip-silence: the ring classifies each 10 ms as the capture writes it. A no-op without it.
util::Status detect_speech_if_skipping(const cli::Config& config, const audio::Capture& capture,
                                       audio::Ring& ring);

// Reads the whole file once, as open_file_capture would send it, and finds its silences
// (WebRTC's detector at --skip-silence-aggressiveness). `stop` ends it early; a file that
// cannot be read to its end gives the scan up to the error (audio::SpeechScan::error).
util::Result<audio::SpeechScan> scan_file(const cli::Config& config, const protocol::Model* model,
                                          const std::string& path, const std::atomic<bool>* stop);

}  // namespace dsasr::app
