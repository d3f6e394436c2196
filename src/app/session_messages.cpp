#include "app/session_messages.h"

#include <cstdio>

namespace dsasr::app {

std::string format_clock(int64_t ms) {
  if (ms < 0) ms = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld.%01lld", static_cast<long long>(ms / 60000),
                static_cast<long long>((ms / 1000) % 60), static_cast<long long>((ms / 100) % 10));
  return buf;
}

std::string resume_message(const std::string& why, int64_t from_ms, int64_t delay_ms, int retry,
                           int retries) {
  return why + "; resuming from " + format_clock(from_ms) + " in " + std::to_string(delay_ms) +
         " ms (retry " + std::to_string(retry) + " of " + std::to_string(retries) + ")";
}

std::string gap_message(int64_t begin_ms, int64_t end_ms) {
  char length[32];
  std::snprintf(length, sizeof length, "%.1f", static_cast<double>(end_ms - begin_ms) / 1000.0);
  return std::string("lost ") + length + " s of audio, from " + format_clock(begin_ms) + " to " +
         format_clock(end_ms) + ": the buffer overflowed while the service was unreachable";
}

std::string buffer_full_message(int64_t buffer_ms) {
  return "the audio buffer is full while the service is unreachable; dropping the oldest audio "
         "(--buffer " +
         std::to_string(buffer_ms / 1000) + " s)";
}

std::string stalled_message(int64_t unsent_ms) {
  return "the connection stalled: " + std::to_string(unsent_ms / 1000) +
         " s of audio could not be sent";
}

std::string capture_behind_message(int64_t lost_ms, int64_t device_overflows) {
  return "the capture fell behind: " + std::to_string(lost_ms) +
         " ms of audio were lost and replaced by silence (" + std::to_string(device_overflows) +
         " device overflows)";
}

std::string telephone_hint(const std::string& input, int source_rate_hz) {
  return input + " is " + std::to_string(source_rate_hz) +
         " Hz telephone audio; an 8 kHz model such as fun-asr-flash-8k-realtime or "
         "paraformer-realtime-8k-v2 recognises it better than upsampling it";
}

std::string part_name(const std::string& input, size_t k, size_t n, int64_t begin_ms,
                      int64_t end_ms) {
  return input + " (part " + std::to_string(k + 1) + " of " + std::to_string(n) + ", " +
         format_clock(begin_ms) + "-" + format_clock(end_ms) + ")";
}

std::string part_failed_message(size_t k, size_t n, int64_t begin_ms, int64_t end_ms,
                                const std::string& why, size_t failed_parts) {
  std::string out = "part " + std::to_string(k + 1) + " of " + std::to_string(n) + " (" +
                    format_clock(begin_ms) + "-" + format_clock(end_ms) + ") failed: " + why;
  if (failed_parts >= n) return out + (n > 1 ? " (and every other part)" : "");
  if (failed_parts == 2) out += " (and 1 more part)";
  if (failed_parts > 2) out += " (and " + std::to_string(failed_parts - 1) + " more parts)";
  return out + "; the other parts' results are written";
}

std::string cut_message(const std::vector<int64_t>& cuts_ms, int64_t cut_silence_ms) {
  if (cuts_ms.empty()) {
    return "not cut: no silence longer than " + std::to_string(cut_silence_ms) +
           " ms (the silence that ends a sentence) to cut at; transcribed in one part";
  }
  std::string out = "cut into " + std::to_string(cuts_ms.size() + 1) + " parts at";
  for (size_t i = 0; i < cuts_ms.size(); ++i) out += (i ? ", " : " ") + format_clock(cuts_ms[i]);
  return out;
}

}  // namespace dsasr::app
