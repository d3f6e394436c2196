#include "cli/option_values.h"

#include "protocol/models.h"

namespace dsasr::cli {

OptionValues option_values(const OptionSpec& spec) {
  using O = OptionId;
  if (spec.is_flag()) return {ValueKind::kFlag, {}};
  switch (spec.id) {
    case O::kRegion:
      return {ValueKind::kChoice, {"beijing", "singapore"}};
    case O::kProtocol:
      return {ValueKind::kChoice, {"duplex", "realtime"}};
    case O::kFormat:
      return {ValueKind::kChoice, {"text", "jsonl", "srt", "vtt"}};
    case O::kSpeed:
      // Or a factor such as 2: completion offers the words.
      return {ValueKind::kChoice, {"auto", "realtime", "max"}};
    case O::kCaptionLang:
      return {ValueKind::kChoice, {"source", "target", "both"}};
    case O::kColor:
      return {ValueKind::kChoice, {"auto", "always", "never"}};
    case O::kModel: {
      OptionValues v{ValueKind::kModel, {}};
      for (const protocol::Model& m : protocol::all_models()) v.choices.push_back(m.name);
      return v;
    }
    default:
      break;
  }
  if (spec.value_optional()) return {ValueKind::kFlag, {}};  // completed as --name alone
  if (spec.value_name == "FILE") return {ValueKind::kFile, {}};
  if (spec.value_name == "DIR") return {ValueKind::kDirectory, {}};
  return {ValueKind::kText, {}};
}

const std::vector<std::string_view>& completion_shells() {
  static const std::vector<std::string_view> shells = {"bash", "zsh", "fish"};
  return shells;
}

}  // namespace dsasr::cli
