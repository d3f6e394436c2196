// State shared by all connections of one emulator process: fault counters and used task ids.
// Owned by the server; only the event-loop thread touches it.
#pragma once

#include <map>
#include <set>
#include <string>

#include "emulator/ids.h"
#include "emulator/script.h"
#include "emulator/vocabularies.h"

namespace dsasr::emulator {

struct SharedState {
  explicit SharedState(uint64_t seed) : ids(seed) {}

  Script script;
  double time_scale = 1.0;                           // multiplies wall-clock timeouts
  std::map<std::string, int> connections_by_faults;  // faults value -> connections seen
  std::set<std::string> used_task_ids;               // every task id that got task-started
  IdSource ids;
  VocabularyStore vocabularies;  // the customization API's vocabularies, per key
};

}  // namespace dsasr::emulator
