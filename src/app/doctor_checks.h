// `dsasr doctor`'s decisions, apart from the I/O that gathers their inputs (doctor.cpp): each
// check as one line with OK, FAIL or SKIP, what it found and a hint; what a handshake status
// or a failed task means; which region a refused key belongs to; the exit status. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace dsasr::app {

enum class CheckStatus { kOk, kFail, kSkip };

struct Check {
  CheckStatus status = CheckStatus::kOk;
  std::string name;    // "key", "dns", "tcp", "tls", "websocket", "task", "region", "device"
  std::string detail;  // what was found, or what went wrong
  std::string hint;    // what to do about a failure ("" for none)
  util::ErrorKind kind = util::ErrorKind::kInternal;  // a failure's kind, for the exit status
};

Check ok(std::string name, std::string detail);
Check fail(std::string name, util::ErrorKind kind, std::string detail, std::string hint = {});
Check skip(std::string name, std::string why);

// "OK    tcp        127.0.0.1:443 (1.2 ms)\n" and, for a failure with a hint, an indented
// "      hint: ..." line.
std::string format_check(const Check& check);

// "0.4 ms", "12 ms", "1.25 s".
std::string duration_text(std::chrono::microseconds d);

// 0 when no check failed, else the exit status of the first failure's kind.
int doctor_exit_status(const std::vector<Check>& checks);

// The WebSocket handshake's check from its HTTP status and the start of a refusal's body
// (DashScope's {"code": ..., "message": ...}). `key_origin` names where the key came from ("":
// no key was sent).
Check websocket_check(int http_status, const std::string& reason, const std::string& body,
                      const std::string& url, const std::string& key_origin,
                      std::chrono::microseconds elapsed);

// The TLS check: verified (or not, with --insecure), the protocol and the certificate's expiry
// (with a hint when it is less than two weeks away).
Check tls_check(bool ok, const std::string& detail, bool verified,
                const std::optional<std::string>& expiry, std::optional<long> days_left,
                std::chrono::microseconds elapsed);

// The silent task's check from how `dsasr file` ended on it: its exit status and its first
// error line ("dsasr: error: ..." without the prefix) and hint.
Check task_check(const std::string& model, const std::string& url, int exit_status,
                 const std::string& error, const std::string& error_hint,
                 std::chrono::microseconds elapsed);

// After the key was refused in `region`: the check of the same task in `other_region`
// (`exit_status` 0 or a non-auth failure means the key was accepted there).
Check region_check(const std::string& region, const std::string& other_region, int exit_status);

}  // namespace dsasr::app
