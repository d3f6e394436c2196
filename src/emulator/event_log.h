// The --log file: one JSON object per line, flushed per line, describing what each connection
// received and sent (see dsasr-emulator(1), LOG). The API key never appears, only its sha256_8.
// Owned by the server; event-loop thread only.
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/auth.h"

namespace dsasr::emulator {

// Pure formatting, exposed for tests. Each returns one line without the newline.
std::string log_handshake_line(double t, int conn, std::string_view path, std::string_view query,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::optional<AuthHeader>& auth, int status);
// `realtime`: replace the `audio` member of input_audio_buffer.append with its sizes.
std::string log_recv_text_line(double t, int conn, std::string_view text, bool realtime);
std::string log_recv_binary_line(double t, int conn, size_t bytes);
std::string log_send_text_line(double t, int conn, std::string_view text);
std::string log_close_line(double t, int conn, int code, std::string_view reason,
                           std::string_view by);

class EventLog {
 public:
  EventLog() = default;  // disabled
  // `out` stays owned by the caller; nullptr disables logging.
  explicit EventLog(std::FILE* out) : out_(out) {}

  bool enabled() const { return out_ != nullptr; }
  double now_s() const;  // seconds since construction, monotonic
  void write(const std::string& line);

 private:
  std::FILE* out_ = nullptr;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace dsasr::emulator
