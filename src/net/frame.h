// Client-to-server WebSocket frames (RFC 6455 §5.2), built whole in our own buffer.
//
// Why not lws_write(): libwebsockets 4.1.6 masks a client frame one byte at a time and reads
// 4 bytes from /dev/urandom per frame for its key, which was most of the CPU a --speed max run
// spent (issue 7). Client sends these pre-built frames with LWS_WRITE_RAW, which lws passes
// to the socket untouched. Pure functions; any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dsasr::net {

// The data opcodes a client sends itself; control frames (close, ping, pong) are left to lws.
enum class Opcode : uint8_t { kText = 0x1, kBinary = 0x2 };

// The 4-byte masking key, in wire order: payload byte i is XORed with key[i % 4].
using MaskKey = std::array<uint8_t, 4>;

// The largest header: 2 bytes, a 64-bit extended length and the key.
constexpr size_t kMaxClientFrameHeaderBytes = 2 + 8 + 4;

// Header bytes of a masked frame carrying `payload_bytes` (6, 8 or 14).
size_t client_frame_header_bytes(size_t payload_bytes);

// Writes one unfragmented (FIN) masked frame: the header, then the payload XORed with `key`.
// `out` must have room for client_frame_header_bytes(payload.size()) + payload.size() bytes
// and must not overlap `payload`. Returns the number of bytes written.
size_t write_client_frame(Opcode opcode, const MaskKey& key, std::string_view payload,
                          unsigned char* out);

// out[i] = in[i] ^ key[i % 4] for i < n; `in` may equal `out`. Masking and unmasking are the
// same operation. Works 8 bytes at a time whatever the alignment of either pointer.
void mask_payload(const MaskKey& key, const unsigned char* in, size_t n, unsigned char* out);

}  // namespace dsasr::net
