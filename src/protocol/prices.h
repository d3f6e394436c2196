// What the service charges for realtime recognition, per second of audio sent, as the seeds
// state it (seed 000's model comparison table, "价格"; seed 003's price list, "单价"), in CNY.
// The service bills the audio it receives, silence included; --skip-silence sends less of it.
//
//   fun-asr-realtime (and -2025-11-07)   0.00033 CNY/s in mainland China, 0.00066 international
//   fun-asr-realtime-2025-09-15          0.00033 CNY/s (mainland China only)
//   gummy-realtime-v1                    0.00015 CNY/s
//   gummy-chat-v1                        0.00024 CNY/s
//
// Models the seeds give no price for (Paraformer, Qwen) have none here: --price PER_SECOND.
#pragma once

#include <optional>
#include <string_view>

namespace dsasr::protocol {

struct Price {
  double per_second = 0.0;    // per second of audio sent
  std::string_view currency;  // "CNY"
  std::string_view source;    // where the figure comes from
};

// The price in the Beijing (mainland China) or Singapore (international) region.
std::optional<Price> price_of(std::string_view model, bool singapore);

}  // namespace dsasr::protocol
