#include "output/output_file.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>

using dsasr::output::OutputFile;
using dsasr::util::ErrorKind;

namespace {

// A fresh directory under TMPDIR, removed at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/dsasr-output-file-XXXXXX";
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("an atomic output appears under its final name only when committed", "[output_file]") {
  TempDir dir;
  const std::string path = dir.path + "/sub/deeper/a.srt";
  auto file = OutputFile::open(path, /*atomic=*/true, /*make_parents=*/true);
  REQUIRE(file.ok());
  CHECK((*file)->writing_path() == dir.path + "/sub/deeper/.a.srt.dsasr-part");
  (*file)->sink().write("1\n");
  CHECK_FALSE(exists(path));
  CHECK(exists((*file)->writing_path()));
  REQUIRE((*file)->commit().ok());
  CHECK(contents(path) == "1\n");
  CHECK_FALSE(exists(dir.path + "/sub/deeper/.a.srt.dsasr-part"));
}

TEST_CASE("an abandoned atomic output leaves nothing", "[output_file]") {
  TempDir dir;
  const std::string path = dir.path + "/a.vtt";
  {
    auto file = OutputFile::open(path, true, false);
    REQUIRE(file.ok());
    (*file)->sink().write("WEBVTT\n\n");
    (*file)->abandon();
  }
  {
    auto file = OutputFile::open(path, true, false);
    REQUIRE(file.ok());
    (*file)->sink().write("WEBVTT\n\n");
    // destroyed without commit: abandoned
  }
  CHECK_FALSE(exists(path));
  CHECK_FALSE(exists(OutputFile::temporary_name(path)));
}

TEST_CASE("a live output writes under its final name at once", "[output_file]") {
  TempDir dir;
  const std::string path = dir.path + "/live.txt";
  auto file = OutputFile::open(path, false, false);
  REQUIRE(file.ok());
  (*file)->sink().write("line\n");
  CHECK(contents(path) == "line\n");
  (*file)->abandon();
  CHECK(contents(path) == "line\n");  // a live file keeps what was written
}

TEST_CASE("output failures are kOutput errors naming the output", "[output_file]") {
  auto missing = OutputFile::open("/nonexistent-dsasr-dir/a.txt", true, false);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::kOutput);
  CHECK(missing.error().message ==
        "cannot write /nonexistent-dsasr-dir/a.txt: No such file or directory");

  // A file-size limit: write(2) fails with EFBIG once SIGXFSZ is ignored.
  TempDir dir;
  const std::string path = dir.path + "/big.jsonl";
  auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 10;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  auto file = OutputFile::open(path, true, false);
  REQUIRE(file.ok());
  std::string reported;
  (*file)->sink().set_on_failure([&](const dsasr::util::Error& e) { reported = e.message; });
  (*file)->sink().write("{\"type\":\"final\",\"text\":\"more than ten bytes\"}\n");
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  CHECK((*file)->sink().closed());
  CHECK(reported == "cannot write " + path + ": File too large");
  auto committed = (*file)->commit();
  REQUIRE_FALSE(committed.ok());
  CHECK(committed.error().kind == ErrorKind::kOutput);
  CHECK_FALSE(exists(path));  // a failed output never appears under its final name
  CHECK_FALSE(exists(OutputFile::temporary_name(path)));
}
