#include "audio/mic_capture.h"

#include <portaudio.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <type_traits>
#include <utility>

#include "audio/devices.h"

namespace dsasr::audio {

namespace {

// Worker block: 128 ms at 16 kHz, 43 ms at 48 kHz. Big enough to drain a burst quickly.
constexpr size_t kBlockFrames = 2048;
// The device calls back once per 100 ms of audio, the chunk the service gets: PortAudio's default
// (paFramesPerBufferUnspecified) was one callback per ALSA period of 8.7 ms, and the worker polled
// its FIFO every 10 ms; with PulseAudio that was 340 wake-ups and 50 CPU seconds per hour of
// audio, 25 times the budget. Now the callback rings a Doorbell when the worker sleeps (one futex
// wake, no lock), so each thread wakes about ten times a second, and a chunk leaves as soon as
// the device delivered it.
constexpr int kCallbackMs = 100;
// The worker also looks at the FIFO, the stop flag and the stream's end this often without a ring
// (stop() and the end of the stream ring too; this only bounds the damage of a lost ring).
constexpr auto kEmptyFifoWait = std::chrono::milliseconds(250);
// Wake the service thread after this much new audio when it asked for data (Ring::want_data),
// and at least every kWakeAnywayMs, so that it can keep room in the ring while no task takes
// audio (app/ Session::guard_live_ring, which keeps 2 s of room).
constexpr int kWakeEveryMs = 50;
constexpr int kWakeAnywayMs = 500;

PaStreamParameters stream_parameters(int device_index, const MicStreamFormat& format,
                                     const PaDeviceInfo& info) {
  PaStreamParameters params{};
  params.device = device_index;
  params.channelCount = format.channels;
  params.sampleFormat = format.sample_format == MicSampleFormat::kInt16 ? paInt16 : paFloat32;
  // The high latency: bigger device buffers survive a busy machine without overflows, and the
  // service only hears from us every 100 ms anyway.
  params.suggestedLatency = info.defaultHighInputLatency;
  params.hostApiSpecificStreamInfo = nullptr;
  return params;
}

}  // namespace

// The PortAudio callbacks. They run on PortAudio's audio thread: atomics, MicFifo::push and
// Doorbell::ring only.
struct MicCapture::Callbacks {
  template <class T>
  static int on_audio(const void* input, void* /*output*/, unsigned long frames,
                      const PaStreamCallbackTimeInfo* /*time*/, PaStreamCallbackFlags flags,
                      void* user) noexcept {
    auto& self = *static_cast<MicCapture*>(user);
    if (flags & paInputOverflow) self.device_overflows_.fetch_add(1, std::memory_order_relaxed);
    if (self.stop_requested_.load(std::memory_order_acquire)) return paComplete;
    MicFifo<T>* fifo = nullptr;
    if constexpr (std::is_same_v<T, int16_t>) {
      fifo = self.fifo_s16_.get();
    } else {
      fifo = self.fifo_f32_.get();
    }
    const uint64_t wanted =
        std::min<uint64_t>(frames, self.callback_frame_limit_ - self.callback_frames_);
    const size_t n = static_cast<size_t>(wanted);
    // A null input buffer (PortAudio allows it) is pushed as silence, keeping the timeline.
    const size_t kept = fifo->push(static_cast<const T*>(input), n);
    self.callback_frames_ += n;
    if (kept < n) self.overrun_frames_.fetch_add(n - kept, std::memory_order_release);
    const bool limit_hit = self.callback_frames_ >= self.callback_frame_limit_;
    if (limit_hit) self.callback_limit_hit_.store(true, std::memory_order_release);
    self.doorbell_.ring();
    return limit_hit ? paComplete : paContinue;
  }

