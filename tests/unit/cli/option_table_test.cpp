#include "cli/option_table.h"

#include <catch2/catch.hpp>

#include <set>

#include "protocol/models.h"

namespace dsasr::cli {
namespace {

TEST_CASE("the table is indexed by id and names are unique per command", "[option_table]") {
  REQUIRE(all_options().size() == kOptionCount);
  for (std::size_t i = 0; i < kOptionCount; ++i) {
    CHECK(static_cast<std::size_t>(all_options()[i].id) == i);
    CHECK(&option(static_cast<OptionId>(i)) == &all_options()[i]);
  }
  for (Command c :
       {Command::kNone, Command::kFile, Command::kMic, Command::kDevices, Command::kModels}) {
    std::set<std::string> longs;
    std::set<char> shorts;
    for (const OptionSpec& s : all_options()) {
      if (!s.applies_to(c)) continue;
      CHECK(longs.insert(std::string(s.long_name)).second);
      if (s.short_name) CHECK(shorts.insert(s.short_name).second);
    }
  }
}

TEST_CASE("every entry is complete", "[option_table]") {
  for (const OptionSpec& s : all_options()) {
    INFO(s.long_name);
    CHECK_FALSE(s.long_name.empty());
    CHECK(s.long_name.find_first_of(" =") == std::string_view::npos);
    CHECK_FALSE(s.help.empty());
    CHECK(s.help.back() != '.');
    CHECK(s.commands != 0);
  }
}

TEST_CASE("options are grouped contiguously, in group order", "[option_table]") {
  int last = -1;
  for (const OptionSpec& s : all_options()) {
    // `models` and `vocab` have their own short lists
    if ((s.commands & ~(kModelsBit | kVocabBit)) == 0) continue;
    INFO(s.long_name);
    CHECK(static_cast<int>(s.group) >= last);
    last = static_cast<int>(s.group);
  }
}

TEST_CASE("recognition options that depend on the model say which feature", "[option_table]") {
  CHECK(option(OptionId::kNoItn).model_features == protocol::kItnToggle);
  CHECK(option(OptionId::kMaxSentenceSilence).model_features ==
        (protocol::kSentenceSilence | protocol::kEndSilence));
  CHECK(option(OptionId::kTranslateTo).model_features == protocol::kTranslation);
  CHECK(option(OptionId::kModel).model_features == 0);
  CHECK(option(OptionId::kContext).model_features ==
        (protocol::kContext | protocol::kInputContext));
  CHECK(option(OptionId::kNoTranscription).model_features == protocol::kTranscriptionToggle);
  CHECK(option(OptionId::kCaptionLang).model_features == 0);
  CHECK(option(OptionId::kVadThreshold).model_features == protocol::kServerVad);
  CHECK(option(OptionId::kVadSilence).model_features == protocol::kServerVad);
  CHECK(option(OptionId::kManualCommit).model_features == protocol::kServerVad);
  CHECK(option(OptionId::kNoHeartbeat).model_features == 0);
}

TEST_CASE("mic takes the streaming options but not the file-only ones", "[option_table]") {
  for (const OptionSpec& s : all_options()) {
    INFO(s.long_name);
    if (s.id == OptionId::kHelp || s.id == OptionId::kVersion || s.id == OptionId::kJson ||
        s.id == OptionId::kPrefix || s.id == OptionId::kOlderThan) {
      continue;
    }
    const bool file_only = s.id == OptionId::kSpeed || s.id == OptionId::kWindow ||
                           s.id == OptionId::kJobs || s.id == OptionId::kOutputDir ||
                           s.id == OptionId::kRawRate || s.id == OptionId::kRawChannels ||
                           s.id == OptionId::kFrom || s.id == OptionId::kSkipExisting ||
                           s.id == OptionId::kShard || s.id == OptionId::kProgress ||
                           s.id == OptionId::kParallel;
    const bool mic_only =
        s.id == OptionId::kDevice || s.id == OptionId::kDuration || s.id == OptionId::kSave ||
        s.id == OptionId::kBuffer || s.id == OptionId::kNoHeartbeat || s.id == OptionId::kSystem ||
        s.id == OptionId::kWithSystem || s.id == OptionId::kLabels || s.id == OptionId::kEchoGuard;
    CHECK(s.applies_to(Command::kFile) == !mic_only);
    CHECK(s.applies_to(Command::kMic) == !file_only);
  }
}

TEST_CASE("devices takes only -v, -q, --color, --profile, --help and --version", "[option_table]") {
  for (const OptionSpec& s : all_options()) {
    INFO(s.long_name);
    const bool expected = s.id == OptionId::kVerbose || s.id == OptionId::kQuiet ||
                          s.id == OptionId::kColor || s.id == OptionId::kProfile ||
                          s.id == OptionId::kHelp || s.id == OptionId::kVersion;
    CHECK(s.applies_to(Command::kDevices) == expected);
  }
}

TEST_CASE("doctor takes the service options, config only --profile, completion none",
          "[option_table]") {
  for (const OptionSpec& s : all_options()) {
    INFO(s.long_name);
    const bool general = s.id == OptionId::kHelp || s.id == OptionId::kVersion;
    const bool doctor = general || s.id == OptionId::kProfile ||
                        (s.group == Group::kService && s.id != OptionId::kRetries) ||
                        s.id == OptionId::kVerbose || s.id == OptionId::kQuiet ||
                        s.id == OptionId::kColor;
    CHECK(s.applies_to(Command::kDoctor) == doctor);
    CHECK(s.applies_to(Command::kConfig) == (general || s.id == OptionId::kProfile));
    CHECK(s.applies_to(Command::kCompletion) == general);
  }
}

TEST_CASE("command bits", "[option_table]") {
  CHECK(option(OptionId::kHelp).applies_to(Command::kNone));
  CHECK(option(OptionId::kHelp).applies_to(Command::kModels));
  CHECK(option(OptionId::kJson).applies_to(Command::kModels));
  CHECK_FALSE(option(OptionId::kJson).applies_to(Command::kFile));
  CHECK(option(OptionId::kSpeed).applies_to(Command::kFile));
  CHECK_FALSE(option(OptionId::kSpeed).applies_to(Command::kMic));
  CHECK(option(OptionId::kDevice).applies_to(Command::kMic));
  CHECK(option(OptionId::kDevice).short_name == 'd');
  CHECK(option(OptionId::kModel).long_flag() == "--model");
}

}  // namespace
}  // namespace dsasr::cli
