#include "cli/api_key.h"

#include <catch2/catch.hpp>

#include "fake_environment.h"

namespace dsasr::cli {
namespace {

using testing::FakeEnvironment;

const char* kHomeFile = "/home/u/.dashscope/api_key";

TEST_CASE("the --api-key-file option wins over every other place", "[api_key]") {
  FakeEnvironment env;
  env.files["/k"] = "  sk-from-option \n";
  env.vars["DASHSCOPE_API_KEY"] = "sk-env";
  env.vars["DASHSCOPE_API_KEY_FILE_PATH"] = "/other";
  env.files["/other"] = "sk-other";
  env.files[kHomeFile] = "sk-home";
  auto key = find_api_key(std::string("/k"), env);
  REQUIRE(key.ok());
  CHECK(key->key == "sk-from-option");
  CHECK(key->origin.what == "--api-key-file /k");
  CHECK(env.reads == std::vector<std::string>{"/k"});
}

TEST_CASE("DASHSCOPE_API_KEY comes second, trimmed", "[api_key]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "\tsk-env\n";
  env.vars["DASHSCOPE_API_KEY_FILE_PATH"] = "/other";
  env.files["/other"] = "sk-other";
  env.files[kHomeFile] = "sk-home";
  auto key = find_api_key(std::nullopt, env);
  REQUIRE(key.ok());
  CHECK(key->key == "sk-env");
  CHECK(key->origin.what == "DASHSCOPE_API_KEY");
  CHECK(env.reads.empty());
}

TEST_CASE("DASHSCOPE_API_KEY_FILE_PATH comes third", "[api_key]") {
  FakeEnvironment env;
  env.vars["DASHSCOPE_API_KEY"] = "  ";
  env.vars["DASHSCOPE_API_KEY_FILE_PATH"] = "/other";
  env.files["/other"] = "sk-other\n";
  env.files[kHomeFile] = "sk-home";
  auto key = find_api_key(std::nullopt, env);
  REQUIRE(key.ok());
  CHECK(key->key == "sk-other");
  CHECK(key->origin.what == "DASHSCOPE_API_KEY_FILE_PATH (/other)");
  CHECK(key->searched == std::vector<std::string>{"DASHSCOPE_API_KEY (empty)"});
}

TEST_CASE("the home key file ~/.dashscope/api_key comes last", "[api_key]") {
  FakeEnvironment env;
  env.files[kHomeFile] = "sk-home\r\n";
  auto key = find_api_key(std::nullopt, env);
  REQUIRE(key.ok());
  CHECK(key->key == "sk-home");
  CHECK(key->origin.what == kHomeFile);
}

TEST_CASE("no key anywhere is not an error and lists every place looked", "[api_key]") {
  FakeEnvironment env;
  env.unreadable[kHomeFile] = "Permission denied";
  auto key = find_api_key(std::nullopt, env);
  REQUIRE(key.ok());
  CHECK(key->key.empty());
  CHECK(key->origin.what.empty());
  CHECK(key->searched == std::vector<std::string>{
                             "DASHSCOPE_API_KEY (not set)", "DASHSCOPE_API_KEY_FILE_PATH (not set)",
                             "/home/u/.dashscope/api_key (Permission denied)"});

  env.unreadable.clear();
  env.files[kHomeFile] = " \n";
  key = find_api_key(std::nullopt, env);
  REQUIRE(key.ok());
  CHECK(key->key.empty());
  CHECK(key->searched.back() == "/home/u/.dashscope/api_key (empty)");

  env.home.reset();
  key = find_api_key(std::nullopt, env);
  REQUIRE(key.ok());
  CHECK(key->searched.back() == "~/.dashscope/api_key (no home directory)");
}

TEST_CASE("an unreadable or empty key file named explicitly is a usage error naming it",
          "[api_key]") {
  FakeEnvironment env;
  env.files[kHomeFile] = "sk-home";
  auto key = find_api_key(std::string("/missing"), env);
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().kind == util::ErrorKind::kUsage);
  CHECK(key.error().message ==
        "cannot read the API key file /missing (--api-key-file): No such file or directory");

  env.files["/empty"] = "\n\n";
  key = find_api_key(std::string("/empty"), env);
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().message == "the API key file /empty (--api-key-file) is empty");

  env.vars["DASHSCOPE_API_KEY_FILE_PATH"] = "/locked";
  env.unreadable["/locked"] = "Permission denied";
  key = find_api_key(std::nullopt, env);
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().message ==
        "cannot read the API key file /locked (DASHSCOPE_API_KEY_FILE_PATH): Permission denied");
}

TEST_CASE("a key with inner spaces or line breaks is refused without being shown", "[api_key]") {
  FakeEnvironment env;
  env.files["/k"] = "sk-one\nsk-two\n";
  auto key = find_api_key(std::string("/k"), env);
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().kind == util::ErrorKind::kUsage);
  CHECK(key.error().message.find("sk-") == std::string::npos);
  CHECK_THAT(key.error().message, Catch::Contains("--api-key-file /k"));

  env.vars["DASHSCOPE_API_KEY"] = "sk-a b";
  key = find_api_key(std::nullopt, env);
  REQUIRE_FALSE(key.ok());
  CHECK_THAT(key.error().message, Catch::StartsWith("the API key from DASHSCOPE_API_KEY"));
}

}  // namespace
}  // namespace dsasr::cli

namespace dsasr::cli {
namespace {

TEST_CASE("a key's shape tells nothing beyond the public sk- prefix", "[api_key]") {
  CHECK(key_shape("sk-0123456789abcdef0123456789abcdef") ==
        "starts with sk-, 35 characters, letters and digits");
  CHECK(key_shape("sk-abc") == "starts with sk-, 6 characters, letters");
  CHECK(key_shape("ABC-123") ==
        "does not start with sk- as DashScope keys do, 7 characters, letters and digits, other "
        "characters");
  const std::string shape = key_shape("sk-secretvalue42");
  CHECK(shape.find("secret") == std::string::npos);
  CHECK(shape.find("42") == std::string::npos);
}

}  // namespace
}  // namespace dsasr::cli
