// PortAudioLibrary: Pa_Initialize() / Pa_Terminate() as an RAII guard, plus the process-wide
// choice of whether ALSA and JACK may print their diagnostics on stderr.
//
// PortAudio counts initialisations, so guards may nest and several may exist at once (dsasr
// devices lists devices under one; each MicCapture keeps one while its stream exists). Without a
// sound card, or with no JACK server, initialisation makes alsa-lib and libjack print dozens of
// lines on stderr; unless set_backend_verbose(true) was called before the first guard, their
// message handlers are replaced by silent ones (see shared/toolchain.md section 4). Errors are
// reported through util::Error instead.
//
// Threads. Guards may be created and destroyed on any thread (a mutex serialises
// Pa_Initialize/Pa_Terminate, which are not thread-safe themselves), but not inside an audio
// callback.
#pragma once

#include <memory>
#include <string>

#include "util/result.h"

namespace dsasr::audio {

// -v: let ALSA and JACK print their own messages. Takes effect for guards created afterwards; once
// silenced, the handlers stay silent for the life of the process.
void set_backend_verbose(bool verbose);

class PortAudioLibrary {
 public:
  // Initialises PortAudio (and silences the backends, see above). Fails with kInput, as a missing
  // or broken audio system makes the microphone unavailable.
  static util::Result<std::unique_ptr<PortAudioLibrary>> initialize();
  ~PortAudioLibrary();
  PortAudioLibrary(const PortAudioLibrary&) = delete;
  PortAudioLibrary& operator=(const PortAudioLibrary&) = delete;

 private:
  PortAudioLibrary() = default;
};

// PortAudio's text for an error code, with the host API's own message when PortAudio only says
// "Unanticipated host error".
std::string portaudio_error_text(int pa_error);

}  // namespace dsasr::audio
