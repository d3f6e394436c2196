// Source: decoded audio from a file, stdin or a stream, as interleaved frames at the input's own
// rate and channel count: float (full scale +-1.0) or, for inputs that hold 16-bit integer
// samples, s16 without a float round trip (see native_s16()).
//
// open_source() reports every open-time problem synchronously as a one-line kInput error that
// starts with the input's name ("meeting.m4a: ..." or "stdin: ..."), so app/ can print it as is.
//
// Formats: whatever libsndfile 1.2.0 decodes (WAV PCM/float/u-law/extensible, AIFF, FLAC,
// Ogg/Vorbis, Ogg/Opus, MP3) or, with a RawFormat, headerless s16le. Paths that are pipes or
// character devices (/dev/stdin, <(cmd)) and stdin are read as streams: FLAC through a buffering
// virtual-IO reader, everything else through a pipe fed by a pump thread (libsndfile cannot tell
// whether a stream is FLAC before it has consumed it, see shared/toolchain.md section 3). MP3 takes
// the virtual-IO route too: libsndfile 1.2.0 reads out of bounds when it decodes MP3 from a pipe.
//
// Threads. open_source() on any thread; the Source is then used by one thread at a time (the
// capture thread), except interrupt(), which any thread may call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "util/result.h"

namespace dsasr::audio {

// Headerless input (--raw-rate / --raw-channels): signed 16-bit little-endian, interleaved.
struct RawFormat {
  int sample_rate_hz = 16000;
  int channels = 1;
};

class Source {
 public:
  virtual ~Source() = default;

  virtual int sample_rate_hz() const = 0;
  virtual int channels() const = 0;
  // Human description for -v and --stats, e.g. "FLAC 44100 Hz stereo", "WAV 24-bit 48000 Hz mono".
  virtual const std::string& description() const = 0;
  // The input's name in messages: the path, or "stdin".
  virtual const std::string& name() const = 0;

  // Reads up to `frames` frames (frames * channels() floats). Returns the number read; 0 means the
  // input has ended. A decode or read error mid-stream is an error (kInput, naming the input),
  // never a silent end. Blocks while a stream has no data yet.
  virtual util::Result<size_t> read(float* interleaved, size_t frames) = 0;

  // True when the input's samples are integers of 16 bits or fewer (PCM 16/8-bit WAV and AIFF,
  // u-law, A-law, FLAC up to 16 bits, raw s16le): then read_s16() gives exactly what read() would
  // give times 32768, and costs less. False for 24/32-bit, float and lossy codecs (MP3, Vorbis,
  // Opus decode to float), where read() is the exact and the cheaper one.
  virtual bool native_s16() const = 0;
  // As read(), in s16 (frames * channels() samples). Only for a native_s16() source: for float
  // formats libsndfile does not scale (a float WAV reads as -1, 0 or 1), so callers use read()
  // for every other source. One source is read with one of the two.
  virtual util::Result<size_t> read_s16(int16_t* interleaved, size_t frames) = 0;

  // True when the input was opened by path and is a regular file: its reads never wait for data,
  // so it may be read in big blocks (FileCapture). False for stdin, pipes and devices.
  virtual bool regular_file() const = 0;

  // The input's length when its header states it and it is a regular file (for progress and
  // ETA); nullopt for streams and formats that do not say.
  virtual std::optional<int64_t> duration_ms() const { return std::nullopt; }

  // Moves to frame `frame` of a regular file, so that the next read starts there; false when the
  // source cannot (a stream, or a format whose decoder does not seek), and nothing changed.
  virtual bool seek(uint64_t frame) {
    (void)frame;
    return false;
  }

  // Any thread: makes a read() blocked on a stream (stdin, a pipe) return promptly, and every later
  // read() return 0. Reads of regular files never wait for long, so there it only ends the input.
  virtual void interrupt() = 0;
};

// Opens a path, or stdin when path_or_dash is "-". raw is nullptr unless the input is headerless.
util::Result<std::unique_ptr<Source>> open_source(const std::string& path_or_dash,
                                                  const RawFormat* raw);

// Opens an already open stream descriptor (stdin is fd 0; tests pass a pipe). The descriptor is
// not closed by the Source; it must stay open while the Source exists. `name` is used in messages.
util::Result<std::unique_ptr<Source>> open_stream_source(int fd, const std::string& name,
                                                         const RawFormat* raw);

}  // namespace dsasr::audio
