#include "audio/stdin_source.h"

#include <utility>

#include "audio/format_sniff.h"
#include "audio/raw_source.h"
#include "audio/sndfile_source.h"

namespace dsasr::audio {

util::Result<std::unique_ptr<Source>> open_stream(std::unique_ptr<StreamReader> reader,
                                                  const RawFormat* raw) {
  // libsndfile cannot be asked to try a stream and fall back: a failed open has consumed bytes. So
  // dsasr reads the header itself and hands it back to whichever reader it picks.
  uint8_t header[kSniffBytes];
  auto got = reader->read_full(header, sizeof header);
  if (!got) return got.error();
  if (*got == 0) {
    return util::input_error(reader->name(), util::ErrorKind::kInput, "empty input");
  }
  reader->unread(header, *got);
  if (raw != nullptr) return open_raw_source(std::move(reader), *raw, false);
  return open_sndfile_stream(std::move(reader), header, *got);
}

util::Result<std::unique_ptr<Source>> open_stream_source(int fd, const std::string& name,
                                                         const RawFormat* raw) {
  auto reader = StreamReader::create(fd, false, name);
  if (!reader) return reader.error();
  return open_stream(std::move(reader.value()), raw);
}

}  // namespace dsasr::audio
