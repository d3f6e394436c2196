// Fuzzes dsasr's own handling of audio input bytes (src/audio/): the format sniffers
// (format_sniff.h), the WAV data-chunk walk (wav_layout.h) and the three ways a Source is opened
// and read to the end: a regular file (open_source on a path), a stream (open_stream_source on a
// pipe, which sends FLAC and MP3 through LazyStreamIo and the rest through a StreamPump) and
// headerless s16le (RawFormat), both from a file and from a pipe. Decoded audio then goes
// through the Converter to 16 kHz mono, as `dsasr file` does.
//
// The input is the file itself, with no framing of its own, so every seed in the corpus is a
// real audio file. Only the raw route takes choices from it: byte 0 picks the channel count
// (0 and 65 among them, which must be refused with kUsage) and byte 1 the rate. Inputs longer
// than the pipe holds are cut to its capacity on the stream routes.
//
// Invariants (audio/source.h, audio/format_sniff.h, audio/wav_layout.h):
//   - the sniffers and find_wav_data_chunk read only the n bytes they are given, and a longer
//     prefix of the same bytes never takes a recognition back;
//   - unsupported_input_error is a one-line kInput error that starts with the name, and its
//     suggested command quotes the name so that a POSIX shell gives it back unchanged;
//   - every open or read failure is a one-line kInput error that starts with "<name>: ";
//   - a decoded (not raw) Source has a rate of 1000 to 768000 Hz (audio/sndfile_source.h);
//   - an open Source has a positive rate and channel count, a one-line UTF-8 description, the
//     name it was opened under, and regular_file() true exactly for a path to a regular file;
//   - read() returns at most the frames asked for; after it returned 0 it keeps returning 0;
//     after interrupt() every read returns 0;
//   - for a native_s16() Source, read_s16() gives exactly read()'s samples times 32768, and the
//     Converter makes exactly the same 16 kHz samples of both (audio/converter.h);
//   - a WAV file whose data chunk announces more bytes than the file holds ends with an error,
//     never a clean end;
//   - a raw source delivers exactly the input's whole frames, decoded as little-endian s16.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audio/converter.h"
#include "audio/format_sniff.h"
#include "audio/source.h"
#include "audio/wav_layout.h"
#include "fuzz_support.h"

