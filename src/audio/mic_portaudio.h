// PortAudioLibrary: PortAudio, loaded on first use, with Pa_Initialize() / Pa_Terminate() as an
// RAII guard, plus the process-wide choice of whether ALSA and JACK may print their diagnostics
// on stderr.
//
// Loading. dsasr is not linked against PortAudio: the first guard dlopen()s libportaudio.so.2
// (which brings alsa-lib, libjack and their dependencies) and it stays loaded for the life of
// the process. Only `mic` and `devices` create guards, so `file` never maps the audio-device
// stack: about 0.9 MB less resident memory and fewer libraries to relocate at start-up
// (issue 7's memory and first-frame budgets). The functions are reached through api(): holding
// a guard is the proof that PortAudio is loaded and initialised.
//
// PortAudio counts initialisations, so guards may nest and several may exist at once (dsasr
// devices lists devices under one; each MicCapture keeps one while its stream exists). Without a
// sound card, or with no JACK server, initialisation makes alsa-lib and libjack print dozens of
// lines on stderr; unless set_backend_verbose(true) was called before the first guard, their
// message handlers are replaced by silent ones (see shared/toolchain.md section 4). Errors are
// reported through util::Error instead.
//
// Threads. Guards may be created and destroyed on any thread (a mutex serialises loading and
// Pa_Initialize/Pa_Terminate, which are not thread-safe themselves), but not inside an audio
// callback. api() may be called from any thread that holds (or is kept alive by) a guard.
#pragma once

#include <portaudio.h>

#include <memory>
#include <string>

#include "util/result.h"

namespace dsasr::audio {

// The PortAudio functions dsasr calls, resolved from libportaudio.so.2.
struct PortAudioApi {
  decltype(&Pa_Initialize) initialize = nullptr;
  decltype(&Pa_Terminate) terminate = nullptr;
  decltype(&Pa_GetErrorText) get_error_text = nullptr;
  decltype(&Pa_GetLastHostErrorInfo) get_last_host_error_info = nullptr;
  decltype(&Pa_GetDefaultInputDevice) get_default_input_device = nullptr;
  decltype(&Pa_GetDeviceCount) get_device_count = nullptr;
  decltype(&Pa_GetDeviceInfo) get_device_info = nullptr;
  decltype(&Pa_GetHostApiInfo) get_host_api_info = nullptr;
  decltype(&Pa_IsFormatSupported) is_format_supported = nullptr;
  decltype(&Pa_OpenStream) open_stream = nullptr;
  decltype(&Pa_SetStreamFinishedCallback) set_stream_finished_callback = nullptr;
  decltype(&Pa_StartStream) start_stream = nullptr;
  decltype(&Pa_CloseStream) close_stream = nullptr;
};

// -v: let ALSA and JACK print their own messages. Takes effect for guards created afterwards; once
// silenced, the handlers stay silent for the life of the process.
void set_backend_verbose(bool verbose);

class PortAudioLibrary {
 public:
  // Loads PortAudio if needed and initialises it (and silences the backends, see above). Fails
  // with kInput, as a missing or broken audio system makes the microphone unavailable.
  static util::Result<std::unique_ptr<PortAudioLibrary>> initialize();
  ~PortAudioLibrary();
  PortAudioLibrary(const PortAudioLibrary&) = delete;
  PortAudioLibrary& operator=(const PortAudioLibrary&) = delete;

  const PortAudioApi& api() const { return api_; }

  // PortAudio's text for an error code, with the host API's own message when PortAudio only
  // says "Unanticipated host error".
  std::string error_text(PaError error) const;

 private:
  explicit PortAudioLibrary(const PortAudioApi& api) : api_(api) {}
  const PortAudioApi& api_;
};

}  // namespace dsasr::audio
