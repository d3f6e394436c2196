// Finding the API key, in the official SDKs' order after the explicit option:
//   1. --api-key-file FILE
//   2. env DASHSCOPE_API_KEY
//   3. env DASHSCOPE_API_KEY_FILE_PATH (names a file)
//   4. ~/.dashscope/api_key
// There is no option that takes the key itself: it would leak into `ps` and shell history.
// Pure apart from the injected Environment. Error messages name files and variables, never the
// key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.h"
#include "cli/environment.h"
#include "util/result.h"

namespace dsasr::cli {

struct ApiKey {
  std::string key;                    // trimmed; empty when none was found
  Origin origin;                      // empty `what` when none was found
  std::vector<std::string> searched;  // every place looked, with why it gave no key
};

// A missing key is not an error (the result has an empty key and lists the places searched);
// a file named explicitly (by --api-key-file or DASHSCOPE_API_KEY_FILE_PATH) that cannot be
// read or is empty, and a key with spaces or control characters inside, are usage errors.
util::Result<ApiKey> find_api_key(const std::optional<std::string>& key_file_option,
                                  const Environment& env);

// What a key looks like, without any of it beyond the public "sk-" prefix: "starts with sk-,
// 35 characters, letters and digits". For `dsasr config` and `dsasr doctor`.
std::string key_shape(std::string_view key);

}  // namespace dsasr::cli
