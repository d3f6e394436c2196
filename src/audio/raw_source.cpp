#include "audio/raw_source.h"

#include <atomic>
#include <string>
#include <utility>
#include <vector>

namespace dsasr::audio {

namespace {

constexpr int kMaxRawChannels = 64;
constexpr int kMaxRawRateHz = 768000;

class RawSource final : public Source {
 public:
  RawSource(std::unique_ptr<StreamReader> reader, const RawFormat& format, bool regular_file)
      : reader_(std::move(reader)),
        format_(format),
        regular_file_(regular_file),
        description_("raw s16le " + std::to_string(format.sample_rate_hz) + " Hz " +
                     (format.channels == 1   ? std::string("mono")
                      : format.channels == 2 ? std::string("stereo")
                                             : std::to_string(format.channels) + " channels")) {}

  int sample_rate_hz() const override { return format_.sample_rate_hz; }
  int channels() const override { return format_.channels; }
  const std::string& description() const override { return description_; }
  const std::string& name() const override { return reader_->name(); }
  bool regular_file() const override { return regular_file_; }
  void interrupt() override { reader_->interrupt(); }

  bool native_s16() const override { return true; }

  util::Result<size_t> read(float* interleaved, size_t frames) override {
    return read_with(frames, [interleaved](size_t i, int16_t value) {
      interleaved[i] = static_cast<float>(value) / 32768.0f;
    });
  }

  util::Result<size_t> read_s16(int16_t* interleaved, size_t frames) override {
    return read_with(frames, [interleaved](size_t i, int16_t value) { interleaved[i] = value; });
  }

 private:
  // Reads whole frames and hands each sample to store(index, value).
  template <typename Store>
  util::Result<size_t> read_with(size_t frames, Store store) {
    const size_t frame_bytes = static_cast<size_t>(format_.channels) * 2;
    bytes_.resize(frames * frame_bytes);
    auto got = reader_->read_full(bytes_.data(), bytes_.size());
    if (!got) return got.error();
    const size_t whole_frames = *got / frame_bytes;
    const size_t samples = whole_frames * static_cast<size_t>(format_.channels);
    for (size_t i = 0; i < samples; ++i) {
      // Assembled byte by byte: the input is little-endian whatever the host is.
      store(i, static_cast<int16_t>(static_cast<uint16_t>(
                   bytes_[2 * i] | static_cast<unsigned>(bytes_[2 * i + 1]) << 8)));
    }
    return whole_frames;
  }

  std::unique_ptr<StreamReader> reader_;
  RawFormat format_;
  bool regular_file_;
  std::string description_;
  std::vector<uint8_t> bytes_;
};

}  // namespace

util::Result<std::unique_ptr<Source>> open_raw_source(std::unique_ptr<StreamReader> reader,
                                                      const RawFormat& format, bool regular_file) {
  if (format.sample_rate_hz <= 0 || format.sample_rate_hz > kMaxRawRateHz || format.channels < 1 ||
      format.channels > kMaxRawChannels) {
    return util::Error(util::ErrorKind::kUsage,
                       "invalid raw format: " + std::to_string(format.sample_rate_hz) + " Hz, " +
                           std::to_string(format.channels) + " channels");
  }
  return std::unique_ptr<Source>(new RawSource(std::move(reader), format, regular_file));
}

}  // namespace dsasr::audio
