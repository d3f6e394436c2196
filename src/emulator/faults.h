// Fault injection chosen per connection by the `faults` query parameter
// (`?faults=SPEC[,SPEC...]`, see dsasr-emulator(1)). Parsing is pure; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace dsasr::emulator {

// What wrong-task-id sends for its other task besides results (see dsasr-emulator(1)).
enum class ForeignTaskEnd { kNone, kFinished, kFailed };

// The marks starting the text of every result the wrong-task-id and after-finish faults inject,
// so that a test can tell whether a client showed one.
constexpr const char* kWrongTaskMark = "[wrong task]";
constexpr const char* kAfterFinishMark = "[after finish]";
// The other task's task-failed (wrong-task-id:failed).
constexpr const char* kForeignFailCode = "InternalError.Injected";
constexpr const char* kForeignFailMessage = "Injected failure of another task";
constexpr int64_t kDefaultAfterFinishMs = 200;

struct Faults {
  std::optional<int64_t> drop_ms;              // drop:MS
  std::optional<int64_t> drop_first_ms;        // drop-first:MS
  std::optional<int64_t> close1011_ms;         // close1011:MS
  std::optional<std::string> fail_start_code;  // fail-start:CODE
  std::optional<int> fail_start_after;         // fail-start-after:K:CODE (the code in
  std::string fail_start_after_code;           // fail_start_after_code)
  std::optional<int64_t> fail_ms;              // fail:MS:CODE
  std::string fail_code;
  std::optional<int> throttle_count;      // throttle:K
  std::optional<double> slow_factor;      // slow:F (> 0)
  std::optional<int64_t> delay_start_ms;  // delay-start:MS
  std::optional<size_t> fragment_bytes;   // fragment:N (>= 1)
  bool unknown_fields = false;            // unknown-fields
  bool non_json = false;                  // non-json
  std::optional<size_t> oversized_bytes;  // oversized:N
  bool unauthorized = false;              // unauthorized
  bool wrong_task_id = false;             // wrong-task-id[:finished|:failed] (duplex only)
  ForeignTaskEnd wrong_task_end = ForeignTaskEnd::kNone;
  std::optional<int64_t> after_finish_ms;  // after-finish[:MS]
};

// Parses the value of the `faults` parameter ("" = no faults). On error the message names the bad
// SPEC, e.g. "unknown fault spec 'explode:3'".
util::Result<Faults> parse_faults(std::string_view spec);

}  // namespace dsasr::emulator
