#include "audio/segment_source.h"

#include <algorithm>
#include <vector>

namespace dsasr::audio {

namespace {

class SegmentSource final : public Source {
 public:
  SegmentSource(std::unique_ptr<Source> inner, uint64_t begin, uint64_t end)
      : inner_(std::move(inner)), begin_(begin), end_(std::max(begin, end)) {}

  int sample_rate_hz() const override { return inner_->sample_rate_hz(); }
  int channels() const override { return inner_->channels(); }
  const std::string& description() const override { return inner_->description(); }
  const std::string& name() const override { return inner_->name(); }
  bool native_s16() const override { return inner_->native_s16(); }
  bool regular_file() const override { return inner_->regular_file(); }
  std::optional<int64_t> duration_ms() const override {
    const int rate = inner_->sample_rate_hz();
    if (rate <= 0) return std::nullopt;
    return static_cast<int64_t>((end_ - begin_) * 1000 / static_cast<uint64_t>(rate));
  }
  void interrupt() override { inner_->interrupt(); }

  util::Result<size_t> read(float* interleaved, size_t frames) override {
    return read_with(interleaved, frames,
                     [this](float* out, size_t n) { return inner_->read(out, n); });
  }
  util::Result<size_t> read_s16(int16_t* interleaved, size_t frames) override {
    return read_with(interleaved, frames,
                     [this](int16_t* out, size_t n) { return inner_->read_s16(out, n); });
  }

 private:
  template <typename T, typename ReadF>
  util::Result<size_t> read_with(T* out, size_t frames, ReadF readf) {
    if (!positioned_) {
      if (auto skipped = skip_to_begin(out, frames, readf); !skipped) return skipped.error();
      positioned_ = true;
    }
    const uint64_t left = end_ - pos_;
    if (left == 0) return size_t{0};
    auto got = readf(out, static_cast<size_t>(std::min<uint64_t>(frames, left)));
    if (!got) return got.error();
    pos_ += *got;
    if (*got == 0) pos_ = end_;  // the inner source ended early
    return *got;
  }

  // Seeks to begin_, or reads the frames before it into `scratch` (the caller's buffer of
  // `frames` frames) and drops them.
  template <typename T, typename ReadF>
  util::Status skip_to_begin(T* scratch, size_t frames, ReadF readf) {
    if (begin_ == 0 || inner_->seek(begin_)) {
      pos_ = begin_;
      return {};
    }
    while (pos_ < begin_) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(frames, begin_ - pos_));
      auto got = readf(scratch, want);
      if (!got) return got.error();
      if (*got == 0) {  // the input is shorter than the segment's start
        pos_ = end_;
        return {};
      }
      pos_ += *got;
    }
    return {};
  }

  std::unique_ptr<Source> inner_;
  uint64_t begin_;
  uint64_t end_;
  uint64_t pos_ = 0;  // inner frame the next read gives
  bool positioned_ = false;
};

}  // namespace

std::unique_ptr<Source> make_segment_source(std::unique_ptr<Source> inner, uint64_t begin_frame,
                                            uint64_t end_frame) {
  return std::make_unique<SegmentSource>(std::move(inner), begin_frame, end_frame);
}

}  // namespace dsasr::audio
