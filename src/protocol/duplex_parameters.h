// The duplex family's names for the recognition settings: run-task's payload.parameters members,
// per model (protocol.md §2.4 and the seeds' parameter tables). The one place dsasr spells
// language_hints, source_language, max_sentence_silence / max_end_silence,
// translation_target_languages and the rest; cli/ only fills Request::recognition.
// Pure; any thread.
#pragma once

#include <vector>

#include "protocol/models.h"
#include "protocol/request.h"

namespace dsasr::protocol {

// The members for `request` on `model` (nullptr: a model dsasr does not know, which gets the
// duplex defaults: language_hints, max_sentence_silence), in a fixed order: language, hot words,
// sentence ends, text forms, heartbeat, noise threshold, translation, transcription. Settings
// left at their defaults are not sent.
std::vector<JsonMember> duplex_parameters(const Request& request, const Model* model);

}  // namespace dsasr::protocol
