// Base64 encoding (RFC 4648 §4, standard alphabet, '=' padding, no line breaks), used for the
// audio of the Qwen realtime protocol's input_audio_buffer.append. Pure functions; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dsasr::protocol {

// The encoded length of `size` bytes: 4 * ceil(size / 3).
constexpr std::size_t base64_encoded_size(std::size_t size) {
  return (size + 2) / 3 * 4;
}

// Appends the encoding of `bytes` to `out`.
void append_base64(std::string& out, std::string_view bytes);

// The encoding of `bytes`.
std::string base64_encode(std::string_view bytes);

}  // namespace dsasr::protocol
