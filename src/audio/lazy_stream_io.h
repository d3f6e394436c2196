// LazyStreamIo: libsndfile virtual IO over a StreamReader, for FLAC and MP3 on stdin or a pipe.
// libsndfile 1.2.0's own pipe handling loses sync on FLAC, and on MP3 it reads one byte before a
// heap buffer (AddressSanitizer: heap-buffer-overflow under sf_open_fd -> mpg123_getformat2), so
// these two formats come through here instead.
//
// It keeps the bytes it has read so the decoder can seek backwards (it does while opening), reads
// ahead for forward seeks, and reports a length chosen per format: -1 (unknown) is what makes
// libsndfile stream FLAC instead of reading it whole; MP3 needs a length to open at all, and an
// impossibly large one makes it stream too (seeks to the end fail, so mpg123 does not scan). Once
// the file is open only a trailing window of bytes is kept, so memory stays bounded on long
// streams. Internal to audio/. One thread at a time (the decoder's), except interrupt().
#pragma once

#include <sndfile.h>

#include <memory>
#include <optional>
#include <vector>

#include "audio/stream_reader.h"
#include "util/result.h"

#include "audio/read_only_virtual_io.h"

namespace dsasr::audio {

class LazyStreamIo {
 public:
  // The length get_filelen reports for the two formats (see above).
  static constexpr sf_count_t kFlacLength = -1;
  static constexpr sf_count_t kMpegLength = sf_count_t{1} << 62;

  LazyStreamIo(std::unique_ptr<StreamReader> reader, sf_count_t reported_length);

  // Callbacks for sf_open_virtual; user_data is this object.
  static SF_VIRTUAL_IO callbacks() { return read_only_virtual_io<LazyStreamIo>(); }

  // After sf_open_virtual succeeded: from now on keep only a window behind the read position.
  void opened() { opened_ = true; }
  void interrupt() { reader_->interrupt(); }
  bool interrupted() const { return reader_->interrupted(); }
  // The read error that made a callback return short, if any.
  const std::optional<util::Error>& error() const { return error_; }

 private:
  template <class Io>
  friend SF_VIRTUAL_IO read_only_virtual_io();
  sf_count_t length() const { return reported_length_; }
  sf_count_t tell() const { return pos_; }
  sf_count_t read(void* out, sf_count_t count);
  sf_count_t seek(sf_count_t offset, int whence);
  // Reads from the stream until the buffer reaches absolute offset `end` (or the input ends).
  void fill_to(sf_count_t end);
  void trim();

  std::unique_ptr<StreamReader> reader_;
  sf_count_t reported_length_;
  std::vector<uint8_t> buffer_;  // stream bytes [base_, base_ + buffer_.size())
  sf_count_t base_ = 0;
  sf_count_t pos_ = 0;
  bool ended_ = false;
  bool opened_ = false;
  std::optional<util::Error> error_;
};

}  // namespace dsasr::audio
