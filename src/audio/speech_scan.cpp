#include "audio/speech_scan.h"

namespace dsasr::audio {

util::Result<SpeechScan> scan_speech(Source& source, Converter& converter, SpeechDetector& detector,
                                     const std::atomic<bool>* stop) {
  const size_t block_frames = static_cast<size_t>(source.sample_rate_hz());  // 1 s
  const size_t channels = static_cast<size_t>(source.channels());
  const bool s16 = source.native_s16();
  std::vector<int16_t> in_s16(s16 ? block_frames * channels : 0);
  std::vector<float> in_float(s16 ? 0 : block_frames * channels);
  std::vector<int16_t> mono;
  const size_t frame = detector.frame_samples();
  const int rate = converter.output_rate_hz();
  SpeechScan scan;
  uint64_t frames_done = 0;  // detector frames classified
  bool in_silence = false;
  uint64_t silence_from = 0;  // while in_silence
  auto ms = [rate](uint64_t samples) {
    return static_cast<int64_t>(samples * 1000 / static_cast<uint64_t>(rate));
  };
  auto classify = [&](size_t usable) {
    for (size_t at = 0; at + frame <= usable; at += frame) {
      const bool speech = detector.speech(mono.data() + at);
      const uint64_t begin = frames_done * frame;
      if (!speech && !in_silence) {
        in_silence = true;
        silence_from = begin;
      }
      if (speech && in_silence) {
        scan.silences.push_back({ms(silence_from), ms(begin)});
        in_silence = false;
      }
      ++frames_done;
    }
  };
  uint64_t total = 0;  // converted samples
  for (bool ended = false; !ended;) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) {
      scan.stopped = true;
      break;
    }
    auto got = s16 ? source.read_s16(in_s16.data(), block_frames)
                   : source.read(in_float.data(), block_frames);
    if (!got) {
      scan.error = got.error();
      break;
    }
    const size_t before = mono.size();
    util::Status converted;
    if (*got == 0) {
      converted = converter.flush(mono);
      ended = true;
    } else {
      converted = s16 ? converter.convert(in_s16.data(), *got, mono)
                      : converter.convert(in_float.data(), *got, mono);
    }
    if (!converted) {
      scan.error = converted.error();
      break;
    }
    total += mono.size() - before;
    const size_t usable = mono.size() / frame * frame;
    classify(usable);
    mono.erase(mono.begin(), mono.begin() + static_cast<std::ptrdiff_t>(usable));
  }
  scan.length_ms = ms(total);
  if (in_silence) scan.silences.push_back({ms(silence_from), scan.length_ms});
  return scan;
}

}  // namespace dsasr::audio
