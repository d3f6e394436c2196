// RawSource: headerless signed 16-bit little-endian interleaved audio (--raw-rate), from a file or
// a stream. A trailing partial frame (an odd byte count) is ignored. Internal to audio/.
#pragma once

#include <memory>

#include "audio/source.h"
#include "audio/stream_reader.h"

namespace dsasr::audio {

// Fails (kUsage) for a rate or channel count no one could mean.
// regular_file: the reader reads a regular file opened by path (Source::regular_file()).
util::Result<std::unique_ptr<Source>> open_raw_source(std::unique_ptr<StreamReader> reader,
                                                      const RawFormat& format, bool regular_file);

}  // namespace dsasr::audio
