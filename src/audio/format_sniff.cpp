#include "audio/format_sniff.h"

#include <cstring>

namespace dsasr::audio {

namespace {

bool starts_with(const uint8_t* header, size_t n, size_t offset, const char* magic,
                 size_t magic_len) {
  return n >= offset + magic_len && std::memcmp(header + offset, magic, magic_len) == 0;
}

// Quotes a path for the suggested shell command only when it needs it.
std::string shell_quote(const std::string& path) {
  const bool plain = path.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789._-/+=:,@") == std::string::npos;
  if (plain && !path.empty()) return path;
  std::string quoted = "'";
  for (char c : path) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string conversion_hint(const std::string& name) {
  if (name == "stdin") return "convert it first, e.g. ... | ffmpeg -i - -f wav - | dsasr file -";
  return "convert it first: ffmpeg -i " + shell_quote(name) + " -f wav - | dsasr file -";
}

}  // namespace

std::optional<std::string> unsupported_format_name(const uint8_t* header, size_t n) {
  if (starts_with(header, n, 4, "ftyp", 4)) return std::string("M4A/MP4 (AAC)");
  if (n >= 2 && header[0] == 0xFF && (header[1] & 0xF6) == 0xF0) return std::string("AAC (ADTS)");
  if (starts_with(header, n, 0, "\x1A\x45\xDF\xA3", 4)) return std::string("Matroska/WebM");
  if (starts_with(header, n, 0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11", 8)) {
    return std::string("WMA/ASF");
  }
  if (starts_with(header, n, 0, "#!AMR", 5)) return std::string("AMR");
  return std::nullopt;
}

bool is_flac(const uint8_t* header, size_t n) {
  return starts_with(header, n, 0, "fLaC", 4);
}

bool is_mpeg_audio(const uint8_t* header, size_t n) {
  if (starts_with(header, n, 0, "ID3", 3)) return true;
  // 11 sync bits, then any version, and a layer field that is not 00 (00 is AAC's ADTS).
  return n >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0;
}

util::Error unsupported_input_error(const std::string& name, const uint8_t* header, size_t n,
                                    const std::string& decoder_message) {
  if (auto format = unsupported_format_name(header, n)) {
    return util::input_error(name, util::ErrorKind::kInput, *format + " audio is not supported",
                             conversion_hint(name));
  }
  std::string message = "unrecognised or unsupported audio format";
  if (!decoder_message.empty()) message += " (" + decoder_message + ")";
  return util::input_error(name, util::ErrorKind::kInput, message,
                           "supported: WAV, AIFF, FLAC, Ogg/Vorbis, Ogg/Opus, MP3, and headerless "
                           "s16le with --raw-rate; otherwise " +
                               conversion_hint(name));
}

}  // namespace dsasr::audio
