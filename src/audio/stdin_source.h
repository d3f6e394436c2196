// Opening a stream (stdin, a pipe, a character device): peek at the first bytes, then pick the
// reader that works for that format. Internal to audio/; the public entry is open_stream_source().
#pragma once

#include <memory>

#include "audio/source.h"
#include "audio/stream_reader.h"

namespace dsasr::audio {

util::Result<std::unique_ptr<Source>> open_stream(std::unique_ptr<StreamReader> reader,
                                                  const RawFormat* raw);

}  // namespace dsasr::audio