  static void on_finished(void* user) noexcept {
    auto& self = *static_cast<MicCapture*>(user);
    self.stream_finished_.store(true, std::memory_order_release);
    self.doorbell_.ring();
  }
};

util::Result<std::unique_ptr<MicCapture>> MicCapture::open(const MicOptions& options, Ring& ring,
                                                           std::function<void()> wake) {
  if (options.model_rate_hz <= 0) {
    return util::Error(util::ErrorKind::kUsage,
                       "invalid model sample rate " + std::to_string(options.model_rate_hz));
  }
  if (options.duration_sec &&
      !(*options.duration_sec > 0.0 && std::isfinite(*options.duration_sec))) {
    return util::Error(util::ErrorKind::kUsage, "--duration must be a number of seconds above 0");
  }
  if (options.fifo_ms <= 0) {
    return util::Error(util::ErrorKind::kUsage, "the capture FIFO must hold some audio");
  }

  auto library = PortAudioLibrary::initialize();
  if (!library) return library.error();
  const auto devices = list_input_devices(**library);
  auto index = choose_device(devices, options.device);
  if (!index) return index.error();
  const PortAudioApi& pa = (*library)->api();
  const PaDeviceInfo* info = pa.get_device_info(*index);
  if (!info) return no_device_error();
  const PaHostApiInfo* api = pa.get_host_api_info(info->hostApi);
  constexpr int kNarrowbandRateHz = 8000;
  const int model_rate_hz = options.narrowband_ok && info->defaultSampleRate > 0 &&
                                    info->defaultSampleRate <= kNarrowbandRateHz
                                ? kNarrowbandRateHz
                                : options.model_rate_hz;

  std::unique_ptr<MicCapture> capture(new MicCapture(ring, std::move(wake), model_rate_hz));
  capture->library_ = std::move(library.value());
  capture->device_index_ = *index;
  capture->device_name_ = info->name ? info->name : "";
  const std::string device_text = std::string(api && api->name ? api->name : "PortAudio") +
                                  " device [" + std::to_string(*index) + "] '" +
                                  capture->device_name_ + "'";

  const auto format = choose_stream_format(
      model_rate_hz, info->maxInputChannels, info->defaultSampleRate, options.prefer_float,
      [&](const MicStreamFormat& candidate) {
        const PaStreamParameters params = stream_parameters(*index, candidate, *info);
        return pa.is_format_supported(&params, nullptr, candidate.rate_hz) == paFormatIsSupported;
      });
  if (!format) {
    return util::Error(util::ErrorKind::kInput,
                       device_text + " supports no format dsasr can record (tried s16 mono at " +
                           std::to_string(model_rate_hz) +
                           " Hz and float at the device's default rate)",
                       "choose another device with -d; 'dsasr devices' lists them");
  }
  capture->format_ = *format;
  const bool converting = format->needs_conversion(model_rate_hz);
  capture->description_ = device_text + ", " + format->describe();
  if (converting) {
    capture->description_ += ", converted to " + std::to_string(model_rate_hz) + " Hz mono s16";
  }

  if (options.duration_sec) {
    // Capped at 10^12 samples (two years at 16 kHz) so that no product below can overflow.
    const uint64_t limit = static_cast<uint64_t>(
        std::llround(std::min(*options.duration_sec * static_cast<double>(model_rate_hz), 1e12)));
    capture->max_samples_ = limit;
    // The device must deliver enough for the limit; when resampling, one more second covers the
    // resampler's delay. The worker cuts at exactly `limit` samples.
    capture->callback_frame_limit_ = converting ? limit * static_cast<uint64_t>(format->rate_hz) /
                                                          static_cast<uint64_t>(model_rate_hz) +
                                                      static_cast<uint64_t>(format->rate_hz)
                                                : limit;
  }

  const size_t fifo_frames =
      static_cast<size_t>(format->rate_hz) * static_cast<size_t>(options.fifo_ms) / 1000;
  PaStreamCallback* callback = nullptr;
  if (format->sample_format == MicSampleFormat::kInt16) {
    capture->fifo_s16_ = std::make_unique<MicFifo<int16_t>>(fifo_frames, format->channels);
    callback = &Callbacks::on_audio<int16_t>;
  } else {
    capture->fifo_f32_ = std::make_unique<MicFifo<float>>(fifo_frames, format->channels);
    callback = &Callbacks::on_audio<float>;
    auto converter = Converter::create(format->rate_hz, format->channels, model_rate_hz);
    if (!converter) return converter.error();
    capture->converter_.emplace(std::move(converter.value()));
  }

  if (options.save_path) {
    auto save = MicSaveFile::create(*options.save_path, model_rate_hz);
    if (!save) return save.error();
    capture->save_ = std::move(save.value());
  }

  const PaStreamParameters params = stream_parameters(*index, *format, *info);
  PaStream* stream = nullptr;
  const PaError err =
      pa.open_stream(&stream, &params, nullptr, format->rate_hz,
                     static_cast<unsigned long>(format->rate_hz) * kCallbackMs / 1000, paClipOff,
                     callback, capture.get());
  if (err != paNoError) {
    return util::Error(util::ErrorKind::kInput,
                       "cannot open " + device_text + ": " + capture->library_->error_text(err),
                       "the device may be busy or unplugged; 'dsasr devices' lists devices");
  }
  capture->stream_ = stream;
  pa.set_stream_finished_callback(stream, &Callbacks::on_finished);
  return capture;
}

MicCapture::MicCapture(Ring& ring, std::function<void()> wake, int model_rate_hz)
    : ring_(ring), wake_(std::move(wake)), model_rate_hz_(model_rate_hz) {}

MicCapture::~MicCapture() {
  stop();
  join();
}

void MicCapture::start() {
  if (started_) return;
  started_ = true;
  const PaError err = library_->api().start_stream(static_cast<PaStream*>(stream_));
  if (err != paNoError) {
    error_ = util::Error(util::ErrorKind::kInput,
                         "mic: cannot start capturing: " + library_->error_text(err),
                         "the device may be busy or unplugged; 'dsasr devices' lists devices");
    ring_.fail(error_->message);
    finished_.store(true, std::memory_order_release);
    if (wake_) wake_();
    return;
  }
  thread_ = std::thread([this] { run(); });
}

void MicCapture::stop() {
  stop_requested_.store(true, std::memory_order_release);
  ring_.abort();
  doorbell_.ring();
}

void MicCapture::join() {
  if (thread_.joinable()) thread_.join();
  if (stream_) {
    // Closing aborts the stream if it still runs; the callback no longer touches `this` after.
    library_->api().close_stream(static_cast<PaStream*>(stream_));
    stream_ = nullptr;
  }
}

void MicCapture::run() {
  util::Status status;
  try {
    status = pump();
  } catch (const std::exception& e) {
    // Nothing may escape a thread; an exception here is a bug or memory exhaustion.
    status =
        util::Error(util::ErrorKind::kInternal, std::string("mic: capture failed: ") + e.what());
  }
  if (save_) {
    auto closed = save_->close();
    if (status && !closed) status = closed;
  }
  // The callback ends the stream at its next call.
  stop_requested_.store(true, std::memory_order_release);
  duration_reached_.store(limit_reached(), std::memory_order_release);
  if (!status) {
    error_ = status.error();
    ring_.fail(status.error().message);
  } else {
    ring_.close();
  }
  finished_.store(true, std::memory_order_release);
  if (wake_) wake_();
}

util::Status MicCapture::pump() {
  if (fifo_s16_) return pump_fifo(*fifo_s16_);
  return pump_fifo(*fifo_f32_);
}

template <class T>
util::Status MicCapture::pump_fifo(MicFifo<T>& fifo) {
  const size_t channels = static_cast<size_t>(format_.channels);
  std::vector<T> block(kBlockFrames * channels);
  const std::vector<T> silence(kBlockFrames * channels, T{});
  for (;;) {
    if (limit_reached() || cut_off_) return {};
    // Read the flags before popping: everything the callback pushed before it stopped is then
    // popped before the loop can end.
    const bool stopping = stop_requested_.load(std::memory_order_acquire);
    const bool stream_ended = stream_finished_.load(std::memory_order_acquire);
    // Lost frames become silence, so the audio after them keeps its place in time.
    const uint64_t lost = overrun_frames_.load(std::memory_order_acquire);
    if (overruns_filled_ < lost) {
      const size_t n =
          static_cast<size_t>(std::min<uint64_t>(lost - overruns_filled_, kBlockFrames));
      overruns_filled_ += n;
      if (auto status = process(silence.data(), n); !status) return status;
      continue;
    }
    const size_t frames = fifo.pop(block.data(), kBlockFrames);
    if (frames > 0) {
      if (auto status = process(block.data(), frames); !status) return status;
      continue;
    }
    // Stopped (Ctrl+C): what the device delivered before is still sent; after stop() the ring no
    // longer waits for room, so this drain is quick.
    if (stopping) break;
    if (stream_ended) {
      if (callback_limit_hit_.load(std::memory_order_acquire)) break;
      return util::Error(util::ErrorKind::kInput,
                         "mic: the capture stream stopped unexpectedly (device " +
                             std::to_string(device_index_) + " '" + device_name_ + "')",
                         "was the device unplugged? 'dsasr devices' lists devices");
    }
    // Nothing to do: sleep until the callback rings, unless it pushed (or the stream ended, or
    // stop() came) before it could see the bell armed.
    doorbell_.sleep_unless(
        [&] {
          return fifo.size_frames() != 0 || stop_requested_.load(std::memory_order_acquire) ||
                 stream_finished_.load(std::memory_order_acquire) ||
                 overrun_frames_.load(std::memory_order_acquire) != overruns_filled_;
        },
        kEmptyFifoWait);
  }
  if (converter_ && !limit_reached() && !cut_off_) {
    // The resampler's tail belongs to audio the user spoke before the end.
    converted_.clear();
    if (auto status = converter_->flush(converted_); !status) return status;
    return deliver(converted_.data(), converted_.size());
  }
  return {};
}

template <class T>
util::Status MicCapture::process(const T* interleaved, size_t frames) {
  if constexpr (std::is_same_v<T, int16_t>) {
    // s16 is only opened mono at the model rate: the device's samples are the output.
    return deliver(interleaved, frames);
  } else {
    converted_.clear();
    if (auto status = converter_->convert(interleaved, frames, converted_); !status) return status;
    return deliver(converted_.data(), converted_.size());
  }
}

util::Status MicCapture::deliver(const int16_t* samples, size_t n) {
  if (max_samples_) {
    n = static_cast<size_t>(std::min<uint64_t>(n, *max_samples_ - samples_written_local_));
  }
  if (n == 0) return {};
  // Count what reached the ring, not what was asked for: a write aborted by stop() may have put
  // part of the block in, and that part is sent (and saved) like the rest.
  const uint64_t before = ring_.write_pos();
  // After stop() the ring no longer waits for room; once part of a block had to be dropped,
  // nothing more is written, so what was sent stays one gapless stretch of audio.
  if (!ring_.write(samples, n)) cut_off_ = true;
  n = static_cast<size_t>(ring_.write_pos() - before);
  if (n == 0) return {};
  if (save_) {
    if (auto status = save_->write(samples, n); !status) return status;
  }
  samples_written_local_ += n;
  samples_written_.store(samples_written_local_, std::memory_order_relaxed);
  samples_since_wake_ += n;
  const uint64_t rate = static_cast<uint64_t>(model_rate_hz_);
  if (samples_since_wake_ >= rate * kWakeEveryMs / 1000 &&
      (samples_since_wake_ >= rate * kWakeAnywayMs / 1000 || ring_.take_data_wanted())) {
    samples_since_wake_ = 0;
    if (wake_) wake_();
  }
  return {};
}

}  // namespace dsasr::audio
