// --raw: the service's own result message attached to the protocol-neutral events made from it.
// Pure; any thread.
#pragma once

#include <cstddef>
#include <string_view>

#include "protocol/machine.h"

namespace dsasr::protocol {

// Sets Sentence::raw of every Partial and Final in out.events[first_event...] that has none yet
// to `message` as compact JSON (one line, whatever the server's formatting). A message that does
// not parse as JSON attaches nothing.
void attach_raw(std::string_view message, std::size_t first_event, Output& out);

}  // namespace dsasr::protocol
