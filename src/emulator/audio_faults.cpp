#include "emulator/audio_faults.h"

namespace dsasr::emulator {

std::optional<AudioFault> AudioFaultTrigger::add(size_t bytes, int sample_rate_hz) {
  if (sample_rate_hz <= 0) sample_rate_hz = 16000;
  audio_ms_ += static_cast<double>(bytes) * 1000.0 / 2.0 / static_cast<double>(sample_rate_hz);
  auto reached = [&](const std::optional<int64_t>& ms) {
    return ms && audio_ms_ >= static_cast<double>(*ms);
  };
  if (!fail_fired_ && reached(faults_.fail_ms)) {
    fail_fired_ = true;
    return AudioFault::kFail;
  }
  if (connection_fault_fired_) return std::nullopt;
  if (reached(faults_.drop_ms) || (ordinal_ == 1 && reached(faults_.drop_first_ms))) {
    connection_fault_fired_ = true;
    return AudioFault::kDrop;
  }
  if (reached(faults_.close1011_ms)) {
    connection_fault_fired_ = true;
    return AudioFault::kClose1011;
  }
  return std::nullopt;
}

}  // namespace dsasr::emulator
