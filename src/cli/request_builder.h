// From the recognition options to a protocol::Request: which model and protocol family, whether
// the model supports each option given, and the exact service parameters. Pure functions.
#pragma once

#include <string>

#include "cli/config.h"
#include "cli/environment.h"
#include "cli/option_table.h"
#include "cli/parsed_args.h"
#include "protocol/models.h"
#include "protocol/request.h"
#include "util/result.h"

namespace dsasr::cli {

struct ModelChoice {
  std::string name;
  const protocol::Model* model = nullptr;  // nullptr: a name the model table does not list
  protocol::Family family = protocol::Family::kDuplex;
};

// --model (default fun-asr-realtime) and --protocol: a listed model's family must match
// --protocol when given; an unlisted model needs --protocol.
util::Result<ModelChoice> choose_model(const ParsedArgs& args);

// The model must be offered in the region.
util::Status check_region(const ModelChoice& choice, Region region);

// True when model `m` accepts the recognition option `spec` (any option without a model feature
// requirement is accepted; --language needs a language parameter).
bool supports_option(const OptionSpec& spec, const protocol::Model& m);

// Names of the listed models that support `spec` ("a, b, c"); "" when none does.
std::string models_supporting(const OptionSpec& spec);

// Checks every recognition option given against the model and builds the request:
// parameters are exactly the ones the user set, in option-table order, then --param members
// (a --param replaces an earlier member with the same key in place). format and sample_rate
// are left to the protocol machine.
//
// `mic` (args.command == kMic) adds heartbeat=true on a listed model with the heartbeat feature
// unless --no-heartbeat is given. Realtime family: --language, --context, --vad-threshold,
// --vad-silence and --manual-commit fill the session fields, --param goes to session_extra.
// --context @FILE reads FILE through `env` (UTF-8, trailing white space dropped); it becomes the
// corpus text in the realtime family and run-task input.context in the duplex family (Fun-ASR),
// where more than kMaxInputContextChars characters is a usage error.
// --no-transcription needs --translate-to and sends transcription_enabled=false.
util::Result<protocol::Request> build_request(const ParsedArgs& args, const ModelChoice& choice,
                                              const Environment& env);

// The service uses at most this many characters (Unicode code points) of Fun-ASR context per
// turn and silently drops the rest (protocol.md §2.6); dsasr refuses longer text instead, so that
// no term the user listed is ignored without a word.
inline constexpr std::size_t kMaxInputContextChars = 400;

// The --context value: TEXT itself, or the content of FILE for @FILE. Usage errors name the
// file ("--context @notes.txt: No such file or directory"); the text must be non-empty UTF-8.
util::Result<std::string> context_text(const std::string& value, const Environment& env);
// The same for any TEXT|@FILE option (--prompt); errors name `flag`.
util::Result<std::string> text_option(const std::string& flag, const std::string& value,
                                      const Environment& env);

}  // namespace dsasr::cli
