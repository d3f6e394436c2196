// Process exit statuses (design.md §2.3), the one place error kinds become numbers.
#pragma once

#include "util/error.h"

namespace dsasr::app {

enum ExitStatus : int {
  kExitSuccess = 0,
  kExitInternal = 1,      // a bug or an unexpected system failure
  kExitUsage = 2,         // bad options or arguments
  kExitInput = 3,         // unreadable or undecodable input, device unavailable
  kExitAuth = 4,          // authentication or permission refused, no API key
  kExitNetwork = 5,       // network failure after retries
  kExitService = 6,       // the service rejected the task
  kExitPartial = 7,       // some inputs of a batch failed
  kExitOutput = 8,        // an output could not be written (ENOSPC, EIO, EFBIG, ...)
  kExitBudget = 9,        // --max-cost stopped the run, after a clean finish
  kExitInterrupted = 130  // Ctrl+C, after a clean finish
};

inline ExitStatus exit_status_for(util::ErrorKind kind) {
  switch (kind) {
    case util::ErrorKind::kInternal:
      return kExitInternal;
    case util::ErrorKind::kUsage:
      return kExitUsage;
    case util::ErrorKind::kInput:
      return kExitInput;
    case util::ErrorKind::kAuth:
      return kExitAuth;
    case util::ErrorKind::kNetwork:
      return kExitNetwork;
    case util::ErrorKind::kService:
      return kExitService;
    case util::ErrorKind::kOutput:
      return kExitOutput;
  }
  return kExitInternal;
}

// The category as a word, for jsonl error records of failures that have no service code.
inline const char* error_code_name(util::ErrorKind kind) {
  switch (kind) {
    case util::ErrorKind::kInternal:
      return "internal";
    case util::ErrorKind::kUsage:
      return "usage";
    case util::ErrorKind::kInput:
      return "input";
    case util::ErrorKind::kAuth:
      return "auth";
    case util::ErrorKind::kNetwork:
      return "network";
    case util::ErrorKind::kService:
      return "service";
    case util::ErrorKind::kOutput:
      return "output";
  }
  return "internal";
}

}  // namespace dsasr::app
