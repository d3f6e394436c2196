#include "audio/stereo_save.h"

#include <sndfile.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace dsasr::audio {
namespace {

TEST_CASE("stereo --save interleaves only the frames both channels have", "[stereo_save]") {
  std::vector<int16_t> left{1, 2, 3};
  std::vector<int16_t> right{10, 20};
  CHECK(StereoSaveFile::interleave_ready(left, right) == std::vector<int16_t>{1, 10, 2, 20});
  CHECK(left == std::vector<int16_t>{3});
  CHECK(right.empty());
}

TEST_CASE("stereo --save writes mic left, system right, the shorter padded with silence",
          "[stereo_save]") {
  char dir[] = "/tmp/dsasr-stereo-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string path = std::string(dir) + "/meeting.wav";
  {
    auto file = StereoSaveFile::create(path, 16000);
    REQUIRE(file);
    SampleTap mic = (*file)->channel_tap(0);
    SampleTap system = (*file)->channel_tap(1);
    const int16_t a[] = {1, 2, 3};
    const int16_t b[] = {-1};
    REQUIRE(mic(a, 3));
    REQUIRE(system(b, 1));
    REQUIRE((*file)->close());
  }
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  REQUIRE(f);
  CHECK(info.channels == 2);
  CHECK(info.samplerate == 16000);
  std::vector<int16_t> got(6);
  CHECK(sf_read_short(f, got.data(), 6) == 6);
  sf_close(f);
  CHECK(got == std::vector<int16_t>{1, -1, 2, 0, 3, 0});
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace dsasr::audio
