// Whether a task failure reported by the duplex service (task-failed error_code/error_message)
// is worth a new task. The session retries retryable failures with backoff and resumes from the
// retained audio; everything else fails the input at once (exit 6, or 4 for permissions).
//
//   code / message (case-sensitive code, case-insensitive message)     retryable
//   ---------------------------------------------------------------     ---------
//   Throttling* (Throttling, Throttling.RateQuota, .BurstRate, ...)      yes
//   message contains "rate limit" (any code)                             yes
//   InternalError*                                                       yes
//   ServiceUnavailable*                                                  yes
//   ResponseTimeout, RequestTimeOut, RequestTimeout                      yes
//   message contains "response timeout" (any code, "Response timeout!") yes
//   CLIENT_ERROR with message containing "request timeout"               yes (the 23 s no-data
//                                                                        rule: a stall on our side
//                                                                        or the network)
//   InvalidParameter, ModelNotFound, UNSUPPORTED_FORMAT,                 no
//   NO_VALID_AUDIO_ERROR, NO_INPUT_AUDIO_ERROR, InvalidApiKey,
//   AccessDenied*, NotFound, Arrearage, DataInspectionFailed,
//   other CLIENT_ERROR, ProtocolError, InvalidRequest (dsasr's own)
//   anything else (unknown codes) unless its message matches above       no
//
// Unknown codes are not retried: retrying a permanent error wastes quota and time, and the
// table grows as codes are observed (protocol.md §4.1 lists which strings are confirmed).
#pragma once

#include <string_view>

namespace dsasr::protocol {

bool is_retryable_failure(std::string_view code, std::string_view message);

// dsasr's own code for a server that speaks the other protocol family (a realtime model on the
// duplex endpoint, or the reverse): never retried; the session names the right path.
inline constexpr std::string_view kWrongProtocol = "WrongProtocol";

// True for codes that mean the credentials or the account were refused (exit 4 rather than 6):
// InvalidApiKey, AccessDenied*, Arrearage, and the handshake-style "NOT AUTHORIZED".
bool is_auth_failure(std::string_view code);
// Codes known to be permanent whatever the message or error type says: the table's "no" row
// (parameters, models, formats, audio, permissions), never retried by either family.
bool is_permanent_failure(std::string_view code);

}  // namespace dsasr::protocol
