#include "protocol/make_machine.h"

#include "protocol/duplex.h"
#include "protocol/omni.h"
#include "protocol/realtime.h"

namespace dsasr::protocol {

std::unique_ptr<Machine> make_machine(const Request& request, const Model* model,
                                      IdGenerator& ids) {
  switch (request.family) {
    case Family::kRealtime:
      // A system prompt makes the session a Qwen-Omni conversation (protocol.md §11).
      if (request.instructions) return std::make_unique<OmniMachine>(request, ids);
      return std::make_unique<RealtimeMachine>(request, ids);
    case Family::kDuplex:
      break;
  }
  return std::make_unique<DuplexMachine>(request, model, ids.task_id());
}

}  // namespace dsasr::protocol
