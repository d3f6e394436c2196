#include "audio/file_capture.h"

#include <algorithm>
#include <exception>
#include <type_traits>
#include <utility>
#include <vector>

namespace dsasr::audio {

namespace {

// Decode blocks. s16 inputs: 100 ms (at most 19200 frames, for rates up to 192 kHz); per-call
// costs in libsndfile, soxr and the ring are negligible at this size, and a block of a regular
// file decodes in well under a millisecond, so stop() is still noticed at once (reads of streams
// are interrupted by the Source itself). Float inputs (lossy codecs, wide PCM): 1024 frames, as
// libsndfile's MP3 reader costs more per sample for larger requests (callgrind, 60 s MP3: 264 M
// instructions in 1024-frame reads, 279 M in 4410-frame ones).
// Regular files are read a second at a time: at --speed max the reads themselves (one system call
// each) were a third of dsasr's system time with 100 ms blocks, and bigger blocks let the sender
// send bigger bursts. Streams (stdin) keep 100 ms, as a read waits for the whole block and a live
// stream should not wait a second.
constexpr int kS16BlockMs = 100;
constexpr int kS16FileBlockMs = 1000;
constexpr size_t kMaxS16BlockFrames = 192000;
constexpr size_t kFloatBlockFrames = 1024;
// Wake the service thread (when it asked for audio) after this much new audio. Streams: 50 ms,
// as a live stream's audio should leave as soon as a 100 ms chunk is whole. Regular files: 1 s.
// A file decodes hundreds of times faster than real time, so a second of it is ready within a
// few milliseconds, and a sender waiting for a decoder (FLAC, MP3 at --speed max) then wakes once
// per second of audio and sends ten chunks in one burst instead of waking twenty times
// (perf, 10-minute MP3: wake-ups were 29% of dsasr's CPU). At --speed realtime the ring is far
// ahead of the pacer, so neither interval is noticed.
constexpr int kStreamWakeEveryMs = 50;
constexpr int kFileWakeEveryMs = 1000;

}  // namespace

FileCapture::FileCapture(std::unique_ptr<Source> source, Converter converter, Ring& ring,
                         std::function<void()> wake)
    : source_(std::move(source)),
      converter_(std::move(converter)),
      ring_(ring),
      wake_(std::move(wake)),
      source_rate_hz_(source_->sample_rate_hz()),
      duration_ms_(source_->duration_ms()),
      source_channels_(source_->channels()),
      model_rate_hz_(converter_.output_rate_hz()),
      description_(source_->description()),
      input_name_(source_->name()) {}

FileCapture::~FileCapture() {
  stop();
  join();
}

void FileCapture::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void FileCapture::stop() {
  stop_requested_.store(true, std::memory_order_release);
  source_->interrupt();
  ring_.abort();
}

void FileCapture::join() {
  if (thread_.joinable()) thread_.join();
}

void FileCapture::run() {
  util::Status status;
  try {
    status = pump();
  } catch (const std::exception& e) {
    // Nothing may escape a thread; an exception here is a bug or memory exhaustion.
    status = util::input_error(input_name_, util::ErrorKind::kInternal,
                               std::string("capture failed: ") + e.what());
  }
  if (!status) {
    error_ = status.error();
    ring_.fail(status.error().message);  // the session adds the input's name
  } else {
    ring_.close();
  }
  finished_.store(true, std::memory_order_release);
  if (wake_) wake_();
}

util::Status FileCapture::pump() {
  // Inputs that hold 16-bit samples are read as such: no float round trip, and mono s16 at the
  // model rate goes to the ring as read. The output is the same either way (converter.h).
  const bool regular_file = source_->regular_file();
  wake_every_samples_ = std::max<size_t>(
      static_cast<size_t>(model_rate_hz_) *
          static_cast<size_t>(regular_file ? kFileWakeEveryMs : kStreamWakeEveryMs) / 1000,
      1);
  if (source_->native_s16()) {
    const int block_ms = regular_file ? kS16FileBlockMs : kS16BlockMs;
    return pump_blocks<int16_t>(std::clamp<size_t>(
        static_cast<size_t>(source_rate_hz_) * static_cast<size_t>(block_ms) / 1000, 1,
        kMaxS16BlockFrames));
  }
  return pump_blocks<float>(kFloatBlockFrames);
}

template <typename Sample>
util::Status FileCapture::pump_blocks(size_t block_frames) {
  std::vector<Sample> block(block_frames * static_cast<size_t>(source_channels_));
  std::vector<int16_t> converted;
  while (!stop_requested_.load(std::memory_order_acquire)) {
    util::Result<size_t> got = size_t{0};
    if constexpr (std::is_same_v<Sample, int16_t>) {
      got = source_->read_s16(block.data(), block_frames);
    } else {
      got = source_->read(block.data(), block_frames);
    }
    if (!got) return got.error();
    if (*got == 0) break;
    frames_decoded_.fetch_add(*got, std::memory_order_relaxed);
    if constexpr (std::is_same_v<Sample, int16_t>) {
      if (source_channels_ == 1 && !converter_.resampling()) {
        // Mono s16 at the model rate: the block is the output, no copy through the converter.
        if (!deliver(block.data(), *got)) return {};
        continue;
      }
    }
    converted.clear();
    if (auto status = converter_.convert(block.data(), *got, converted); !status) return status;
    if (!deliver(converted.data(), converted.size())) return {};
  }
  // Stopped or at the end: either way what was decoded is worth sending, including the
  // resampler's tail.
  converted.clear();
  if (auto status = converter_.flush(converted); !status) return status;
  deliver(converted.data(), converted.size());
  return {};
}

bool FileCapture::deliver(const int16_t* samples, size_t count) {
  // In slices of the wake interval: a block may hold more audio than that, and a sender waiting
  // for data should not wait for the whole block. The service thread is only woken when it asked
  // for data (Ring::want_data): paced by its timers, or busy sending, it does not need to be.
  const size_t wake_every = wake_every_samples_;
  for (size_t done = 0; done < count;) {
    const size_t n = std::min(count - done, wake_every - samples_since_wake_);
    if (!ring_.write(samples + done, n)) return false;  // aborted: shutting down
    done += n;
    samples_written_.fetch_add(n, std::memory_order_relaxed);
    samples_since_wake_ += n;
    if (samples_since_wake_ >= wake_every) {
      samples_since_wake_ = 0;
      if (wake_ && ring_.take_data_wanted()) wake_();
    }
  }
  return true;
}

}  // namespace dsasr::audio
