#include "audio/pulse_capture.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include "audio/pulse_library.h"
#include "audio/pulse_sources.h"

namespace dsasr::audio {

namespace {

// One read: 100 ms, the chunk the service gets, so stop() is noticed within 100 ms and the
// service thread is woken ten times a second.
constexpr int kReadMs = 100;

}  // namespace

util::Result<std::unique_ptr<PulseCapture>> PulseCapture::open(const PulseCaptureOptions& options,
                                                               Ring& ring,
                                                               std::function<void()> wake) {
  if (options.model_rate_hz <= 0) {
    return util::Error(util::ErrorKind::kUsage,
                       "invalid model sample rate " + std::to_string(options.model_rate_hz));
  }
  if (options.duration_sec &&
      !(*options.duration_sec > 0.0 && std::isfinite(*options.duration_sec))) {
    return util::Error(util::ErrorKind::kUsage, "--duration must be a number of seconds above 0");
  }
  auto api = load_pulse();
  if (!api) return api.error();
  const PulseApi& pa = **api;

  std::unique_ptr<PulseCapture> capture(
      new PulseCapture(ring, std::move(wake), options.model_rate_hz, options.input_name));
  capture->source_ = options.source;
  capture->tap_ = options.tap;
  capture->description_ = "sound server source '" + options.source + "', " +
                          std::to_string(options.model_rate_hz) + " Hz mono s16";
  if (options.duration_sec) {
    capture->max_samples_ = static_cast<uint64_t>(std::llround(
        std::min(*options.duration_sec * static_cast<double>(options.model_rate_hz), 1e12)));
  }
  if (options.save_path) {
    auto save = MicSaveFile::create(*options.save_path, options.model_rate_hz);
    if (!save) return save.error();
    capture->save_ = std::move(save.value());
  }

  pa_sample_spec spec{};
  spec.format = PA_SAMPLE_S16LE;
  spec.rate = static_cast<uint32_t>(options.model_rate_hz);
  spec.channels = 1;
  pa_buffer_attr attr{};
  attr.maxlength = static_cast<uint32_t>(-1);
  attr.tlength = static_cast<uint32_t>(-1);
  attr.prebuf = static_cast<uint32_t>(-1);
  attr.minreq = static_cast<uint32_t>(-1);
  // The server hands audio over in 100 ms fragments (its default would be up to 2 s).
  attr.fragsize = static_cast<uint32_t>(options.model_rate_hz * 2 * kReadMs / 1000);
  int err = 0;
  const std::string stream_name = "dsasr " + options.input_name;
  pa_simple* simple = pa.simple_new(nullptr, "dsasr", PA_STREAM_RECORD, options.source.c_str(),
                                    stream_name.c_str(), &spec, nullptr, &attr, &err);
  if (!simple) {
    const std::string why = pa.strerror(err);
    if (err == PA_ERR_CONNECTIONREFUSED || err == PA_ERR_CONNECTIONTERMINATED ||
        err == PA_ERR_ACCESS || err == PA_ERR_TIMEOUT) {
      return no_sound_server_error(why);
    }
    return util::Error(util::ErrorKind::kInput,
                       "cannot record the sound server's source '" + options.source + "': " + why,
                       "'dsasr devices' lists the sources");
  }
  capture->simple_ = simple;
  return capture;
}

PulseCapture::PulseCapture(Ring& ring, std::function<void()> wake, int model_rate_hz,
                           std::string input_name)
    : ring_(ring),
      wake_(std::move(wake)),
      model_rate_hz_(model_rate_hz),
      input_name_(std::move(input_name)) {}

PulseCapture::~PulseCapture() {
  stop();
  join();
  if (simple_) {
    auto api = load_pulse();
    if (api) (*api)->simple_free(static_cast<pa_simple*>(simple_));
    simple_ = nullptr;
  }
}

void PulseCapture::start() {
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { run(); });
}

void PulseCapture::stop() {
  stop_requested_.store(true, std::memory_order_release);
  ring_.abort();
}

void PulseCapture::join() {
  if (thread_.joinable()) thread_.join();
}

void PulseCapture::run() {
  util::Status status;
  try {
    status = pump();
  } catch (const std::exception& e) {
    status = util::Error(util::ErrorKind::kInternal,
                         input_name_ + ": capture failed: " + std::string(e.what()));
  }
  if (save_) {
    auto closed = save_->close();
    if (status && !closed) status = closed;
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

util::Status PulseCapture::pump() {
  auto api = load_pulse();
  if (!api) return api.error();
  const PulseApi& pa = **api;
  const size_t block = static_cast<size_t>(model_rate_hz_) * kReadMs / 1000;
  std::vector<int16_t> buffer(block);
  while (!stop_requested_.load(std::memory_order_acquire) && !cut_off_ &&
         !(max_samples_ && written_local_ >= *max_samples_)) {
    int err = 0;
    if (pa.simple_read(static_cast<pa_simple*>(simple_), buffer.data(),
                       buffer.size() * sizeof(int16_t), &err) < 0) {
      return util::Error(util::ErrorKind::kInput,
                         input_name_ + ": the sound server stopped delivering '" + source_ +
                             "': " + pa.strerror(err),
                         "is the sound server still running? 'pactl info' tells");
    }
    if (auto st = deliver(buffer.data(), buffer.size()); !st) return st;
  }
  return {};
}

util::Status PulseCapture::deliver(const int16_t* samples, size_t n) {
  if (max_samples_) n = static_cast<size_t>(std::min<uint64_t>(n, *max_samples_ - written_local_));
  if (n == 0) return {};
  const uint64_t before = ring_.write_pos();
  // After stop() the ring no longer waits for room; a block that did not fit ends the capture,
  // so what was sent stays one gapless stretch.
  if (!ring_.write(samples, n)) cut_off_ = true;
  n = static_cast<size_t>(ring_.write_pos() - before);
  if (n == 0) return {};
  if (save_) {
    if (auto st = save_->write(samples, n); !st) return st;
  }
  if (tap_) {
    if (auto st = tap_(samples, n); !st) return st;
  }
  written_local_ += n;
  samples_written_.store(written_local_, std::memory_order_relaxed);
  if (wake_) wake_();
  return {};
}

}  // namespace dsasr::audio
