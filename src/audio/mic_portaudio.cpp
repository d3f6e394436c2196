#include "audio/mic_portaudio.h"

#include <alsa/asoundlib.h>
#include <dlfcn.h>
#include <jack/jack.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

namespace dsasr::audio {

namespace {

constexpr const char* kPortAudioSoname = "libportaudio.so.2";

std::atomic<bool> g_backend_verbose{false};
// Guards loading and Pa_Initialize/Pa_Terminate: PortAudio keeps a plain counter.
std::mutex g_init_mutex;
// Filled once, under g_init_mutex, and never changed after: the library is never unloaded
// (alsa-lib and libjack keep threads and atexit handlers that would outlive it).
PortAudioApi g_api;
bool g_loaded = false;

void alsa_quiet(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                const char* /*fmt*/, ...) {}
void jack_quiet(const char* /*message*/) {}

template <typename Fn>
bool resolve(void* handle, const char* name, Fn& fn) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  return fn != nullptr;
}

// Called with g_init_mutex held.
util::Status load_portaudio() {
  if (g_loaded) return {};
  void* handle = dlopen(kPortAudioSoname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    return util::Error(util::ErrorKind::kInput,
                       std::string("cannot load the audio library ") + kPortAudioSoname + ": " +
                           (why ? why : "unknown error"),
                       "install PortAudio (Debian: apt-get install libportaudio2)");
  }
  PortAudioApi api;
  const bool ok =
      resolve(handle, "Pa_Initialize", api.initialize) &&
      resolve(handle, "Pa_Terminate", api.terminate) &&
      resolve(handle, "Pa_GetErrorText", api.get_error_text) &&
      resolve(handle, "Pa_GetLastHostErrorInfo", api.get_last_host_error_info) &&
      resolve(handle, "Pa_GetDefaultInputDevice", api.get_default_input_device) &&
      resolve(handle, "Pa_GetDeviceCount", api.get_device_count) &&
      resolve(handle, "Pa_GetDeviceInfo", api.get_device_info) &&
      resolve(handle, "Pa_GetHostApiInfo", api.get_host_api_info) &&
      resolve(handle, "Pa_IsFormatSupported", api.is_format_supported) &&
      resolve(handle, "Pa_OpenStream", api.open_stream) &&
      resolve(handle, "Pa_SetStreamFinishedCallback", api.set_stream_finished_callback) &&
      resolve(handle, "Pa_StartStream", api.start_stream) &&
      resolve(handle, "Pa_CloseStream", api.close_stream);
  if (!ok) {
    return util::Error(util::ErrorKind::kInput,
                       std::string(kPortAudioSoname) + " lacks a function dsasr needs",
                       "install PortAudio v19 (Debian: apt-get install libportaudio2)");
  }
  g_api = api;
  g_loaded = true;
  return {};
}

// Called with g_init_mutex held, before every Pa_Initialize: alsa-lib and libjack talk during
// device probing, which PortAudio does inside Pa_Initialize. Both were loaded with PortAudio
// (when it was built with them); RTLD_NOLOAD only finds them, it never loads anything.
void quieten_backends() {
  if (g_backend_verbose.load(std::memory_order_relaxed)) return;
  if (void* alsa = dlopen("libasound.so.2", RTLD_NOW | RTLD_NOLOAD)) {
    decltype(&snd_lib_error_set_handler) set_handler = nullptr;
    if (resolve(alsa, "snd_lib_error_set_handler", set_handler)) set_handler(&alsa_quiet);
    dlclose(alsa);  // drops the reference NOLOAD took; PortAudio's keeps it loaded
  }
  if (void* jack = dlopen("libjack.so.0", RTLD_NOW | RTLD_NOLOAD)) {
    decltype(&jack_set_error_function) set_error = nullptr;
    decltype(&jack_set_info_function) set_info = nullptr;
    if (resolve(jack, "jack_set_error_function", set_error)) set_error(&jack_quiet);
    if (resolve(jack, "jack_set_info_function", set_info)) set_info(&jack_quiet);
    dlclose(jack);
  }
}

// Called with g_init_mutex held, before every Pa_Initialize. PortAudio 19.6's ALSA host API
// asserts (SIGABRT) while it builds its device list when the ALSA configuration defines no
// `pcm.default` (measured: ALSA_CONFIG_PATH naming an empty file, or one defining only other
// devices, on a machine without sound cards), so such a configuration is refused here with a
// clear error instead. A configuration ALSA cannot parse is refused the same way.
util::Status check_alsa_config() {
  void* alsa = dlopen("libasound.so.2", RTLD_NOW | RTLD_NOLOAD);
  if (!alsa) return {};  // PortAudio without ALSA: nothing to check
  decltype(&snd_config_update) update = nullptr;
  decltype(&snd_config_search) search = nullptr;
  snd_config_t** top = reinterpret_cast<snd_config_t**>(dlsym(alsa, "snd_config"));
  util::Status status;
  if (resolve(alsa, "snd_config_update", update) && resolve(alsa, "snd_config_search", search) &&
      top) {
    const char* path = std::getenv("ALSA_CONFIG_PATH");
    const std::string where =
        path ? std::string("ALSA_CONFIG_PATH=") + path : std::string("the ALSA configuration");
    snd_config_t* node = nullptr;
    if (update() < 0 || !*top) {
      status = util::Error(util::ErrorKind::kInput, "cannot read " + where,
                           "fix the file, or unset ALSA_CONFIG_PATH to use the system's");
    } else if (search(*top, "pcm.default", &node) < 0) {
      status = util::Error(util::ErrorKind::kInput,
                           where + " defines no default capture device (pcm.default)",
                           "define pcm.!default in it, or unset ALSA_CONFIG_PATH to use the "
                           "system's configuration");
    }
  }
  dlclose(alsa);  // drops the reference NOLOAD took
  return status;
}

std::string portaudio_error_text(const PortAudioApi& api, PaError error) {
  if (error == paUnanticipatedHostError) {
    const PaHostErrorInfo* host = api.get_last_host_error_info();
    if (host && host->errorText && *host->errorText) return host->errorText;
  }
  const char* text = api.get_error_text(error);
  return text ? text : "unknown PortAudio error " + std::to_string(error);
}

}  // namespace

void set_backend_verbose(bool verbose) {
  g_backend_verbose.store(verbose);
}

util::Result<std::unique_ptr<PortAudioLibrary>> PortAudioLibrary::initialize() {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  if (util::Status loaded = load_portaudio(); !loaded) return loaded.error();
  if (util::Status alsa = check_alsa_config(); !alsa) return alsa.error();
  quieten_backends();
  const PaError err = g_api.initialize();
  if (err != paNoError) {
    return util::Error(
        util::ErrorKind::kInput,
        "cannot initialise the audio system (PortAudio): " + portaudio_error_text(g_api, err),
        "check that ALSA or PulseAudio is installed and working");
  }
  return std::unique_ptr<PortAudioLibrary>(new PortAudioLibrary(g_api));
}

PortAudioLibrary::~PortAudioLibrary() {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  api_.terminate();
}

std::string PortAudioLibrary::error_text(PaError error) const {
  return portaudio_error_text(api_, error);
}

}  // namespace dsasr::audio
