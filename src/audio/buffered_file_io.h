// BufferedFileIo: libsndfile virtual IO over a regular file, read through a 64 KiB buffer. For MP3
// files: libsndfile's MP3 reader asks for one frame (a few hundred bytes) at a time, which through
// sf_open_fd is one read(2) per frame, about 100 system calls per second of audio. Internal to
// audio/. One thread at a time (the decoder's).
#pragma once

#include <sndfile.h>

#include <cstdint>
#include <vector>

#include "audio/read_only_virtual_io.h"

namespace dsasr::audio {

class BufferedFileIo {
 public:
  // fd: a regular file, not owned (it must stay open while this exists); size_bytes its length.
  BufferedFileIo(int fd, sf_count_t size_bytes);

  // Callbacks for sf_open_virtual; user_data is this object.
  static SF_VIRTUAL_IO callbacks() { return read_only_virtual_io<BufferedFileIo>(); }

 private:
  template <class Io>
  friend SF_VIRTUAL_IO read_only_virtual_io();
  sf_count_t length() const { return size_bytes_; }
  sf_count_t tell() const { return pos_; }
  sf_count_t read(void* out, sf_count_t count);
  sf_count_t seek(sf_count_t offset, int whence);

  int fd_;
  sf_count_t size_bytes_;
  sf_count_t pos_ = 0;
  std::vector<uint8_t> buffer_;  // file bytes [buffer_start_, buffer_start_ + buffered_)
  sf_count_t buffer_start_ = 0;
  size_t buffered_ = 0;
};

}  // namespace dsasr::audio
