#include "audio/converter.h"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace dsasr::audio {

namespace {

soxr_t as_soxr(void* p) {
  return static_cast<soxr_t>(p);
}

util::Error soxr_failure(const char* what, soxr_error_t error) {
  return util::Error(util::ErrorKind::kInternal,
                     std::string("resampler: ") + what + ": " + (error ? error : "unknown error"));
}

}  // namespace

int16_t float_to_s16(float x) {
  if (std::isnan(x)) return 0;
  const float scaled = x * 32768.0f;
  if (scaled >= 32767.0f) return 32767;
  if (scaled <= -32768.0f) return -32768;
  return static_cast<int16_t>(std::lrint(scaled));
}

void Converter::SoxrDeleter::operator()(void* soxr) const {
  soxr_delete(as_soxr(soxr));
}

Converter::Converter(int input_rate_hz, int channels, int output_rate_hz)
    : input_rate_hz_(input_rate_hz), channels_(channels), output_rate_hz_(output_rate_hz) {}

Converter::Converter(Converter&&) noexcept = default;
Converter& Converter::operator=(Converter&&) noexcept = default;
Converter::~Converter() = default;

util::Result<Converter> Converter::create(int input_rate_hz, int channels, int output_rate_hz) {
  if (input_rate_hz <= 0 || output_rate_hz <= 0 || channels < 1) {
    return util::Error(util::ErrorKind::kInternal, "converter: invalid format " +
                                                       std::to_string(input_rate_hz) + " Hz, " +
                                                       std::to_string(channels) + " channels -> " +
                                                       std::to_string(output_rate_hz) + " Hz");
  }
  Converter converter(input_rate_hz, channels, output_rate_hz);
  if (input_rate_hz != output_rate_hz) {
    soxr_error_t error = nullptr;
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    // One thread: the capture thread is the only one that should do audio work.
    const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    soxr_t soxr = soxr_create(input_rate_hz, output_rate_hz, 1, &error, &io, &quality, &runtime);
    if (soxr == nullptr || error != nullptr) {
      if (soxr != nullptr) soxr_delete(soxr);
      return soxr_failure("create", error);
    }
    converter.resampler_.reset(soxr);
  }
  return converter;
}

util::Status Converter::convert(const float* interleaved, size_t frames,
                                std::vector<int16_t>& out) {
  if (frames == 0) return {};
  const float* mono = interleaved;
  if (channels_ > 1) {
    mono_.resize(frames);
    const auto channels = static_cast<size_t>(channels_);
    const float scale = 1.0f / static_cast<float>(channels_);
    for (size_t i = 0; i < frames; ++i) {
      float sum = 0.0f;
      for (size_t c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
      mono_[i] = sum * scale;
    }
    mono = mono_.data();
  }
  if (!resampler_) {
    out.reserve(out.size() + frames);
    for (size_t i = 0; i < frames; ++i) out.push_back(float_to_s16(mono[i]));
    return {};
  }
  return resample(mono, frames, out);
}

util::Status Converter::flush(std::vector<int16_t>& out) {
  if (flushed_) return {};
  flushed_ = true;
  if (!resampler_) return {};
  // A null input tells soxr the input has ended; it then drains its delay line. Repeat until it
  // produces nothing more.
  return resample(nullptr, 0, out);
}

util::Status Converter::resample(const float* mono, size_t frames, std::vector<int16_t>& out) {
  const double ratio = static_cast<double>(output_rate_hz_) / input_rate_hz_;
  const size_t capacity = static_cast<size_t>(static_cast<double>(frames) * ratio) + 1024;
  resampled_.resize(capacity);
  size_t consumed = 0;
  for (;;) {
    size_t in_done = 0;
    size_t out_done = 0;
    const soxr_error_t error =
        soxr_process(as_soxr(resampler_.get()), mono ? mono + consumed : nullptr, frames - consumed,
                     &in_done, resampled_.data(), capacity, &out_done);
    if (error != nullptr) return soxr_failure("process", error);
    consumed += in_done;
    for (size_t i = 0; i < out_done; ++i) out.push_back(float_to_s16(resampled_[i]));
    // Input: loop until soxr has taken all of it (it takes less when the output buffer is full).
    // Flush: loop until it has nothing left to give.
    if (mono != nullptr ? consumed >= frames && out_done < capacity : out_done == 0) break;
  }
  return {};
}

}  // namespace dsasr::audio
