// Standard base64 (RFC 4648, with padding optional) decoding for input_audio_buffer.append.
// Pure; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace dsasr::emulator {

// nullopt when `text` contains characters outside the alphabet or has an impossible length.
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text);

}  // namespace dsasr::emulator
