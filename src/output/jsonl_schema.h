// `dsasr schema`: the JSON Schema (draft 2020-12) of every record the jsonl writer writes. It is
// the stability promise of the JSON lines format: within a major version a field, once listed,
// keeps its name, type and meaning, and is never removed; new optional fields raise the minor
// version. Records carry nothing the schema does not list (tests validate every line of every
// end-to-end run against it). Pure; any thread.
#pragma once

#include <string>

namespace dsasr::output {

// "major.minor" of the schema below.
inline constexpr const char* kJsonlSchemaVersion = "1.1";

// The schema document, pretty-printed, ending with a newline.
std::string jsonl_schema();

}  // namespace dsasr::output
