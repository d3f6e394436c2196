// Task and event ids. The duplex family's task_id and the realtime family's event ids are random
// UUIDs (version 4) written as 32 lowercase hex digits without dashes, as the Python SDK does
// (`uuid.uuid4().hex`, protocol.md §2.2). Generation sits behind IdGenerator so tests can inject
// predictable ids. Any thread may use its own generator; RandomIdGenerator has no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace dsasr::protocol {

// Formats 16 bytes as a version-4 UUID in 32 lowercase hex digits: the version nibble (byte 6)
// becomes 4 and the variant bits (byte 8) become 10xx, the remaining 122 bits come from `bytes`.
std::string uuid4_hex(const std::array<uint8_t, 16>& bytes);

// True for exactly 32 lowercase hex digits (the form uuid4_hex produces, not checking version).
bool is_hex32(const std::string& id);

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A fresh 32-hex-digit id.
  virtual std::string next_uuid_hex() = 0;

  // A duplex task_id: the uuid itself.
  std::string task_id() { return next_uuid_hex(); }
  // A realtime client event id: "event_" + uuid (the SDKs' form, protocol.md §3).
  std::string event_id() { return "event_" + next_uuid_hex(); }
};

// Ids from the kernel's CSPRNG (getrandom(2)); std::random_device if that is unavailable.
class RandomIdGenerator final : public IdGenerator {
 public:
  std::string next_uuid_hex() override;
};

// Predictable ids for tests: uuid4_hex of a counter (1, 2, 3, ...) in the last bytes, so the
// first id is "00000000000040008000000000000001".
class SequentialIdGenerator final : public IdGenerator {
 public:
  std::string next_uuid_hex() override;

 private:
  uint64_t counter_ = 0;
};

}  // namespace dsasr::protocol
