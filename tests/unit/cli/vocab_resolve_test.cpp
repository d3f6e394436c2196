// `dsasr vocab` and --hotwords resolution, and the HTTP API base (endpoint.h).
#include <catch2/catch.hpp>

#include "cli/endpoint.h"
#include "cli/resolve.h"
#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;

FakeEnvironment with_files() {
  FakeEnvironment env;
  env.files["w.txt"] = "DashScope\n";
  env.files["old.txt"] = "Old\n";
  env.directories.insert("dir");
  return env;
}

std::string error_of(const std::vector<std::string>& args) {
  auto c = testing::parse_command_line(args, with_files());
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().kind == util::ErrorKind::kUsage);
  return c.error().message;
}

TEST_CASE("the HTTP base: option, variable, the WebSocket endpoint, the region", "[vocab]") {
  FakeEnvironment env;
  Endpoint region{"wss://dashscope.aliyuncs.com/api-ws/v1/inference", {"--region"}};
  auto b = resolve_http_base(std::nullopt, region, Region::kBeijing, env);
  REQUIRE(b);
  CHECK(b->url == "https://dashscope.aliyuncs.com/api/v1");
  CHECK(b->origin.what == "--region");
  b = resolve_http_base(std::nullopt, region, Region::kSingapore, env);
  CHECK(b->url == "https://dashscope-intl.aliyuncs.com/api/v1");

  Endpoint given{"ws://127.0.0.1:4000/api-ws/v1/inference", {"--endpoint"}};
  b = resolve_http_base(std::nullopt, given, Region::kBeijing, env);
  CHECK(b->url == "http://127.0.0.1:4000/api/v1");
  CHECK(b->origin.what == "--endpoint");
  CHECK(http_base_from_websocket("wss://h.example/api-ws/v2/realtime?model=m") ==
        "https://h.example/api/v2");
  CHECK(http_base_from_websocket("ws://h:1/elsewhere") == "http://h:1/api/v1");

  env.vars["DASHSCOPE_HTTP_BASE_URL"] = "https://proxy.example/api/v1";
  b = resolve_http_base(std::nullopt, given, Region::kBeijing, env);
  CHECK(b->url == "https://proxy.example/api/v1");
  CHECK(b->origin.what == "DASHSCOPE_HTTP_BASE_URL");
  b = resolve_http_base(std::string("http://o:2/api/v1"), given, Region::kBeijing, env);
  CHECK(b->url == "http://o:2/api/v1");
  CHECK(b->origin.what == "--http-endpoint");
  auto bad = resolve_http_base(std::string("ftp://x"), given, Region::kBeijing, env);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message ==
        "--http-endpoint: 'ftp://x' is not an HTTP URL (expected http://HOST/PATH or "
        "https://HOST/PATH)");
}

TEST_CASE("vocab actions and their arguments", "[vocab]") {
  using Action = VocabConfig::Action;
  auto c = testing::parse_command_line(
      {"vocab", "create", "-m", "paraformer-realtime-v2", "--prefix", "films", "w.txt"},
      with_files());
  REQUIRE(c);
  CHECK(c->command == Command::kVocab);
  CHECK(c->vocab.action == Action::kCreate);
  CHECK(c->vocab.model == "paraformer-realtime-v2");
  CHECK(c->vocab.prefix == std::optional<std::string>("films"));
  CHECK(c->vocab.files == std::vector<std::string>{"w.txt"});
  CHECK(c->service.http_base == "https://dashscope.aliyuncs.com/api/v1");

  c = testing::parse_command_line({"vocab", "create", "-m", "fun-asr-realtime", "w.txt"},
                                  with_files());
  REQUIRE(c);
  CHECK(c->vocab.prefix == std::optional<std::string>("dsasr"));

  c = testing::parse_command_line({"vocab", "list", "--json"}, with_files());
  REQUIRE(c);
  CHECK(c->vocab.action == Action::kList);
  CHECK(c->vocab.json);
  CHECK_FALSE(c->vocab.prefix);

  c = testing::parse_command_line({"vocab", "update", "vocab-a-1", "w.txt"}, with_files());
  REQUIRE(c);
  CHECK(c->vocab.id == "vocab-a-1");
  CHECK(c->vocab.files == std::vector<std::string>{"w.txt"});

  c = testing::parse_command_line({"vocab", "prune", "w.txt", "old.txt", "--older-than", "1.5"},
                                  with_files());
  REQUIRE(c);
  CHECK(c->vocab.files == std::vector<std::string>{"w.txt", "old.txt"});
  CHECK(c->vocab.older_than_days == std::optional<double>(1.5));
  CHECK(c->vocab.model == "fun-asr-realtime");

  // Neither files nor --older-than: app/ keeps what the remembered --hotwords files hold.
  c = testing::parse_command_line({"vocab", "prune"}, with_files());
  REQUIRE(c);
  CHECK(c->vocab.files.empty());
  CHECK_FALSE(c->vocab.older_than_days);
  CHECK(c->hotword_registry == std::optional<std::string>("/home/u/.local/state/dsasr/hotwords"));
  FakeEnvironment state = with_files();
  state.vars["XDG_STATE_HOME"] = "/var/state";
  c = testing::parse_command_line({"vocab", "prune"}, state);
  REQUIRE(c);
  CHECK(c->hotword_registry == std::optional<std::string>("/var/state/dsasr/hotwords"));
  state.vars["XDG_STATE_HOME"] = "relative";  // invalid: ignored
  c = testing::parse_command_line({"vocab", "prune"}, state);
  REQUIRE(c);
  CHECK(c->hotword_registry == std::optional<std::string>("/home/u/.local/state/dsasr/hotwords"));
}

