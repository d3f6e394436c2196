// `dsasr completion bash|zsh|fish`: shell completion scripts generated from the command and
// option tables — the commands, each command's options, the values of enumerated options and
// model names, file and directory completion where a path is expected. The installed files
// (share/bash-completion/completions/dsasr, share/zsh/site-functions/_dsasr,
// share/fish/vendor_completions.d/dsasr.fish) are this output. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dsasr::cli {

enum class Shell { kBash, kZsh, kFish };

// "bash", "zsh" or "fish"; nullopt for anything else.
std::optional<Shell> shell_named(std::string_view name);

// The whole script for `shell`.
std::string completion_script(Shell shell);

}  // namespace dsasr::cli
