// PulseLibrary: libpulse (the sound server's client library, spoken by PulseAudio and by
// PipeWire's pipewire-pulse) loaded on first use, like PortAudio (mic_portaudio.h).
//
// Why libpulse besides PortAudio: PortAudio 19.6 reaches a sound server only through ALSA's
// `pulse` device, which records the server's default source and cannot name another one, so
// what the computer plays (a sink's monitor source) is out of its reach. dsasr uses two parts of
// libpulse: the introspection API (a pa_context on a private pa_mainloop) to list the server's
// sources and sinks (dsasr devices, choosing a source), and the simple API (pa_simple) to record
// one source (PulseCapture).
//
// Loading. dsasr is not linked against libpulse: the first load() dlopen()s libpulse.so.0 and
// libpulse-simple.so.0; they stay loaded for the life of the process. Only `devices` and `mic`
// load them. A missing library is a kInput error with an installation hint.
//
// Threads. load() may be called from any thread (a mutex serialises it); the functions it returns
// are libpulse's, whose own rules apply (a pa_mainloop and its context on one thread; one
// pa_simple per thread at a time).
#pragma once

#include <pulse/error.h>
#include <pulse/introspect.h>
#include <pulse/mainloop.h>
#include <pulse/simple.h>

#include "util/result.h"

namespace dsasr::audio {

// The libpulse functions dsasr calls.
struct PulseApi {
  decltype(&pa_mainloop_new) mainloop_new = nullptr;
  decltype(&pa_mainloop_get_api) mainloop_get_api = nullptr;
  decltype(&pa_mainloop_prepare) mainloop_prepare = nullptr;
  decltype(&pa_mainloop_poll) mainloop_poll = nullptr;
  decltype(&pa_mainloop_dispatch) mainloop_dispatch = nullptr;
  decltype(&pa_mainloop_free) mainloop_free = nullptr;
  decltype(&pa_context_new) context_new = nullptr;
  decltype(&pa_context_connect) context_connect = nullptr;
  decltype(&pa_context_get_state) context_get_state = nullptr;
  decltype(&pa_context_errno) context_errno = nullptr;
  decltype(&pa_context_disconnect) context_disconnect = nullptr;
  decltype(&pa_context_unref) context_unref = nullptr;
  decltype(&pa_context_get_server_info) context_get_server_info = nullptr;
  decltype(&pa_context_get_source_info_list) context_get_source_info_list = nullptr;
  decltype(&pa_context_get_sink_info_list) context_get_sink_info_list = nullptr;
  decltype(&pa_operation_get_state) operation_get_state = nullptr;
  decltype(&pa_operation_unref) operation_unref = nullptr;
  decltype(&pa_strerror) strerror = nullptr;
  decltype(&pa_simple_new) simple_new = nullptr;
  decltype(&pa_simple_read) simple_read = nullptr;
  decltype(&pa_simple_free) simple_free = nullptr;
};

// Loads libpulse once; later calls return the same table. kInput when it is not installed.
util::Result<const PulseApi*> load_pulse();

}  // namespace dsasr::audio
