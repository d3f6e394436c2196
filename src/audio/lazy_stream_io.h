// LazyStreamIo: libsndfile virtual IO over a StreamReader, for FLAC on stdin or a pipe
// (libsndfile's own pipe handling loses sync on FLAC). It keeps the bytes it has read so the
// decoder can seek backwards (it does while opening), reads ahead for forward seeks, and reports
// the length as unknown (-1), which is what makes libsndfile stream FLAC instead of reading it
// whole. Once the file is open, only a trailing window of bytes is kept, so memory stays bounded on
// long streams. Internal to audio/. One thread at a time (the decoder's), except interrupt().
#pragma once

#include <sndfile.h>

#include <memory>
#include <optional>
#include <vector>

#include "audio/stream_reader.h"
#include "util/result.h"

namespace dsasr::audio {

class LazyStreamIo {
 public:
  explicit LazyStreamIo(std::unique_ptr<StreamReader> reader);

  // Callbacks for sf_open_virtual; user_data is this object.
  static SF_VIRTUAL_IO callbacks();

  // After sf_open_virtual succeeded: from now on keep only a window behind the read position.
  void opened() { opened_ = true; }
  void interrupt() { reader_->interrupt(); }
  bool interrupted() const { return reader_->interrupted(); }
  // The read error that made a callback return short, if any.
  const std::optional<util::Error>& error() const { return error_; }

 private:
  sf_count_t read(void* out, sf_count_t count);
  sf_count_t seek(sf_count_t offset, int whence);
  // Reads from the stream until the buffer reaches absolute offset `end` (or the input ends).
  void fill_to(sf_count_t end);
  void trim();

  std::unique_ptr<StreamReader> reader_;
  std::vector<uint8_t> buffer_;  // stream bytes [base_, base_ + buffer_.size())
  sf_count_t base_ = 0;
  sf_count_t pos_ = 0;
  bool ended_ = false;
  bool opened_ = false;
  std::optional<util::Error> error_;
};

}  // namespace dsasr::audio
