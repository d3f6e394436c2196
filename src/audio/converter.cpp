#include "audio/converter.h"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

void floats_to_s16(const float* in, size_t n, int16_t* out) {
  size_t i = 0;
#if defined(__SSE2__)
  // cvtps2dq rounds in the current rounding mode, as lrint does; NaN is zeroed before the clamp
  // (max/min would pass it on) and the pack saturates nothing, as the values are already clamped.
  const __m128 scale = _mm_set1_ps(32768.0f);
  const __m128 lo = _mm_set1_ps(-32768.0f);
  const __m128 hi = _mm_set1_ps(32767.0f);
  for (; i + 8 <= n; i += 8) {
    __m128 a = _mm_mul_ps(_mm_loadu_ps(in + i), scale);
    __m128 b = _mm_mul_ps(_mm_loadu_ps(in + i + 4), scale);
    a = _mm_and_ps(a, _mm_cmpord_ps(a, a));
    b = _mm_and_ps(b, _mm_cmpord_ps(b, b));
    a = _mm_min_ps(_mm_max_ps(a, lo), hi);
    b = _mm_min_ps(_mm_max_ps(b, lo), hi);
    const __m128i packed = _mm_packs_epi32(_mm_cvtps_epi32(a), _mm_cvtps_epi32(b));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), packed);
  }
#endif
  for (; i < n; ++i) out[i] = float_to_s16(in[i]);
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
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_MQ, 0);
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
  if (channels_ == 1) return emit(interleaved, frames, out);
  mono_.resize(frames);
  const auto channels = static_cast<size_t>(channels_);
  const float scale = 1.0f / static_cast<float>(channels_);
  if (channels == 2) {
    // The common case, written out so the compiler vectorises it.
    for (size_t i = 0; i < frames; ++i) {
      mono_[i] = (interleaved[2 * i] + interleaved[2 * i + 1]) * scale;
    }
  } else {
    for (size_t i = 0; i < frames; ++i) {
      float sum = 0.0f;
      for (size_t c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
      mono_[i] = sum * scale;
    }
  }
  return emit(mono_.data(), frames, out);
}

util::Status Converter::convert(const int16_t* interleaved, size_t frames,
                                std::vector<int16_t>& out) {
  if (frames == 0) return {};
  if (channels_ == 1 && !resampler_) {
    out.insert(out.end(), interleaved, interleaved + frames);
    return {};
  }
  // To float as the float path would see it: x / 32768 is exact, and so is a sum of up to 256
  // such channels (24-bit mantissa), so each step below rounds exactly where convert(float*) does.
  constexpr float kUnit = 1.0f / 32768.0f;
  mono_.resize(frames);
  const auto channels = static_cast<size_t>(channels_);
  if (channels == 1) {
    for (size_t i = 0; i < frames; ++i) mono_[i] = static_cast<float>(interleaved[i]) * kUnit;
  } else if (channels == 2) {
    const float scale = 0.5f;
    for (size_t i = 0; i < frames; ++i) {
      const int sum = interleaved[2 * i] + interleaved[2 * i + 1];
      mono_[i] = static_cast<float>(sum) * kUnit * scale;
    }
  } else {
    const float scale = 1.0f / static_cast<float>(channels_);
    for (size_t i = 0; i < frames; ++i) {
      int32_t sum = 0;
      for (size_t c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
      mono_[i] = static_cast<float>(sum) * kUnit * scale;
    }
  }
  return emit(mono_.data(), frames, out);
}

util::Status Converter::emit(const float* mono, size_t frames, std::vector<int16_t>& out) {
  if (resampler_) return resample(mono, frames, out);
  const size_t start = out.size();
  out.resize(start + frames);
  int16_t* dst = out.data() + start;
  floats_to_s16(mono, frames, dst);
  return {};
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
    const size_t start = out.size();
    out.resize(start + out_done);
    int16_t* dst = out.data() + start;
    floats_to_s16(resampled_.data(), out_done, dst);
    // Input: loop until soxr has taken all of it (it takes less when the output buffer is full).
    // Flush: loop until it has nothing left to give.
    if (mono != nullptr ? consumed >= frames && out_done < capacity : out_done == 0) break;
  }
  return {};
}

}  // namespace dsasr::audio
