#include "http/hotword_registry.h"

#include <catch2/catch.hpp>

using namespace dsasr::http;

TEST_CASE("hot-word registry: lines in, lines out, no duplicates", "[registry]") {
  std::vector<RegisteredFile> files = parse_registry(
      "fun-asr-realtime\t/home/a/hot.txt\n"
      "broken line\n"
      "\t/no/model\n"
      "paraformer-realtime-v2\trelative/path\n"
      "fun-asr-realtime\t/home/a/hot.txt\n"
      "gummy-realtime-v1\t/home/a/names.json");
  REQUIRE(files.size() == 2);
  CHECK(files[0] == RegisteredFile{"fun-asr-realtime", "/home/a/hot.txt"});
  CHECK(files[1] == RegisteredFile{"gummy-realtime-v1", "/home/a/names.json"});
  CHECK_FALSE(register_file(files, {"fun-asr-realtime", "/home/a/hot.txt"}));
  CHECK(register_file(files, {"paraformer-realtime-v2", "/home/a/hot.txt"}));
  CHECK(format_registry(files) ==
        "fun-asr-realtime\t/home/a/hot.txt\n"
        "gummy-realtime-v1\t/home/a/names.json\n"
        "paraformer-realtime-v2\t/home/a/hot.txt\n");
  CHECK(parse_registry(format_registry(files)) == files);
  CHECK(parse_registry("").empty());
}
