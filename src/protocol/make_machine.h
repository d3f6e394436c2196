// Chooses the protocol machine for a request: DuplexMachine for Family::kDuplex (Fun-ASR,
// Paraformer, Gummy), RealtimeMachine for Family::kRealtime (Qwen). Any thread; the machine it
// returns is then used by one thread only (machine.h).
#pragma once

#include <memory>

#include "protocol/ids.h"
#include "protocol/machine.h"
#include "protocol/models.h"
#include "protocol/request.h"

namespace dsasr::protocol {

// `model` is the table entry for request.model, or nullptr for a model dsasr does not list.
// `ids` makes the duplex task_id (once, here) or the realtime session's local id and event ids
// (for the machine's whole life: it must outlive a realtime machine). A new machine per task
// or session; every reconnect makes a new one, so every task gets a fresh task_id.
std::unique_ptr<Machine> make_machine(const Request& request, const Model* model, IdGenerator& ids);

}  // namespace dsasr::protocol
