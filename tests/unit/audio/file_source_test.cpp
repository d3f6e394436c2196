#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "audio/source.h"
#include "audio_test_support.h"

namespace dsasr::audio {
namespace {

using testing::TempDir;

struct FormatCase {
  const char* label;
  const char* tool;       // needed to generate it
  const char* file;       // name in the temp dir
  const char* command;    // %IN% and %OUT% are replaced
  const char* described;  // expected start of Source::description()
};

const FormatCase kFormats[] = {
    {"WAV s16 44.1 kHz stereo", "sox", "s16_44k1_stereo.wav", "sox %IN% -r 44100 -c 2 -b 16 %OUT%",
     "WAV 16-bit 44100 Hz stereo"},
    {"WAV 24-bit (plain WAVE_FORMAT_PCM)", "sox", "s24.wav",
     "sox %IN% -r 22050 -b 24 -t wavpcm %OUT%", "WAV 24-bit 22050 Hz mono"},
    {"WAV 24-bit extensible (WAVE_FORMAT_EXTENSIBLE)", "sox", "s24_ext.wav",
     "sox %IN% -r 48000 -c 2 -b 24 %OUT%", "WAV (extensible) 24-bit 48000 Hz stereo"},
    {"WAV float 48 kHz", "sox", "f32_48k.wav", "sox %IN% -r 48000 -e floating-point -b 32 %OUT%",
     "WAV float 48000 Hz mono"},
    {"WAV u-law 8 kHz", "sox", "ulaw_8k.wav", "sox %IN% -r 8000 -e u-law %OUT%",
     "WAV \xC2\xB5-law 8000 Hz mono"},
    {"AIFF", "sox", "speech.aiff", "sox %IN% -r 22050 %OUT%", "AIFF 16-bit 22050 Hz mono"},
    {"FLAC 44.1 kHz stereo", "sox", "speech.flac", "sox %IN% -r 44100 -c 2 %OUT%",
     "FLAC 44100 Hz stereo"},
    {"Ogg/Vorbis", "sox", "speech.ogg", "sox %IN% -r 44100 -c 2 %OUT%",
     "Ogg/Vorbis 44100 Hz stereo"},
    {"Ogg/Opus", "ffmpeg", "speech.opus",
     "ffmpeg -loglevel error -y -i %IN% -ar 48000 -ac 1 -c:a libopus -b:a 32k %OUT%",
     "Ogg/Opus 48000 Hz mono"},
    {"MP3 (ffmpeg, 44.1 kHz stereo)", "ffmpeg", "speech.mp3",
     "ffmpeg -loglevel error -y -i %IN% -ar 44100 -ac 2 -codec:a libmp3lame -b:a 128k %OUT%",
     "MP3 44100 Hz stereo"},
    {"MP3 (lame, 16 kHz)", "lame", "lame.mp3", "lame --quiet -b 64 %IN% %OUT%",
     "MP3 16000 Hz mono"},
};

std::string expand(std::string command, const std::string& in, const std::string& out) {
  command.replace(command.find("%IN%"), 4, in);
  command.replace(command.find("%OUT%"), 5, out);
  return command;
}

std::string open_error(const std::string& path, const RawFormat* raw = nullptr) {
  auto source = open_source(path, raw);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().kind == util::ErrorKind::kInput);
  CHECK(source.error().message.find('\n') == std::string::npos);
  return source.error().text();
}

TEST_CASE("A 16 kHz mono s16 WAV passes through bit-exact", "[file_source]") {
  auto source = open_source(testing::reference_wav(), nullptr);
  REQUIRE(source.ok());
  CHECK((*source)->description() == "WAV 16-bit 16000 Hz mono");
  CHECK((*source)->name() == testing::reference_wav());
  CHECK((*source)->regular_file());
  const std::vector<int16_t> samples = testing::decode_file(testing::reference_wav(), 16000);
  const std::vector<uint8_t> bytes = testing::read_bytes(testing::reference_wav());
  // The canonical 44-byte header sox writes, then the samples as they are stored.
  REQUIRE(bytes.size() == 44 + samples.size() * 2);
  std::vector<int16_t> stored(samples.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    stored[i] = static_cast<int16_t>(bytes[44 + 2 * i] | bytes[45 + 2 * i] << 8);
  }
  CHECK(samples == stored);
}

TEST_CASE("Every supported format decodes to the same speech as the 16 kHz WAV", "[file_source]") {
  TempDir dir;
  const std::vector<int16_t> reference = testing::decode_file(testing::reference_wav(), 16000);
  for (const FormatCase& format : kFormats) {
    SECTION(format.label) {
      if (!testing::have_tool(format.tool)) {
        WARN("skipped " << format.label << ": " << format.tool << " is not installed");
        continue;
      }
      const std::string path = dir.file(format.file);
      REQUIRE(testing::run_quietly(expand(format.command, testing::reference_wav(), path)));
      auto source = open_source(path, nullptr);
      INFO(format.label << ": " << (source ? (*source)->description() : source.error().message));
      REQUIRE(source.ok());
      CHECK((*source)->description() == format.described);
      auto decoded = testing::decode_to_model_rate(**source, 16000);
      REQUIRE(decoded.ok());
      const double duration_delta_ms =
          (static_cast<double>(decoded->size()) - static_cast<double>(reference.size())) / 16.0;
      const double correlation = testing::best_correlation(reference, *decoded, 1600);
      INFO("duration delta " << duration_delta_ms << " ms, correlation " << correlation);
      CHECK(std::abs(duration_delta_ms) < 20.0);  // measured: 0 ms, 0.06 ms for Opus
      CHECK(correlation > 0.9);
    }
  }
}

// Reads a whole file as float, then again as s16, through two Sources.
void check_s16_matches_float(const std::string& path, const RawFormat* raw, bool native) {
  auto as_float = open_source(path, raw);
  auto as_s16 = open_source(path, raw);
  REQUIRE(as_float.ok());
  REQUIRE(as_s16.ok());
  INFO((*as_float)->description());
  CHECK((*as_float)->native_s16() == native);
  const auto channels = static_cast<size_t>((*as_float)->channels());
  std::vector<float> floats;
  std::vector<int16_t> shorts;
  for (;;) {
    std::vector<float> block(777 * channels);
    auto got = (*as_float)->read(block.data(), 777);
    REQUIRE(got.ok());
    if (*got == 0) break;
    floats.insert(floats.end(), block.begin(), block.begin() + static_cast<long>(*got * channels));
  }
  for (;;) {
    std::vector<int16_t> block(1600 * channels);
    auto got = (*as_s16)->read_s16(block.data(), 1600);
    REQUIRE(got.ok());
    if (*got == 0) break;
    shorts.insert(shorts.end(), block.begin(), block.begin() + static_cast<long>(*got * channels));
  }
  REQUIRE(shorts.size() == floats.size());
  REQUIRE_FALSE(shorts.empty());
  if (!native) return;
  size_t mismatches = 0;
  for (size_t i = 0; i < shorts.size(); ++i) {
    if (static_cast<float>(shorts[i]) != floats[i] * 32768.0f) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("16-bit inputs read as s16 exactly as they read as float", "[file_source]") {
  TempDir dir;
  SECTION("WAV 16-bit mono") {
    check_s16_matches_float(testing::reference_wav(), nullptr, true);
  }
  SECTION("raw s16le stereo") {
    RawFormat raw{16000, 2};
    check_s16_matches_float(testing::reference_wav(), &raw, true);
  }
  if (!testing::have_tool("sox")) {
    WARN("skipped the generated formats: sox is not installed");
    return;
  }
  struct Case {
    const char* file;
    const char* options;
    bool native;
  };
  for (const Case& c :
       {Case{"s16_stereo.wav", "-r 44100 -c 2 -b 16", true},
        Case{"u8.wav", "-r 8000 -b 8 -e unsigned", true},
        Case{"ulaw.wav", "-r 8000 -e u-law", true}, Case{"alaw.wav", "-r 8000 -e a-law", true},
        Case{"speech.aiff", "-r 22050", true}, Case{"stereo.flac", "-r 44100 -c 2", true},
        Case{"s24.flac", "-b 24", false}, Case{"s24.wav", "-r 22050 -b 24", false},
        Case{"f32.wav", "-e floating-point -b 32", false},
        Case{"speech.ogg", "-r 44100 -c 2", false}}) {
    SECTION(c.file) {
      const std::string path = dir.file(c.file);
      REQUIRE(
          testing::run_quietly("sox " + testing::reference_wav() + " " + c.options + " " + path));
      check_s16_matches_float(path, nullptr, c.native);
    }
  }
}

TEST_CASE("An 8 kHz model gets the input resampled to 8 kHz", "[file_source]") {
  const std::vector<int16_t> at_8k = testing::decode_file(testing::reference_wav(), 8000);
  const std::vector<int16_t> at_16k = testing::decode_file(testing::reference_wav(), 16000);
  CHECK(at_8k.size() == (at_16k.size() + 1) / 2);
}

TEST_CASE("A missing file is an input error naming the file", "[file_source]") {
  TempDir dir;
  CHECK(open_error(dir.file("nope.wav")) == dir.file("nope.wav") + ": no such file");
}

TEST_CASE("An unreadable file says permission denied", "[file_source]") {
  if (geteuid() == 0) {
    WARN("skipped: running as root, which reads any file");
    return;
  }
  TempDir dir;
  const std::string path = dir.file("secret.wav");
  testing::write_bytes(path, testing::read_bytes(testing::reference_wav()));
  REQUIRE(chmod(path.c_str(), 0) == 0);
  CHECK(open_error(path) == path + ": permission denied");
}

TEST_CASE("A directory is an input error", "[file_source]") {
  TempDir dir;
  CHECK(open_error(dir.path()) == dir.path() + ": is a directory");
}

TEST_CASE("An empty file is an input error", "[file_source]") {
  TempDir dir;
  const std::string path = dir.file("empty.wav");
  testing::write_bytes(path, {});
  CHECK(open_error(path) == path + ": empty input");
  RawFormat raw;
  CHECK(open_error(path, &raw) == path + ": empty input");
}

TEST_CASE("M4A is reported as unsupported with an ffmpeg conversion hint", "[file_source]") {
  if (!testing::have_tool("ffmpeg")) {
    WARN("skipped: ffmpeg is not installed");
    return;
  }
  TempDir dir;
  const std::string path = dir.file("talk.m4a");
  REQUIRE(testing::run_quietly("ffmpeg -loglevel error -y -i " + testing::reference_wav() +
                               " -c:a aac -b:a 64k " + path));
  auto source = open_source(path, nullptr);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().kind == util::ErrorKind::kInput);
  CHECK(source.error().text() == path + ": M4A/MP4 (AAC) audio is not supported");
  CHECK(source.error().hint == "convert it first: ffmpeg -i " + path + " -f wav - | dsasr file -");
}

TEST_CASE("A file that is not audio is an unrecognised format", "[file_source]") {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  const std::string text = "these are meeting notes, not a recording\n";
  testing::write_bytes(path, std::vector<uint8_t>(text.begin(), text.end()));
  const std::string message = open_error(path);
  CHECK(message.rfind(path + ": unrecognised or unsupported audio format", 0) == 0);
}

// en.wav with another sample rate (and the matching byte rate) in its canonical 44-byte header.
std::string with_header_rate(const TempDir& dir, uint32_t rate_hz) {
  std::vector<uint8_t> wav = testing::read_bytes(testing::reference_wav());
  REQUIRE(wav.size() > 44);
  const uint32_t byte_rate = rate_hz * 2;
  for (int i = 0; i < 4; ++i) {
    wav[24 + i] = static_cast<uint8_t>(rate_hz >> (8 * i));
    wav[28 + i] = static_cast<uint8_t>(byte_rate >> (8 * i));
  }
  const std::string path = dir.file("rate_" + std::to_string(rate_hz) + ".wav");
  testing::write_bytes(path, wav);
  return path;
}

TEST_CASE("A header rate outside 1000..768000 Hz is an input error", "[file_source]") {
  // Found by fuzz_audio_input: a 1 Hz header made the resampler turn each frame into 16000.
  TempDir dir;
  for (const uint32_t rate : {1u, 999u, 768001u, 2147483647u}) {
    const std::string path = with_header_rate(dir, rate);
    CHECK(open_error(path) == path + ": invalid audio header (" + std::to_string(rate) + " Hz)");
  }
  for (const uint32_t rate : {1000u, 768000u}) {
    auto source = open_source(with_header_rate(dir, rate), nullptr);
    REQUIRE(source.ok());
    CHECK((*source)->sample_rate_hz() == static_cast<int>(rate));
  }
}

TEST_CASE("Corrupt FLAC data mid-stream is an error, not an early end", "[file_source]") {
  if (!testing::have_tool("sox")) {
    WARN("skipped: sox is not installed");
    return;
  }
  TempDir dir;
  const std::string path = dir.file("corrupt.flac");
  REQUIRE(testing::run_quietly("sox " + testing::reference_wav() + " " + path));
  std::vector<uint8_t> bytes = testing::read_bytes(path);
  // Overwrite a stretch in the middle of the audio frames with garbage.
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 4096; ++i) {
    bytes[i] = static_cast<uint8_t>(i * 131u + 7u);
  }
  testing::write_bytes(path, bytes);
  auto source = open_source(path, nullptr);
  REQUIRE(source.ok());
  auto decoded = testing::decode_to_model_rate(**source, 16000);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().kind == util::ErrorKind::kInput);
  CHECK(decoded.error().text().rfind(path + ": cannot decode: ", 0) == 0);
}

}  // namespace
}  // namespace dsasr::audio
