#include "audio/stereo_save.h"

#include <algorithm>

namespace dsasr::audio {

util::Result<std::unique_ptr<StereoSaveFile>> StereoSaveFile::create(const std::string& path,
                                                                     int sample_rate_hz) {
  auto file = MicSaveFile::create(path, sample_rate_hz, 2);
  if (!file) return file.error();
  return std::unique_ptr<StereoSaveFile>(new StereoSaveFile(std::move(*file)));
}

SampleTap StereoSaveFile::channel_tap(int channel) {
  return [this, channel](const int16_t* samples, size_t n) { return write(channel, samples, n); };
}

std::vector<int16_t> StereoSaveFile::interleave_ready(std::vector<int16_t>& left,
                                                      std::vector<int16_t>& right) {
  const size_t frames = std::min(left.size(), right.size());
  std::vector<int16_t> out(frames * 2);
  for (size_t i = 0; i < frames; ++i) {
    out[2 * i] = left[i];
    out[2 * i + 1] = right[i];
  }
  left.erase(left.begin(), left.begin() + static_cast<std::ptrdiff_t>(frames));
  right.erase(right.begin(), right.begin() + static_cast<std::ptrdiff_t>(frames));
  return out;
}

util::Status StereoSaveFile::write(int channel, const int16_t* samples, size_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return {};
  pending_[channel].insert(pending_[channel].end(), samples, samples + n);
  const std::vector<int16_t> frames = interleave_ready(pending_[0], pending_[1]);
  if (frames.empty()) return {};
  return file_->write(frames.data(), frames.size());
}

util::Status StereoSaveFile::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return {};
  closed_ = true;
  // The stream that sent less is padded with silence: the file keeps both in step to the end.
  const size_t longer = std::max(pending_[0].size(), pending_[1].size());
  pending_[0].resize(longer, 0);
  pending_[1].resize(longer, 0);
  const std::vector<int16_t> frames = interleave_ready(pending_[0], pending_[1]);
  util::Status status;
  if (!frames.empty()) status = file_->write(frames.data(), frames.size());
  auto closed = file_->close();
  return status ? closed : status;
}

}  // namespace dsasr::audio
