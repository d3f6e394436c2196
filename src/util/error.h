// Error values returned up to app/, where ErrorKind becomes the process exit status.
#pragma once

#include <string>
#include <utility>

namespace dsasr::util {

// Categories of failure a user can act on; app/exit_status.h maps each to an exit code.
enum class ErrorKind {
  kInternal,  // a bug or an unexpected system failure (exit 1)
  kUsage,     // bad options or arguments (exit 2)
  kInput,     // unreadable or undecodable input, device unavailable (exit 3)
  kAuth,      // authentication or permission refused (exit 4)
  kNetwork,   // connection failure after retries (exit 5)
  kService,   // the service rejected the task (exit 6)
  kOutput,    // an output could not be opened, written, flushed or closed (exit 8)
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;  // one line, no trailing period needed, never contains the API key
  std::string hint;     // optional second sentence ("check DASHSCOPE_API_KEY and --region")
  // The input the error concerns ("meeting.wav", "stdin", "mic"), when it concerns one. The
  // message does not repeat it: app/ prints "input: message" (text()).
  std::string input;

  Error() = default;
  Error(ErrorKind k, std::string msg, std::string h = {})
      : kind(k), message(std::move(msg)), hint(std::move(h)) {}

  // The one-line form: "meeting.wav: cannot decode: ..." (or the bare message).
  std::string text() const { return input.empty() ? message : input + ": " + message; }
};

// An error about one input: `input` set, the message without it.
inline Error input_error(std::string input, ErrorKind kind, std::string message,
                         std::string hint = {}) {
  Error e(kind, std::move(message), std::move(hint));
  e.input = std::move(input);
  return e;
}

}  // namespace dsasr::util
