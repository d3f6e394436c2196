#include "audio/pulse_library.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace dsasr::audio {

namespace {

constexpr const char* kPulseSoname = "libpulse.so.0";
constexpr const char* kPulseSimpleSoname = "libpulse-simple.so.0";
constexpr const char* kInstallHint = "install libpulse (Debian: apt-get install libpulse0)";

std::mutex g_mutex;
// Filled once under g_mutex, never changed after: the libraries are never unloaded (libpulse
// keeps atexit handlers and thread-local state).
PulseApi g_api;
bool g_loaded = false;

template <typename Fn>
bool resolve(void* handle, const char* name, Fn& fn) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  return fn != nullptr;
}

util::Error load_error(const char* soname) {
  const char* why = dlerror();
  return util::Error(util::ErrorKind::kInput,
                     std::string("cannot load the sound-server library ") + soname + ": " +
                         (why ? why : "unknown error"),
                     kInstallHint);
}

}  // namespace

util::Result<const PulseApi*> load_pulse() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_loaded) return &g_api;
  void* pulse = dlopen(kPulseSoname, RTLD_NOW | RTLD_LOCAL);
  if (!pulse) return load_error(kPulseSoname);
  void* simple = dlopen(kPulseSimpleSoname, RTLD_NOW | RTLD_LOCAL);
  if (!simple) return load_error(kPulseSimpleSoname);
  PulseApi api;
  const bool ok =
      resolve(pulse, "pa_mainloop_new", api.mainloop_new) &&
      resolve(pulse, "pa_mainloop_get_api", api.mainloop_get_api) &&
      resolve(pulse, "pa_mainloop_prepare", api.mainloop_prepare) &&
      resolve(pulse, "pa_mainloop_poll", api.mainloop_poll) &&
      resolve(pulse, "pa_mainloop_dispatch", api.mainloop_dispatch) &&
      resolve(pulse, "pa_mainloop_free", api.mainloop_free) &&
      resolve(pulse, "pa_context_new", api.context_new) &&
      resolve(pulse, "pa_context_connect", api.context_connect) &&
      resolve(pulse, "pa_context_get_state", api.context_get_state) &&
      resolve(pulse, "pa_context_errno", api.context_errno) &&
      resolve(pulse, "pa_context_disconnect", api.context_disconnect) &&
      resolve(pulse, "pa_context_unref", api.context_unref) &&
      resolve(pulse, "pa_context_get_server_info", api.context_get_server_info) &&
      resolve(pulse, "pa_context_get_source_info_list", api.context_get_source_info_list) &&
      resolve(pulse, "pa_context_get_sink_info_list", api.context_get_sink_info_list) &&
      resolve(pulse, "pa_operation_get_state", api.operation_get_state) &&
      resolve(pulse, "pa_operation_unref", api.operation_unref) &&
      resolve(pulse, "pa_strerror", api.strerror) &&
      resolve(simple, "pa_simple_new", api.simple_new) &&
      resolve(simple, "pa_simple_read", api.simple_read) &&
      resolve(simple, "pa_simple_free", api.simple_free);
  if (!ok) {
    return util::Error(util::ErrorKind::kInput,
                       std::string(kPulseSoname) + " lacks a function dsasr needs", kInstallHint);
  }
  g_api = api;
  g_loaded = true;
  return &g_api;
}

}  // namespace dsasr::audio
