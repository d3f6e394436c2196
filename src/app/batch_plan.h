// The batch's plan, decided before anything is opened: which inputs (command line, --from,
// directories walked, --shard), and for each input which outputs under which names. The list
// holds only names; decoders, rings, sockets and descriptors exist only for the -j inputs being
// transcribed (transcribe.cpp), so a batch's memory and descriptors are flat in its length.
//
// Pure functions (unit-tested in tests/unit/app/batch_plan_test.cpp), except expand_inputs()
// and check_outputs_are_not_inputs(), which read the file system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/config.h"
#include "util/result.h"

namespace dsasr::app {

// One input of the batch, as small as it can be: a batch of 10,000 holds 10,000 of these.
struct PlannedInput {
  std::string path;  // as given or found; "-" = stdin
  // The output name without extension, relative to --output-dir: the file's stem, or for a
  // file found in a directory given as input, its path below that directory ("a/b/talk").
  std::string output_stem;
};

// One output of one input.
struct PlannedOutput {
  std::string path;  // "-" = standard output
  cli::OutputFormat format = cli::OutputFormat::kText;
  bool atomic = false;  // written under a temporary name and renamed when complete
};

// "dir/meeting.final.wav" -> "meeting.final"; "-" -> "stdin".
std::string stem_of(const std::string& path);
// "txt", "jsonl", "srt", "vtt".
const char* extension_for(cli::OutputFormat format);
// True for names libsndfile decodes by extension (.wav, .flac, .mp3, .ogg, .opus, .aiff, ...),
// any case: what a directory walk picks up.
bool is_audio_file_name(const std::string& name);

// --shard K/N: the inputs whose position in the list sorted by path is K modulo N (1-based),
// kept in their original order. Every input is in exactly one of the N shards.
std::vector<PlannedInput> select_shard(std::vector<PlannedInput> inputs, const cli::Shard& shard);

// The outputs of one input: --output-dir gives one atomic file per format, -o the files and "-"
// given (live), and neither standard output in -f's format.
std::vector<PlannedOutput> plan_outputs(const cli::OutputConfig& output, const PlannedInput& in);

// Two inputs that would write the same file under --output-dir: the first such pair's stem.
std::optional<std::string> duplicate_stem(const std::vector<PlannedInput>& inputs);

// The whole input list: the arguments, then --from's lines (blank lines skipped, "-" = stdin),
// each directory replaced by the audio files below it (sorted, recursively; a directory with
// none stays as it is and fails as an input). Then --shard.
// Errors: an unreadable --from file or directory (kUsage, kInput).
util::Result<std::vector<PlannedInput>> expand_inputs(const cli::Config& config);

// A (device, inode) pair.
using FileIdentity = std::pair<uint64_t, uint64_t>;

// Refuses outputs that are the same file as an input (through symlinks or hard links), and
// standard output when it is an input's file: a usage error naming both, before anything is
// opened for writing. `input_ids` are the inputs' identities (stdin's when "-" is an input).
util::Status check_outputs_are_not_inputs(const std::vector<PlannedInput>& inputs,
                                          const cli::OutputConfig& output);

}  // namespace dsasr::app
