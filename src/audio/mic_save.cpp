#include "audio/mic_save.h"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace dsasr::audio {

namespace {

std::string lowercase_extension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

util::Result<std::unique_ptr<MicSaveFile>> MicSaveFile::create(const std::string& path,
                                                               int sample_rate_hz, int channels) {
  const std::string ext = lowercase_extension(path);
  SF_INFO info{};
  info.samplerate = sample_rate_hz;
  info.channels = channels;
  if (ext == ".wav") {
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  } else if (ext == ".flac") {
    info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
  } else {
    return util::Error(util::ErrorKind::kUsage,
                       "--save " + path + ": unsupported file type '" + ext + "'",
                       "use a .wav or .flac file name");
  }
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (!file) {
    return util::Error(util::ErrorKind::kInput,
                       path + ": cannot create the --save file: " + sf_strerror(nullptr));
  }
  return std::unique_ptr<MicSaveFile>(new MicSaveFile(path, file));
}

MicSaveFile::MicSaveFile(std::string path, void* sndfile)
    : path_(std::move(path)), sndfile_(sndfile) {}

MicSaveFile::~MicSaveFile() {
  (void)close();
}

util::Status MicSaveFile::write(const int16_t* samples, size_t n) {
  auto* file = static_cast<SNDFILE*>(sndfile_);
  if (!file) return util::Error(util::ErrorKind::kInternal, path_ + ": written after close");
  const sf_count_t count = static_cast<sf_count_t>(n);
  if (sf_write_short(file, samples, count) != count) {
    return util::Error(util::ErrorKind::kInput,
                       path_ + ": cannot write the --save file: " + sf_strerror(file));
  }
  return {};
}

util::Status MicSaveFile::close() {
  auto* file = static_cast<SNDFILE*>(sndfile_);
  if (!file) return {};
  sndfile_ = nullptr;
  if (sf_close(file) != 0) {
    return util::Error(util::ErrorKind::kInput,
                       path_ + ": cannot finish the --save file: " + sf_strerror(nullptr));
  }
  return {};
}

}  // namespace dsasr::audio
