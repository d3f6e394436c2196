// Converter: interleaved float or s16 audio at the source's rate and channel count -> mono s16 at
// the model rate (16000 or 8000 Hz).
//
// Steps: downmix (average of the channels), resample with libsoxr in streaming mode (created once,
// fed block by block, flushed at the end), then float -> s16 with rounding and clipping (full scale
// is 32768, matching libsndfile's int -> float normalisation, so s16 input at the model rate comes
// out bit-exact). When the source rate equals the model rate no resampler is created.
//
// s16 input gives exactly the output of the same samples divided by 32768 as float input (the
// downmix sums integers and scales by a power of two, which is exact), at less cost: mono s16 at
// the model rate is copied as is. One converter may be fed either kind, even mixed.
//
// Resampling quality: SOXR_MQ (16-bit precision, passband to 91.6% of the output Nyquist
// frequency, linear phase). The output is s16, so 20-bit SOXR_HQ (passband 91.4%) adds precision
// that rounding to s16 discards. Measured for 60 s of 44.1 kHz -> 16 kHz: 140 M soxr instructions
// with MQ, 146 M with HQ, 124 M with LQ (whose passband ends at 67.6%, about 5.4 kHz: too low
// for speech). The cost is mostly per input sample, whatever the quality.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "util/result.h"

namespace dsasr::audio {

class Converter {
 public:
  // input_rate_hz and output_rate_hz > 0, channels >= 1; fails (kInternal) only if libsoxr does.
  static util::Result<Converter> create(int input_rate_hz, int channels, int output_rate_hz);

  Converter(Converter&&) noexcept;
  Converter& operator=(Converter&&) noexcept;
  ~Converter();

  int input_rate_hz() const { return input_rate_hz_; }
  int channels() const { return channels_; }
  int output_rate_hz() const { return output_rate_hz_; }
  bool resampling() const { return resampler_ != nullptr; }

  // Converts `frames` interleaved frames and appends the mono s16 result to `out` (which may grow
  // by fewer or more samples than frames * ratio: the resampler has a delay). Not after flush().
  util::Status convert(const float* interleaved, size_t frames, std::vector<int16_t>& out);
  util::Status convert(const int16_t* interleaved, size_t frames, std::vector<int16_t>& out);
  // End of input: appends what the resampler still holds. Call once.
  util::Status flush(std::vector<int16_t>& out);

 private:
  struct SoxrDeleter {
    void operator()(void* soxr) const;
  };

  Converter(int input_rate_hz, int channels, int output_rate_hz);
  // The downmixed (or mono) float block, resampled if needed, appended as s16.
  util::Status emit(const float* mono, size_t frames, std::vector<int16_t>& out);
  util::Status resample(const float* mono, size_t frames, std::vector<int16_t>& out);

  int input_rate_hz_ = 0;
  int channels_ = 1;
  int output_rate_hz_ = 0;
  std::unique_ptr<void, SoxrDeleter> resampler_;  // soxr_t; null when the rates match
  std::vector<float> mono_;                       // scratch: the downmixed block
  std::vector<float> resampled_;                  // scratch: soxr output
  bool flushed_ = false;
};

// Float sample (full scale +-1.0) to s16: x * 32768, rounded to nearest (ties to even, as lrint
// in the default rounding mode), clipped to [-32768, 32767]. NaN becomes 0.
int16_t float_to_s16(float x);

// float_to_s16 of n samples, four at a time with SSE2 where the target has it (lrint was a libm
// call per sample: 5% of dsasr's CPU time for a resampled MP3, perf). Same results.
void floats_to_s16(const float* in, size_t n, int16_t* out);

}  // namespace dsasr::audio