TEST_CASE("vocab usage errors", "[vocab]") {
  CHECK(error_of({"vocab"}) == "vocab: which action?");
  CHECK(error_of({"vocab", "rename"}).find("vocab") != std::string::npos);
  CHECK(error_of({"vocab", "create", "w.txt"}) ==
        "vocab create: which model will use the vocabulary? (--model)");
  CHECK(error_of({"vocab", "create", "-m", "fun-asr-realtime"}) ==
        "vocab create: missing argument");
  CHECK(error_of({"vocab", "show"}) == "vocab show: missing argument");
  CHECK(error_of({"vocab", "delete", "a", "b"}) == "vocab delete: unexpected argument 'b'");
  CHECK(error_of({"vocab", "list", "x"}) == "vocab list: unexpected argument 'x'");
  CHECK(error_of({"vocab", "create", "-m", "fun-asr-realtime", "missing.txt"}) ==
        "vocab create: no such file: missing.txt");
  CHECK(error_of({"vocab", "update", "id", "dir"}) == "vocab update: dir is a directory");
  CHECK(error_of({"vocab", "create", "-m", "fun-asr-realtime", "--prefix", "Films", "w.txt"}) ==
        "--prefix: 'Films' must be 1 to 9 lower-case letters and digits");
  CHECK(
      error_of({"vocab", "create", "-m", "fun-asr-realtime", "--prefix", "abcdefghij", "w.txt"}) ==
      "--prefix: 'abcdefghij' must be 1 to 9 lower-case letters and digits");
  CHECK(error_of({"vocab", "show", "id", "--prefix", "a"}) ==
        "--prefix does not apply to 'vocab show'");
  CHECK(error_of({"vocab", "delete", "id", "--json"}) == "--json does not apply to 'vocab delete'");
  CHECK(error_of({"vocab", "list", "--older-than", "3"}) ==
        "--older-than does not apply to 'vocab list'");
  CHECK(error_of({"vocab", "create", "-m", "qwen3-asr-flash-realtime", "w.txt"}) ==
        "qwen3-asr-flash-realtime takes no hot-word vocabulary");
}

TEST_CASE("hot words: --hotwords on file and mic", "[vocab]") {
  auto c = testing::parse_command_line({"file", "a.wav", "--hotwords", "w.txt"}, with_files());
  REQUIRE(c);
  CHECK(c->hotwords == std::optional<std::string>("w.txt"));
  CHECK_FALSE(c->request.recognition.vocabulary_id);
  c = testing::parse_command_line({"mic", "--hotwords", "w.txt"}, with_files());
  REQUIRE(c);
  CHECK(c->hotwords == std::optional<std::string>("w.txt"));

  CHECK(error_of({"file", "a.wav", "--hotwords", "w.txt", "--vocabulary-id", "v"}) ==
        "--hotwords and --vocabulary-id cannot be used together");
  CHECK(error_of({"file", "a.wav", "--hotwords", "missing.txt"}) ==
        "--hotwords: no such file: missing.txt");
  CHECK(error_of({"file", "a.wav", "--hotwords", "w.txt", "-m", "qwen3-asr-flash-realtime"})
            .rfind("--hotwords is not supported by qwen3-asr-flash-realtime", 0) == 0);
}

}  // namespace
}  // namespace dsasr::cli
