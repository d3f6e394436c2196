// Recognises, from an input's first bytes, common audio formats libsndfile cannot decode, so the
// error can name the format and suggest a conversion instead of "format not recognised".
// Internal to audio/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "util/error.h"

namespace dsasr::audio {

// Bytes worth peeking at for unsupported_format_name() and the stream dispatch.
constexpr size_t kSniffBytes = 64;

// "M4A/MP4 (AAC)", "AAC (ADTS)", "Matroska/WebM", "WMA/ASF", "AMR" or nothing.
std::optional<std::string> unsupported_format_name(const uint8_t* header, size_t n);

// True if the header starts a native FLAC stream ("fLaC").
bool is_flac(const uint8_t* header, size_t n);
// True if the header starts an MPEG audio stream (MP3): an ID3v2 tag or a layer I-III frame sync.
bool is_mpeg_audio(const uint8_t* header, size_t n);

// The kInput error for an input libsndfile could not open. `name` is the input's name ("stdin"
// for standard input), `decoder_message` what libsndfile said.
util::Error unsupported_input_error(const std::string& name, const uint8_t* header, size_t n,
                                    const std::string& decoder_message);

}  // namespace dsasr::audio
