// The faults that fire after an amount of audio received on a connection (drop, drop-first,
// close1011, fail). Counts connection audio across tasks and reports each fault once.
// Pure; owned by one connection.
#pragma once

#include <cstddef>
#include <optional>

#include "emulator/faults.h"

namespace dsasr::emulator {

enum class AudioFault { kDrop, kClose1011, kFail };

class AudioFaultTrigger {
 public:
  // `connection_ordinal` as for the sessions (drop-first fires on ordinal 1 only).
  AudioFaultTrigger(const Faults& faults, int connection_ordinal)
      : faults_(faults), ordinal_(connection_ordinal) {}

  // Adds `bytes` of s16 audio at `sample_rate_hz`; returns the fault that fires now, if any.
  std::optional<AudioFault> add(size_t bytes, int sample_rate_hz);
  double audio_ms() const { return audio_ms_; }

 private:
  const Faults& faults_;
  int ordinal_;
  double audio_ms_ = 0;
  bool connection_fault_fired_ = false;
  bool fail_fired_ = false;
};

}  // namespace dsasr::emulator