namespace {

using namespace dsasr;

// Frames asked for per read, in turn: odd small sizes find boundary mistakes, large ones are
// what FileCapture asks for.
constexpr size_t kReadFrames[] = {1, 7, 160, 4096, 3};
// Samples kept per decode: a few bytes of FLAC or a bogus header can announce hours of audio.
constexpr size_t kMaxSamples = size_t{1} << 20;
// Samples per read at most, whatever the channel count.
constexpr size_t kMaxSamplesPerRead = 16384;
// What a new pipe holds on Linux; only a longer input needs a bigger pipe.
constexpr size_t kDefaultPipeBytes = 65536;
constexpr int kModelRateHz = 16000;

std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

bool one_line(const std::string& s) {
  return s.find('\n') == std::string::npos && s.find('\r') == std::string::npos;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

void check_input_error(const util::Error& e, const std::string& name, const char* where) {
  fuzz::check(e.kind == util::ErrorKind::kInput, where, e.message);
  fuzz::check(e.input == name && starts_with(e.text(), name + ": "),
              "an input error does not name its input", e.text());
  fuzz::check(one_line(e.message) && one_line(e.hint), "an input error is not one line", e.message);
}

// FNV-1a: a deterministic choice per input for what the bytes do not choose themselves.
uint32_t hash_of(const uint8_t* data, size_t size) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 16777619u;
  return h;
}

// --- Sniffing and the WAV chunk walk ----------------------------------------------------------

// What a POSIX shell makes of `word` (quotes and backslashes removed); nothing if `word` holds
// an unquoted character a shell would treat specially, or an unterminated quote.
std::optional<std::string> shell_unquote(std::string_view word) {
  static constexpr std::string_view kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/+=:,@";
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c == '\'') {
      const size_t close = word.find('\'', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      out.append(word.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '\\') {
      if (i + 1 == word.size()) return std::nullopt;
      out += word[++i];
    } else if (kPlain.find(c) != std::string_view::npos) {
      out += c;
    } else {
      return std::nullopt;
    }
  }
  if (word.empty()) return std::nullopt;  // an empty word vanishes: '' is needed
  return out;
}

void check_unsupported_input_error(const std::string& name, const uint8_t* header, size_t n) {
  const util::Error e = audio::unsupported_input_error(name, header, n, "decoder says no.");
  fuzz::check(e.kind == util::ErrorKind::kInput, "unsupported_input_error is not kInput");
  fuzz::check(e.input == name, "unsupported_input_error lost the name", e.text());
  if (name == "stdin") return;
  static const std::string kBefore = "ffmpeg -i ";
  static const std::string kAfter = " -f wav - | dsasr file -";
  const size_t at = e.hint.find(kBefore);
  fuzz::check(at != std::string::npos && e.hint.size() >= at + kBefore.size() + kAfter.size() &&
                  e.hint.compare(e.hint.size() - kAfter.size(), kAfter.size(), kAfter) == 0,
              "the conversion hint has an unexpected shape", e.hint);
  const size_t begin = at + kBefore.size();
  const std::string quoted = e.hint.substr(begin, e.hint.size() - kAfter.size() - begin);
  const std::optional<std::string> back = shell_unquote(quoted);
  fuzz::check(back.has_value() && *back == name, "the hint does not quote the name for a shell",
              quoted);
}

void check_sniffers(const uint8_t* data, size_t size) {
  // Every prefix up to kSniffBytes in a buffer of exactly that size, so that ASan sees a read
  // past n; recognition must survive more bytes.
  const size_t upto = std::min(size, audio::kSniffBytes);
  bool flac = false;
  bool mpeg = false;
  std::optional<std::string> unsupported;
  for (size_t n = 0; n <= upto; ++n) {
    const std::vector<uint8_t> prefix(data, data + n);
    const uint8_t* p = prefix.data();
    const bool now_flac = audio::is_flac(p, n);
    const bool now_mpeg = audio::is_mpeg_audio(p, n);
    const std::optional<std::string> now_unsupported = audio::unsupported_format_name(p, n);
    fuzz::check(!flac || now_flac, "is_flac took it back with more bytes");
    fuzz::check(!mpeg || now_mpeg, "is_mpeg_audio took it back with more bytes");
    // (Which name may change: bytes that start as Matroska can hold "ftyp" at offset 4.)
    fuzz::check(!unsupported || now_unsupported.has_value(),
                "unsupported_format_name took it back with more bytes");
    fuzz::check(!(now_flac && now_mpeg), "both FLAC and MPEG audio");
    flac = now_flac;
    mpeg = now_mpeg;
    unsupported = now_unsupported;
    if (n == upto) {
      // A file name made of the input's first bytes (up to 24), as a user might have one.
      check_unsupported_input_error(std::string(as_text(data, std::min<size_t>(n, 24))), p, n);
      check_unsupported_input_error("stdin", p, n);
    }
  }
}

void check_wav_layout(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> exact(data, data + size);
  const std::optional<audio::WavDataChunk> whole = audio::find_wav_data_chunk(exact.data(), size);
  if (whole) {
    fuzz::check(whole->offset >= 20 && whole->offset <= size,
                "the data chunk starts outside the header");
    fuzz::check(
        whole->streaming == (whole->declared_size == 0 || whole->declared_size >= 0x7FFF0000u),
        "streaming disagrees with the declared size");
    const bool truncated = audio::wav_is_truncated(*whole, size);
    fuzz::check(truncated == (!whole->streaming && whole->offset + whole->declared_size > size),
                "wav_is_truncated disagrees with the chunk");
  }
  // A shorter header finds the same chunk or none: never a different one.
  for (size_t n = 0; n < size; n += 1 + n / 8) {
    const auto part = audio::find_wav_data_chunk(exact.data(), n);
    if (!part) continue;
    fuzz::check(whole.has_value() && part->offset == whole->offset &&
                    part->declared_size == whole->declared_size,
                "a longer header found a different data chunk");
  }
}

// --- Sources ------------------------------------------------------------------------------------

// A file with the input in it, in memory; path() names it for open_source().
class MemFile {
 public:
  MemFile(const uint8_t* data, size_t size) : fd_(memfd_create("fuzz_audio_input", MFD_CLOEXEC)) {
    fuzz::check(fd_ >= 0, "memfd_create failed");
    size_t done = 0;
    while (done < size) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      fuzz::check(n > 0, "writing the memfd failed");
      done += static_cast<size_t>(n);
    }
  }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

// A pipe holding the input (as much as fits) with its write end closed: a stdin that has ended.
class FilledPipe {
 public:
  FilledPipe(const uint8_t* data, size_t size) {
    int fds[2];
    fuzz::check(::pipe2(fds, O_CLOEXEC) == 0, "pipe2 failed");
    read_fd_ = fds[0];
    size_t fits = kDefaultPipeBytes;
    if (size > fits) {
      const int capacity = ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
      if (capacity > 0) fits = static_cast<size_t>(capacity);
    }
    fed_ = std::min(size, fits);
    size_t done = 0;
    while (done < fed_) {
      const ssize_t n = ::write(fds[1], data + done, fed_ - done);
      fuzz::check(n > 0, "filling the pipe failed");
      done += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  }
  ~FilledPipe() { ::close(read_fd_); }
  FilledPipe(const FilledPipe&) = delete;
  FilledPipe& operator=(const FilledPipe&) = delete;
  int read_fd() const { return read_fd_; }
  size_t fed() const { return fed_; }

 private:
  int read_fd_ = -1;
  size_t fed_ = 0;
};

// Sample rates a header may declare (audio/sndfile_source.h).
constexpr int kMinHeaderRateHz = 1000;
constexpr int kMaxHeaderRateHz = 768000;

void check_decoded_source(const audio::Source& source) {
  fuzz::check(
      source.sample_rate_hz() >= kMinHeaderRateHz && source.sample_rate_hz() <= kMaxHeaderRateHz,
      "a decoded Source with an implausible rate", source.description());
}

void check_open_source(const audio::Source& source, const std::string& name, bool regular_file) {
  fuzz::check(source.sample_rate_hz() > 0, "a Source with a rate <= 0");
  fuzz::check(source.channels() > 0, "a Source with no channels");
  fuzz::check(source.name() == name, "a Source with another name", source.name());
  fuzz::check(source.regular_file() == regular_file, "regular_file() is wrong");
  const std::string& d = source.description();
  fuzz::check(!d.empty() && one_line(d) && fuzz::is_utf8(d), "a bad description", d);
}

enum class Sample { kFloat, kS16 };

struct Decoded {
  std::vector<float> floats;
  std::vector<int16_t> s16;
  std::vector<int16_t> converted;  // the Converter's output, flush included
  size_t frames = 0;
  std::optional<util::Error> error;
  bool capped = false;  // stopped at kMaxSamples, not at the end
};

// Reads `source` to its end (or kMaxSamples) with read() or read_s16(), checking the read
// contract; with a converter, feeds it every block and flushes it at the end (as FileCapture
// does), keeping what it gives in Decoded::converted. With
// interrupt_after_first, interrupts the source after its first read and checks that it ends.
Decoded read_all(audio::Source& source, Sample kind, audio::Converter* converter,
                 bool interrupt_after_first) {
  Decoded out;
  const size_t channels = static_cast<size_t>(source.channels());
  // Read into buffers that outlive the input: allocating and clearing them per read was most of
  // the time of a run.
  static std::vector<float> floats(kMaxSamplesPerRead);
  static std::vector<int16_t> s16(kMaxSamplesPerRead);
  for (size_t call = 0;; ++call) {
    const size_t asked = std::max<size_t>(
        1, std::min(kReadFrames[call % std::size(kReadFrames)], kMaxSamplesPerRead / channels));
    if (floats.size() < asked * channels) floats.resize(asked * channels);
    if (s16.size() < asked * channels) s16.resize(asked * channels);
    util::Result<size_t> got = size_t{0};
    if (kind == Sample::kFloat) {
      got = source.read(floats.data(), asked);
    } else {
      got = source.read_s16(s16.data(), asked);
    }
    if (!got) {
      check_input_error(got.error(), source.name(), "a read error that is not kInput");
      out.error = got.error();
      break;
    }
    fuzz::check(*got <= asked, "read() returned more frames than asked for");
    if (*got == 0) {
      // The end stays the end.
      auto again =
          kind == Sample::kFloat ? source.read(floats.data(), 1) : source.read_s16(s16.data(), 1);
      fuzz::check(again.ok() && *again == 0, "a read after the end did not return 0");
      break;
    }
    const size_t samples = *got * channels;
    out.frames += *got;
    if (kind == Sample::kFloat) {
      out.floats.insert(out.floats.end(), floats.data(), floats.data() + samples);
      if (converter) {
        fuzz::check(converter->convert(floats.data(), *got, out.converted).ok(),
                    "Converter::convert failed");
      }
    } else {
      out.s16.insert(out.s16.end(), s16.data(), s16.data() + samples);
      if (converter) {
        fuzz::check(converter->convert(s16.data(), *got, out.converted).ok(),
                    "Converter::convert failed");
      }
    }
    if (interrupt_after_first) {
      source.interrupt();
      for (int i = 0; i < 2; ++i) {
        auto after =
            kind == Sample::kFloat ? source.read(floats.data(), 1) : source.read_s16(s16.data(), 1);
        fuzz::check(after.ok() && *after == 0, "a read after interrupt() did not return 0");
      }
      break;
    }
    if (out.frames * channels >= kMaxSamples) {
      out.capped = true;
      break;
    }
  }
  if (converter) fuzz::check(converter->flush(out.converted).ok(), "Converter::flush failed");
  return out;
}

// A Converter to the model rate for `source`, which any open Source must be able to have.
audio::Converter converter_for(const audio::Source& source) {
  auto converter =
      audio::Converter::create(source.sample_rate_hz(), source.channels(), kModelRateHz);
  fuzz::check(converter.ok(), "Converter::create refused an open Source's format");
  return std::move(converter.value());
}

// The regular-file route: open_source(path). Decoded with read() through a Converter, and for a
// native_s16() source once more with read_s16() through another: both must agree exactly, before
// the Converter (read_s16 is read times 32768) and after it (audio/converter.h).
void check_file_route(const uint8_t* data, size_t size) {
  const MemFile file(data, size);
  const std::string name = file.path();
  auto opened = audio::open_source(name, nullptr);
  if (!opened) {
    check_input_error(opened.error(), name, "a file open error that is not kInput");
    return;
  }
  audio::Source& source = **opened;
  check_open_source(source, name, true);
  check_decoded_source(source);
  audio::Converter float_converter = converter_for(source);
  const Decoded as_float = read_all(source, Sample::kFloat, &float_converter, false);

  // A WAV file that announces more audio than it holds must not end as if it were complete.
  const size_t head = std::min<size_t>(size, 65536);
  if (const auto chunk = audio::find_wav_data_chunk(data, head)) {
    if (audio::wav_is_truncated(*chunk, size) && !as_float.capped) {
      fuzz::check(as_float.error.has_value(), "a truncated WAV file ended without an error");
    }
  }

  if (!source.native_s16()) return;
  auto again = audio::open_source(name, nullptr);
  fuzz::check(again.ok(), "the second open of the same file failed");
  audio::Converter s16_converter = converter_for(**again);
  const Decoded as_s16 = read_all(**again, Sample::kS16, &s16_converter, false);
  const size_t common = std::min(as_float.floats.size(), as_s16.s16.size());
  if (!as_float.capped && !as_s16.capped) {
    fuzz::check(as_float.frames == as_s16.frames, "read() and read_s16() differ in length");
    fuzz::check(as_float.error.has_value() == as_s16.error.has_value(),
                "read() and read_s16() end differently");
  }
  for (size_t i = 0; i < common; ++i) {
    fuzz::check(as_float.floats[i] * 32768.0f == static_cast<float>(as_s16.s16[i]),
                "read_s16() is not read() times 32768 on a native_s16 source",
                source.description());
  }
  if (as_float.frames == as_s16.frames) {
    fuzz::check(as_float.converted == as_s16.converted,
                "the Converter gives other samples for s16 than for the same float input",
                source.description());
  }
}

// The stream route: open_stream_source on a pipe, read as FileCapture would (read_s16() when
// native_s16()); one input in eight is interrupted after its first read.
void check_stream_route(const uint8_t* data, size_t size) {
  const FilledPipe pipe(data, size);
  auto opened = audio::open_stream_source(pipe.read_fd(), "stdin", nullptr);
  if (!opened) {
    check_input_error(opened.error(), "stdin", "a stream open error that is not kInput");
    return;
  }
  audio::Source& source = **opened;
  check_open_source(source, "stdin", false);
  check_decoded_source(source);
  const bool interrupt = (hash_of(data, size) & 7u) == 0;
  audio::Converter converter = converter_for(source);
  read_all(source, source.native_s16() ? Sample::kS16 : Sample::kFloat, &converter, interrupt);
}

// The raw route, from a file and from a pipe: exactly the input's whole frames come out.
void check_raw_routes(const uint8_t* data, size_t size) {
  static constexpr int kRates[] = {16000, 8000, 44100, 48000, 1, 768000};
  audio::RawFormat format;
  // Channels 0 to 8, or 65 (one more than --raw-channels allows) for a byte of 9 mod 10.
  const int pick = size > 0 ? data[0] % 10 : 1;
  format.channels = pick == 9 ? 65 : pick;
  format.sample_rate_hz = size > 1 ? kRates[data[1] % std::size(kRates)] : 16000;
  const bool valid = format.channels >= 1 && format.channels <= 64;

  const size_t frame_bytes = static_cast<size_t>(std::max(format.channels, 1)) * 2;
  for (const bool from_file : {true, false}) {
    std::unique_ptr<MemFile> file;
    std::unique_ptr<FilledPipe> pipe;
    util::Result<std::unique_ptr<audio::Source>> opened = util::Error();
    std::string name;
    size_t fed = size;
    if (from_file) {
      file = std::make_unique<MemFile>(data, size);
      name = file->path();
      opened = audio::open_source(name, &format);
    } else {
      pipe = std::make_unique<FilledPipe>(data, size);
      name = "raw";
      fed = pipe->fed();
      opened = audio::open_stream_source(pipe->read_fd(), name, &format);
    }
    if (!opened) {
      const util::Error& e = opened.error();
      if (size == 0) {
        check_input_error(e, name, "an empty raw input is not a kInput error");
      } else {
        fuzz::check(!valid && e.kind == util::ErrorKind::kUsage,
                    "a raw open failed other than for an invalid format", e.message);
      }
      continue;
    }
    fuzz::check(valid && size > 0, "a raw source opened with an invalid format or no bytes");
    audio::Source& source = **opened;
    check_open_source(source, name, from_file);
    fuzz::check(source.sample_rate_hz() == format.sample_rate_hz &&
                    source.channels() == format.channels && source.native_s16(),
                "a raw source does not have the format it was given");
    const Decoded got = read_all(source, from_file ? Sample::kFloat : Sample::kS16, nullptr, false);
    fuzz::check(!got.error, "a raw source failed to read", got.error ? got.error->message : "");
    const size_t samples = (fed / frame_bytes) * static_cast<size_t>(format.channels);
    fuzz::check(got.capped || got.frames * static_cast<size_t>(format.channels) == samples,
                "a raw source lost or invented frames");
    const size_t have = from_file ? got.floats.size() : got.s16.size();
    for (size_t i = 0; i < std::min(samples, have); ++i) {
      const auto expected = static_cast<int16_t>(
          static_cast<uint16_t>(data[2 * i] | static_cast<unsigned>(data[2 * i + 1]) << 8));
      const bool same = from_file ? got.floats[i] * 32768.0f == static_cast<float>(expected)
                                  : got.s16[i] == expected;
      fuzz::check(same, "a raw sample is not the input's little-endian s16");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  check_sniffers(data, size);
  check_wav_layout(data, size);
  check_file_route(data, size);
  check_stream_route(data, size);
  check_raw_routes(data, size);
  return 0;
}
