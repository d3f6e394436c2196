#include "audio/sndfile_source.h"

#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "audio/buffered_file_io.h"
#include "audio/format_sniff.h"
#include "audio/lazy_stream_io.h"
#include "audio/stream_pump.h"
#include "audio/wav_layout.h"

namespace dsasr::audio {

namespace {

std::string channel_text(int channels) {
  if (channels == 1) return "mono";
  if (channels == 2) return "stereo";
  return std::to_string(channels) + " channels";
}

// Bytes one sample occupies in a PCM-like WAV/AIFF encoding (for durations from byte counts).
int bytes_per_sample(int subtype) {
  switch (subtype) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_ULAW:
    case SF_FORMAT_ALAW:
      return 1;
    case SF_FORMAT_PCM_24:
      return 3;
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_FLOAT:
      return 4;
    case SF_FORMAT_DOUBLE:
      return 8;
    default:
      return 2;
  }
}

std::string subtype_text(int subtype) {
  switch (subtype) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
      return "8-bit";
    case SF_FORMAT_PCM_16:
      return "16-bit";
    case SF_FORMAT_PCM_24:
      return "24-bit";
    case SF_FORMAT_PCM_32:
      return "32-bit";
    case SF_FORMAT_FLOAT:
      return "float";
    case SF_FORMAT_DOUBLE:
      return "double";
    case SF_FORMAT_ULAW:
      return "\xC2\xB5-law";
    case SF_FORMAT_ALAW:
      return "A-law";
    case SF_FORMAT_IMA_ADPCM:
    case SF_FORMAT_MS_ADPCM:
      return "ADPCM";
    default:
      return {};
  }
}

std::string container_text(int major, int subtype) {
  switch (major) {
    case SF_FORMAT_WAV:
      return "WAV";
    case SF_FORMAT_WAVEX:
      return "WAV (extensible)";
    case SF_FORMAT_RF64:
      return "RF64";
    case SF_FORMAT_AIFF:
      return "AIFF";
    case SF_FORMAT_FLAC:
      return "FLAC";
    case SF_FORMAT_OGG:
      if (subtype == SF_FORMAT_OPUS) return "Ogg/Opus";
      if (subtype == SF_FORMAT_VORBIS) return "Ogg/Vorbis";
      return "Ogg";
    case SF_FORMAT_MPEG:
      return subtype == SF_FORMAT_MPEG_LAYER_III ? "MP3" : "MPEG audio";
    case SF_FORMAT_RAW:
      return "raw";
    default: {
      SF_FORMAT_INFO info{};
      info.format = major;
      if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &info, sizeof info) == 0 && info.name) {
        return info.name;
      }
      return "audio";
    }
  }
}

// True when libsndfile decodes `sf_format` from integers of at most 16 bits, so that
// sf_readf_short is exact and sf_readf_float is the same samples divided by 32768 (libsndfile's
// default float normalisation). Lossy codecs decode to float; wider PCM would be truncated.
bool holds_s16(int sf_format) {
  const int major = sf_format & SF_FORMAT_TYPEMASK;
  switch (sf_format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_16:
    case SF_FORMAT_PCM_S8:
      return true;
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_ULAW:
    case SF_FORMAT_ALAW:
      return major != SF_FORMAT_FLAC;
    default:
      return false;
  }
}

// libsndfile's messages end with a period; ours are embedded in a longer line.
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '.' || text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

class SndfileSource final : public Source {
 public:
  SndfileSource(SNDFILE* sndfile, const SF_INFO& info, std::string name, int owned_fd,
                std::unique_ptr<StreamPump> pump, std::unique_ptr<LazyStreamIo> lazy,
                std::unique_ptr<BufferedFileIo> file_io = nullptr)
      : sndfile_(sndfile),
        sample_rate_hz_(info.samplerate),
        channels_(info.channels),
        name_(std::move(name)),
        description_(describe_format(info.format, info.samplerate, info.channels)),
        native_s16_(holds_s16(info.format)),
        frames_(info.frames),
        owned_fd_(owned_fd),
        pump_(std::move(pump)),
        lazy_(std::move(lazy)),
        file_io_(std::move(file_io)) {}

  ~SndfileSource() override {
    // The decoder goes first; then the pump (interrupted and joined) and the stream it read.
    sf_close(sndfile_);
    pump_.reset();
    lazy_.reset();
    file_io_.reset();
    if (owned_fd_ >= 0) ::close(owned_fd_);
  }

  int sample_rate_hz() const override { return sample_rate_hz_; }
  int channels() const override { return channels_; }
  const std::string& description() const override { return description_; }
  const std::string& name() const override { return name_; }
  // Only open_sndfile_file() hands over a descriptor; streams come through a pump or a lazy reader.
  bool regular_file() const override { return owned_fd_ >= 0; }
  std::optional<int64_t> duration_ms() const override {
    if (owned_fd_ < 0 || frames_ <= 0 || frames_ == SF_COUNT_MAX || sample_rate_hz_ <= 0) {
      return std::nullopt;
    }
    return static_cast<int64_t>(frames_ * 1000 / sample_rate_hz_);
  }

