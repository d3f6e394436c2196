// main() for the fuzz targets when libFuzzer is not linked (DSASR_FUZZ=OFF): every regular file
// of each folder named on the command line (in name order, so failures reproduce) or each file
// named directly is passed once to LLVMFuzzerTestOneInput. A missing folder is skipped, so an
// empty regressions folder (not kept by git) is not an error. A target that finds a broken
// invariant aborts, which fails the CTest test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fuzz_support.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& arg) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) {
    files.push_back(arg);
  } else if (fs::is_directory(arg, ec)) {
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(arg, ec)) {
      if (e.is_regular_file(ec)) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    for (const fs::path& file : inputs_of(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.c_str());
        return 1;
      }
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), bytes.size());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return count > 0 ? 0 : 1;
}
