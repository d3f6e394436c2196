// SndfileSource: a Source decoded by libsndfile, opened one of three ways (internal to audio/):
//   - a regular file, by descriptor;
//   - a stream through a StreamPump pipe (WAV, AIFF, Ogg/Vorbis, Ogg/Opus on stdin or a pipe);
//   - a stream through LazyStreamIo virtual IO (FLAC and MP3 on stdin or a pipe).
// SF_INFO.frames is never used: on streams it is bogus (see shared/toolchain.md section 3).
// A header whose sample rate is outside 1000..768000 Hz fails to open (kInput): it is corrupt,
// and resampling it would multiply or divide the audio by up to 16000.
#pragma once

#include <memory>
#include <string>

#include "audio/source.h"
#include "audio/stream_reader.h"

namespace dsasr::audio {

// Takes ownership of fd (a regular file at offset 0).
util::Result<std::unique_ptr<Source>> open_sndfile_file(int fd, const std::string& name);

// The reader's first kSniffBytes (or fewer, if the input is that short) must have been pushed back
// with unread(); header/header_len are those bytes.
util::Result<std::unique_ptr<Source>> open_sndfile_stream(std::unique_ptr<StreamReader> reader,
                                                          const uint8_t* header, size_t header_len);

// "WAV 16-bit 44100 Hz stereo", "FLAC 16000 Hz mono", "Ogg/Opus 48000 Hz mono", ...
std::string describe_format(int sf_format, int sample_rate_hz, int channels);

}  // namespace dsasr::audio