  // After the last frame, read() reports `error` instead of the end of input (the audio before
  // it is still delivered).
  void fail_at_end(util::Error error) { error_at_end_ = std::move(error); }

  void interrupt() override {
    interrupted_.store(true, std::memory_order_release);
    if (pump_) pump_->interrupt();
    if (lazy_) lazy_->interrupt();
  }

  bool native_s16() const override { return native_s16_; }

  bool seek(uint64_t frame) override {
    if (owned_fd_ < 0 || ended_) return false;
    const auto to = static_cast<sf_count_t>(frame);
    return sf_seek(sndfile_, to, SEEK_SET) == to;
  }

  util::Result<size_t> read(float* interleaved, size_t frames) override {
    return read_with(frames,
                     [&](sf_count_t n) { return sf_readf_float(sndfile_, interleaved, n); });
  }

  util::Result<size_t> read_s16(int16_t* interleaved, size_t frames) override {
    return read_with(frames,
                     [&](sf_count_t n) { return sf_readf_short(sndfile_, interleaved, n); });
  }

 private:
  // One read through `readf` (sf_readf_float or sf_readf_short), with the end-of-input and error
  // rules of Source::read().
  template <typename ReadF>
  util::Result<size_t> read_with(size_t frames, ReadF readf) {
    if (pending_error_) {
      util::Error error = std::move(*pending_error_);
      pending_error_.reset();
      ended_ = true;
      return error;
    }
    if (ended_ || interrupted_.load(std::memory_order_acquire)) return size_t{0};
    const sf_count_t got = readf(static_cast<sf_count_t>(frames));
    const int sf_status = sf_error(sndfile_);  // per call: libsndfile resets it on every read
    if (got >= 0 && static_cast<size_t>(got) == frames) return static_cast<size_t>(got);
    // A short read: the end of the input, or an error that must not pass for one.
    ended_ = true;
    if (interrupted_.load(std::memory_order_acquire)) return got > 0 ? size_t(got) : size_t{0};
    std::optional<util::Error> error = stream_error();
    if (!error && sf_status != SF_ERR_NO_ERROR) {
      error = util::input_error(name_, util::ErrorKind::kInput,
                                "cannot decode: " + trimmed(sf_error_number(sf_status)));
    }
    if (!error && error_at_end_) {
      error = std::move(error_at_end_);
      error_at_end_.reset();
    }
    if (!error) return got > 0 ? size_t(got) : size_t{0};
    if (got > 0) {
      // Deliver the audio decoded before the error; the error comes with the next read.
      pending_error_ = std::move(error);
      ended_ = false;
      return static_cast<size_t>(got);
    }
    return *error;
  }

  std::optional<util::Error> stream_error() const {
    if (pump_) return pump_->error();
    if (lazy_) return lazy_->error();
    return std::nullopt;
  }

  SNDFILE* sndfile_;
  int sample_rate_hz_;
  int channels_;
  std::string name_;
  std::string description_;
  bool native_s16_;
  sf_count_t frames_;
  int owned_fd_;
  std::unique_ptr<StreamPump> pump_;
  std::unique_ptr<LazyStreamIo> lazy_;
  std::unique_ptr<BufferedFileIo> file_io_;  // MP3 files: buffered reads of owned_fd_
  std::atomic<bool> interrupted_{false};
  std::optional<util::Error> pending_error_;
  std::optional<util::Error> error_at_end_;
  bool ended_ = false;
};

// Sample rates a header may declare. libsndfile accepts any positive rate, but outside this range
// the header is corrupt or made up: resampling 1 Hz to the model rate turns each frame into 16000
// samples (an 8 KB file into hours of billed audio and gigabytes of memory), and 2 GHz costs
// minutes of CPU. The bounds match --raw-rate's minimum and RawSource's maximum.
constexpr int kMinHeaderRateHz = 1000;
constexpr int kMaxHeaderRateHz = 768000;

util::Status check_info(const std::string& name, const SF_INFO& info) {
  if (info.samplerate <= 0 || info.channels <= 0) {
    return util::input_error(name, util::ErrorKind::kInput,
                             "invalid audio header (" + std::to_string(info.samplerate) + " Hz, " +
                                 std::to_string(info.channels) + " channels)");
  }
  if (info.samplerate < kMinHeaderRateHz || info.samplerate > kMaxHeaderRateHz) {
    return util::input_error(name, util::ErrorKind::kInput,
                             "invalid audio header (" + std::to_string(info.samplerate) + " Hz)",
                             "dsasr reads sample rates from " + std::to_string(kMinHeaderRateHz) +
                                 " to " + std::to_string(kMaxHeaderRateHz) + " Hz");
  }
  return {};
}

}  // namespace

std::string describe_format(int sf_format, int sample_rate_hz, int channels) {
  const int major = sf_format & SF_FORMAT_TYPEMASK;
  const int subtype = sf_format & SF_FORMAT_SUBMASK;
  std::string text = container_text(major, subtype);
  // The sample encoding matters for PCM containers; compressed formats decode to float anyway.
  if (major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64 ||
      major == SF_FORMAT_AIFF || major == SF_FORMAT_RAW) {
    const std::string encoding = subtype_text(subtype);
    if (!encoding.empty()) text += " " + encoding;
  }
  return text + " " + std::to_string(sample_rate_hz) + " Hz " + channel_text(channels);
}

