// The hot-word files dsasr was given: one line per (model, file) that --hotwords turned into a
// vocabulary, "MODEL<TAB>ABSOLUTE PATH", kept in $XDG_STATE_HOME/dsasr/hotwords (by default
// ~/.local/state/dsasr/hotwords). `dsasr vocab prune` without files keeps the vocabularies
// that match those files as they are now and deletes the other ones dsasr made: a file that
// changed or is gone leaves its old vocabulary to be pruned.
//
// Pure: the text in and out (app/vocab_command.cpp reads and writes the file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dsasr::http {

struct RegisteredFile {
  std::string model;
  std::string path;  // absolute
  bool operator==(const RegisteredFile& o) const { return model == o.model && path == o.path; }
};

// Lines that are not "MODEL<TAB>/PATH" are skipped (a damaged file loses only those).
std::vector<RegisteredFile> parse_registry(std::string_view text);
std::string format_registry(const std::vector<RegisteredFile>& files);
// Adds `file` unless it is there; true when it was added.
bool register_file(std::vector<RegisteredFile>& files, const RegisteredFile& file);

}  // namespace dsasr::http
