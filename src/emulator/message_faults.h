// The faults that change what the server says rather than when: unknown-fields (extra x_emu_*
// members everywhere a client might look), non-json (one garbage text frame before the first
// result) and oversized (padding on the first final result). Pure; one per connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "emulator/action.h"
#include "emulator/faults.h"

namespace dsasr::emulator {

constexpr const char* kNonJsonText = "this is not JSON";

// Adds x_emu_* members of varied JSON types to the top level and to the nested objects clients
// read (header, payload, non-empty output, sentence, transcription, translations[], words[],
// session, item, error). Returns `json` unchanged if it does not parse.
std::string add_unknown_fields(std::string_view json);

// Adds an `x_emu_padding` string member so the message is at least `min_bytes` long.
std::string pad_message(std::string_view json, size_t min_bytes);

class MessageFaults {
 public:
  explicit MessageFaults(const Faults& faults) : faults_(faults) {}
  // Returns `in` with the message faults applied to its kSendJson actions.
  Actions apply(Actions in);

 private:
  const Faults& faults_;
  bool non_json_sent_ = false;
  bool oversized_sent_ = false;
};

}  // namespace dsasr::emulator
