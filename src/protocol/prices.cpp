#include "protocol/prices.h"

namespace dsasr::protocol {

namespace {

struct Row {
  std::string_view model;
  std::optional<double> beijing;
  std::optional<double> singapore;
  std::string_view source;
};

constexpr std::string_view kSeed000 = "seed 000";  // the model table, 价格
constexpr std::string_view kSeed003 = "seed 003";  // 单价

const Row kRows[] = {
    {"fun-asr-realtime", 0.00033, 0.00066, kSeed000},
    {"fun-asr-realtime-2025-11-07", 0.00033, 0.00066, kSeed003},
    {"fun-asr-realtime-2025-09-15", 0.00033, std::nullopt, kSeed000},
    {"gummy-realtime-v1", 0.00015, std::nullopt, kSeed000},
    {"gummy-chat-v1", 0.00024, std::nullopt, kSeed000},
};

}  // namespace

std::optional<Price> price_of(std::string_view model, bool singapore) {
  for (const Row& row : kRows) {
    if (row.model != model) continue;
    const std::optional<double>& p = singapore ? row.singapore : row.beijing;
    if (!p) return std::nullopt;
    return Price{*p, "CNY", row.source};
  }
  return std::nullopt;
}

}  // namespace dsasr::protocol
