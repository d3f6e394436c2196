// The option table: one entry per command-line option. It drives CLI11 parsing (parse.cpp),
// `--help` (help.cpp), the per-model feature checks (request_builder.cpp) and the man-page
// completeness test. Adding an option is one entry here plus its resolution.
// Immutable data; any thread may read it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.h"

namespace dsasr::cli {

enum class OptionId {
  // General
  kHelp,
  kVersion,
  kProfile,
  // Service and credentials
  kModel,
  kProtocol,
  kRegion,
  kEndpoint,
  kHttpEndpoint,
  kWorkspace,
  kApiKeyFile,
  kCaFile,
  kInsecure,
  kRetries,
  // Recognition
  kLanguage,
  kVocabularyId,
  kHotwords,
  kPhraseId,
  kSemanticPunctuation,
  kMaxSentenceSilence,
  kMultiThreshold,
  kDisfluencyRemoval,
  kNoPunctuation,
  kNoItn,
  kHeartbeat,
  kNoHeartbeat,
  kNoiseThreshold,
  kTranslateTo,
  kNoTranscription,
  kContext,
  kPrompt,
  kVadThreshold,
  kVadSilence,
  kVadPrefixPadding,
  kManualCommit,
  kNoEmotion,
  kParam,
  // Output
  kFormat,
  kJsonl,
  kSrt,
  kVtt,
  kOutput,
  kOutputDir,
  kPartials,
  kWords,
  kMaxLineWidth,
  kMaxLines,
  kMaxCueDuration,
  kCaptionLang,
  kTimestamps,
  kRaw,
  // Pacing and batches
  kSpeed,
  kWindow,
  kJobs,
  kParallel,
  kFrom,
  kSkipExisting,
  kShard,
  // Input
  kRawRate,
  kRawChannels,
  kDevice,
  kDuration,
  kSave,
  kBuffer,
  kSystem,
  kWithSystem,
  kLabels,
  kEchoGuard,
  // Cost
  kSkipSilence,
  kSkipSilenceAggressiveness,
  kPrice,
  kMaxCost,
  // Diagnostics
  kStats,
  kVerbose,
  kQuiet,
  kColor,
  kProgress,
  // models, vocab
  kJson,
  kPrefix,
  kOlderThan,
  kCount  // number of options; not an option
};

constexpr std::size_t kOptionCount = static_cast<std::size_t>(OptionId::kCount);

// Help sections, in the order --help and the man page list them.
enum class Group {
  kGeneral,
  kService,
  kRecognition,
  kOutput,
  kPacing,
  kInput,
  kCost,
  kDiagnostics
};
std::string_view group_title(Group g);

// Which commands an option applies to, as a bit set. kTopLevel is `dsasr` without a command.
enum CommandBit : uint32_t {
  kTopLevelBit = 1u << 0,
  kFileBit = 1u << 1,
  kMicBit = 1u << 2,
  kDevicesBit = 1u << 3,
  kModelsBit = 1u << 4,
  kSchemaBit = 1u << 5,
  kConfigBit = 1u << 6,
  kDoctorBit = 1u << 7,
  kCompletionBit = 1u << 8,
  kVocabBit = 1u << 9,
};
uint32_t command_bit(Command c);  // kNone -> kTopLevelBit; kHelp/kVersion -> 0

struct OptionSpec {
  OptionId id;
  std::string_view long_name;   // without the dashes: "model"
  char short_name;              // 'm', or 0 when there is none
  std::string_view value_name;  // "NAME"; empty for a flag
  Group group;
  uint32_t commands;        // CommandBit set
  uint32_t model_features;  // protocol::Feature bits; the model needs one of them (0: any model)
  std::string_view env;     // environment variable the option stands in for, or ""
  bool repeatable;          // values accumulate (--param) or occurrences count (-v)
  std::string_view help;    // one line, lower-case start, no final period

  bool is_flag() const { return value_name.empty(); }
  // A value that may be left out: value_name "[=MS]", given as --name or --name=VALUE only.
  bool value_optional() const { return !value_name.empty() && value_name.front() == '['; }
  // What follows the flag in help: " NAME", "[=MS]" or "".
  std::string value_label() const {
    if (is_flag()) return "";
    return value_optional() ? std::string(value_name) : " " + std::string(value_name);
  }
  bool applies_to(Command c) const { return (commands & command_bit(c)) != 0; }
  std::string long_flag() const { return "--" + std::string(long_name); }  // "--model"
};

// Every option, in --help order within each group.
const std::vector<OptionSpec>& all_options();
const OptionSpec& option(OptionId id);

}  // namespace dsasr::cli
