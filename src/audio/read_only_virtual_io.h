// read_only_virtual_io<Io>(): libsndfile's SF_VIRTUAL_IO callbacks for an object passed as
// user_data that has length(), tell(), read(out, count) and seek(offset, whence) with the
// meanings sf_open_virtual gives them. Writes are refused (0 bytes). Internal to audio/; an Io
// class whose members are private befriends this template.
#pragma once

#include <sndfile.h>

namespace dsasr::audio {

template <class Io>
SF_VIRTUAL_IO read_only_virtual_io() {
  SF_VIRTUAL_IO io{};
  io.get_filelen = [](void* user_data) { return static_cast<Io*>(user_data)->length(); };
  io.seek = [](sf_count_t offset, int whence, void* user_data) {
    return static_cast<Io*>(user_data)->seek(offset, whence);
  };
  io.read = [](void* out, sf_count_t count, void* user_data) {
    return static_cast<Io*>(user_data)->read(out, count);
  };
  io.write = [](const void*, sf_count_t, void*) -> sf_count_t { return 0; };
  io.tell = [](void* user_data) { return static_cast<Io*>(user_data)->tell(); };
  return io;
}

}  // namespace dsasr::audio
