// The client instructions of the duplex inference protocol (protocol.md §2.3, §2.7), built as
// exact text. Pure functions; any thread.
#pragma once

#include <string>

#include "protocol/request.h"
#include "util/result.h"

namespace dsasr::protocol {

// Deepest nesting accepted in a parameter value (objects and arrays); deeper values are refused
// so that building and serialising them cannot exhaust the stack.
inline constexpr int kMaxParameterDepth = 32;

// Checks that every Request::parameters value is one JSON value no deeper than
// kMaxParameterDepth and that no key is empty. Usage error naming the parameter otherwise.
util::Status validate_parameters(const Request& request);

// The run-task instruction:
//   {"header":{"action":"run-task","task_id":T,"streaming":"duplex"},
//    "payload":{"task_group":"audio","task":"asr","function":"recognition","model":M,
//               "parameters":{"format":"pcm","sample_rate":R, <request.parameters in order>},
//               "input":{} | {"context":[{"role":"user","content":[{"type":"input_text",
//                                                                    "text":C}]}]},
//               ["resources":[{"resource_id":P,"resource_type":"asr_phrase"}]]}}
// input holds the context only when Request::input_context is set.
// Parameter values are inserted as the JSON they are; a key that is already present (format,
// sample_rate, or an earlier duplicate) has its value replaced in place, so the object never
// holds a key twice. Fails like validate_parameters().
util::Result<std::string> build_run_task(const Request& request, const std::string& task_id);

// {"header":{"action":"finish-task","task_id":T,"streaming":"duplex"},"payload":{"input":{}}}
std::string build_finish_task(const std::string& task_id);

}  // namespace dsasr::protocol
