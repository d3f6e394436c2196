#include "audio/file_capture.h"

#include <exception>
#include <utility>
#include <vector>

namespace dsasr::audio {

namespace {

// Decode block: 20 ms at 48 kHz. Small enough that a stop is noticed quickly, large enough that
// per-call overhead in libsndfile and soxr is negligible.
constexpr size_t kBlockFrames = 1024;
// Wake the service thread after this much new audio (the pacer sends 100 ms chunks).
constexpr int kWakeEveryMs = 50;

}  // namespace

FileCapture::FileCapture(std::unique_ptr<Source> source, Converter converter, Ring& ring,
                         std::function<void()> wake)
    : source_(std::move(source)),
      converter_(std::move(converter)),
      ring_(ring),
      wake_(std::move(wake)),
      source_rate_hz_(source_->sample_rate_hz()),
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
    status = util::Error(util::ErrorKind::kInternal, input_name_ + ": capture failed: " + e.what());
  }
  if (!status) {
    error_ = status.error();
    ring_.fail(status.error().message);
  } else {
    ring_.close();
  }
  finished_.store(true, std::memory_order_release);
  if (wake_) wake_();
}

util::Status FileCapture::pump() {
  std::vector<float> block(kBlockFrames * static_cast<size_t>(source_channels_));
  std::vector<int16_t> converted;
  while (!stop_requested_.load(std::memory_order_acquire)) {
    auto got = source_->read(block.data(), kBlockFrames);
    if (!got) return got.error();
    if (*got == 0) break;
    frames_decoded_.fetch_add(*got, std::memory_order_relaxed);
    converted.clear();
    if (auto status = converter_.convert(block.data(), *got, converted); !status) return status;
    if (!deliver(converted)) return {};
  }
  // Stopped or at the end: either way what was decoded is worth sending, including the
  // resampler's tail.
  converted.clear();
  if (auto status = converter_.flush(converted); !status) return status;
  deliver(converted);
  return {};
}

bool FileCapture::deliver(std::vector<int16_t>& samples) {
  if (samples.empty()) return true;
  if (!ring_.write(samples.data(), samples.size())) return false;  // aborted: shutting down
  samples_written_.fetch_add(samples.size(), std::memory_order_relaxed);
  samples_since_wake_ += samples.size();
  const uint64_t wake_every = static_cast<uint64_t>(model_rate_hz_) * kWakeEveryMs / 1000;
  if (samples_since_wake_ >= wake_every) {
    samples_since_wake_ = 0;
    if (wake_) wake_();
  }
  return true;
}

}  // namespace dsasr::audio
