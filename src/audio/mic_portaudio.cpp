#include "audio/mic_portaudio.h"

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <atomic>
#include <mutex>

namespace dsasr::audio {

namespace {

std::atomic<bool> g_backend_verbose{false};
// Pa_Initialize/Pa_Terminate keep a plain counter; nothing in PortAudio guards it.
std::mutex g_init_mutex;

void alsa_quiet(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                const char* /*fmt*/, ...) {}
void jack_quiet(const char* /*message*/) {}

// Called with g_init_mutex held, before every Pa_Initialize: alsa-lib and libjack talk during
// device probing, which PortAudio does inside Pa_Initialize.
void quieten_backends() {
  if (g_backend_verbose.load(std::memory_order_relaxed)) return;
  snd_lib_error_set_handler(&alsa_quiet);
  jack_set_error_function(&jack_quiet);
  jack_set_info_function(&jack_quiet);
}

}  // namespace

void set_backend_verbose(bool verbose) {
  g_backend_verbose.store(verbose);
}

util::Result<std::unique_ptr<PortAudioLibrary>> PortAudioLibrary::initialize() {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  quieten_backends();
  const PaError err = Pa_Initialize();
  if (err != paNoError) {
    return util::Error(
        util::ErrorKind::kInput,
        "cannot initialise the audio system (PortAudio): " + portaudio_error_text(err),
        "check that ALSA or PulseAudio is installed and working");
  }
  return std::unique_ptr<PortAudioLibrary>(new PortAudioLibrary());
}

PortAudioLibrary::~PortAudioLibrary() {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  Pa_Terminate();
}

std::string portaudio_error_text(int pa_error) {
  if (pa_error == paUnanticipatedHostError) {
    const PaHostErrorInfo* host = Pa_GetLastHostErrorInfo();
    if (host && host->errorText && *host->errorText) return host->errorText;
  }
  const char* text = Pa_GetErrorText(pa_error);
  return text ? text : "unknown PortAudio error " + std::to_string(pa_error);
}

}  // namespace dsasr::audio