// "x.wav: truncated: the header announces 12.3 s of audio, the file holds 8.1 s" when the
// file's WAV header promises more than the file holds.
static std::optional<util::Error> truncation_error(int fd, const std::string& name,
                                                   const SF_INFO& info) {
  uint8_t head[65536];
  const ssize_t got = ::pread(fd, head, sizeof head, 0);
  struct stat st {};
  if (got <= 0 || ::fstat(fd, &st) != 0) return std::nullopt;
  auto chunk = find_wav_data_chunk(head, static_cast<size_t>(got));
  if (!chunk || !wav_is_truncated(*chunk, static_cast<uint64_t>(st.st_size))) return std::nullopt;
  const double bytes_per_second = static_cast<double>(info.samplerate) * info.channels *
                                  std::max(1, bytes_per_sample(info.format & SF_FORMAT_SUBMASK));
  const uint64_t present = static_cast<uint64_t>(st.st_size) > chunk->offset
                               ? static_cast<uint64_t>(st.st_size) - chunk->offset
                               : 0;
  char text[160];
  std::snprintf(text, sizeof text,
                "truncated: the header announces %.1f s of audio, the file holds %.1f s",
                static_cast<double>(chunk->declared_size) / bytes_per_second,
                static_cast<double>(present) / bytes_per_second);
  return util::input_error(name, util::ErrorKind::kInput, text,
                           "the audio that is there was transcribed; find the complete file");
}

util::Result<std::unique_ptr<Source>> open_sndfile_file(int fd, const std::string& name) {
  uint8_t header[kSniffBytes];
  const ssize_t header_len = ::pread(fd, header, sizeof header, 0);
  SF_INFO info{};
  SNDFILE* sndfile = nullptr;
  std::unique_ptr<BufferedFileIo> file_io;
  struct stat st {};
  if (header_len > 0 && is_mpeg_audio(header, static_cast<size_t>(header_len)) &&
      ::fstat(fd, &st) == 0) {
    // MP3 is read a frame at a time: through a buffer, not one read(2) per frame.
    file_io = std::make_unique<BufferedFileIo>(fd, static_cast<sf_count_t>(st.st_size));
    SF_VIRTUAL_IO io = BufferedFileIo::callbacks();
    sndfile = sf_open_virtual(&io, SFM_READ, &info, file_io.get());
  } else {
    sndfile = sf_open_fd(fd, SFM_READ, &info, SF_FALSE);
  }
  if (sndfile == nullptr) {
    const std::string message = trimmed(sf_strerror(nullptr));
    ::close(fd);
    return unsupported_input_error(name, header, header_len > 0 ? size_t(header_len) : 0, message);
  }
  if (auto status = check_info(name, info); !status) {
    sf_close(sndfile);
    ::close(fd);
    return status.error();
  }
  auto source = std::make_unique<SndfileSource>(sndfile, info, name, fd, nullptr, nullptr,
                                                std::move(file_io));
  if (auto truncated = truncation_error(fd, name, info)) source->fail_at_end(*truncated);
  return std::unique_ptr<Source>(std::move(source));
}

util::Result<std::unique_ptr<Source>> open_sndfile_stream(std::unique_ptr<StreamReader> reader,
                                                          const uint8_t* header,
                                                          size_t header_len) {
  const std::string name = reader->name();
  SF_INFO info{};
  SNDFILE* sndfile = nullptr;
  std::unique_ptr<StreamPump> pump;
  std::unique_ptr<LazyStreamIo> lazy;
  const bool flac = is_flac(header, header_len);
  if (flac || is_mpeg_audio(header, header_len)) {
    lazy = std::make_unique<LazyStreamIo>(
        std::move(reader), flac ? LazyStreamIo::kFlacLength : LazyStreamIo::kMpegLength);
    SF_VIRTUAL_IO io = LazyStreamIo::callbacks();
    sndfile = sf_open_virtual(&io, SFM_READ, &info, lazy.get());
    if (sndfile != nullptr) lazy->opened();
    if (sndfile == nullptr && lazy->error()) return *lazy->error();
  } else {
    auto started = StreamPump::start(std::move(reader));
    if (!started) return started.error();
    pump = std::move(started.value());
    sndfile = sf_open_fd(pump->read_fd(), SFM_READ, &info, SF_FALSE);
    if (sndfile == nullptr && pump->error()) return *pump->error();
  }
  if (sndfile == nullptr) {
    return unsupported_input_error(name, header, header_len, trimmed(sf_strerror(nullptr)));
  }
  if (auto status = check_info(name, info); !status) {
    sf_close(sndfile);
    return status.error();
  }
  return std::unique_ptr<Source>(
      new SndfileSource(sndfile, info, name, -1, std::move(pump), std::move(lazy)));
}

}  // namespace dsasr::audio
