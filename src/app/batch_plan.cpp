#include "app/batch_plan.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

namespace dsasr::app {

namespace fs = std::filesystem;
using util::Error;
using util::ErrorKind;

std::string stem_of(const std::string& path) {
  if (path == "-") return "stdin";
  std::string base = path.substr(path.find_last_of('/') + 1);
  auto dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base.erase(dot);
  return base.empty() ? "output" : base;
}

const char* extension_for(cli::OutputFormat format) {
  switch (format) {
    case cli::OutputFormat::kText:
      return "txt";
    case cli::OutputFormat::kJsonl:
      return "jsonl";
    case cli::OutputFormat::kSrt:
      return "srt";
    case cli::OutputFormat::kVtt:
      return "vtt";
  }
  return "txt";
}

bool is_audio_file_name(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || name[dot - 1] == '/') return false;
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  static const std::set<std::string> kAudio = {"wav", "wave", "flac", "mp3",  "ogg",
                                               "oga", "opus", "aif",  "aiff", "aifc",
                                               "au",  "snd",  "caf",  "w64",  "rf64"};
  return kAudio.count(ext) > 0;
}

std::vector<PlannedInput> select_shard(std::vector<PlannedInput> inputs, const cli::Shard& shard) {
  if (shard.n <= 1) return inputs;
  // Position in the list sorted by path (then by original position, for equal paths).
  std::vector<std::size_t> order(inputs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return inputs[a].path < inputs[b].path; });
  std::vector<bool> keep(inputs.size(), false);
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    if (pos % static_cast<std::size_t>(shard.n) == static_cast<std::size_t>(shard.k - 1)) {
      keep[order[pos]] = true;
    }
  }
  std::vector<PlannedInput> out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (keep[i]) out.push_back(std::move(inputs[i]));
  }
  return out;
}

std::vector<PlannedOutput> plan_outputs(const cli::OutputConfig& output, const PlannedInput& in) {
  std::vector<PlannedOutput> out;
  if (output.output_dir) {
    std::string dir = *output.output_dir;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    for (cli::OutputFormat f : output.dir_formats) {
      out.push_back({dir + "/" + in.output_stem + "." + extension_for(f), f, true});
    }
    return out;
  }
  if (output.outputs.empty()) return {{"-", output.format, false}};
  for (const cli::OutputTarget& t : output.outputs) out.push_back({t.path, t.format, false});
  return out;
}

std::optional<std::string> duplicate_stem(const std::vector<PlannedInput>& inputs) {
  std::set<std::string> seen;
  for (const PlannedInput& in : inputs) {
    if (!seen.insert(in.output_stem).second) return in.output_stem;
  }
  return std::nullopt;
}

namespace {

// Adds `path` as an input, or the audio files below it when it is a directory.
util::Status add_input(const std::string& path, std::vector<PlannedInput>& out) {
  std::error_code ec;
  if (path != "-" && fs::is_directory(path, ec)) {
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink, ec);
    if (ec) {
      return util::input_error(path, ErrorKind::kInput,
                               "cannot read the directory: " + ec.message());
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        return util::input_error(path, ErrorKind::kInput,
                                 "cannot read the directory: " + ec.message());
      }
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        // Hidden files and folders (and dsasr's own temporary files) are not inputs.
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (is_audio_file_name(name) && !it->is_directory(ec)) found.push_back(it->path().string());
    }
    if (found.empty()) {
      // Kept as an input of its own, which fails with the reader's "is a directory" error: a
      // directory with no audio in it is a mistake worth a line, not a silent nothing.
      out.push_back({path, stem_of(path)});
      return {};
    }
    std::sort(found.begin(), found.end());
    std::string base = path;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    for (std::string& file : found) {
      // Below the directory, without the extension: "in/a/b.wav" -> "a/b".
      std::string rel = file.substr(base.size() + (base == "/" ? 0 : 1));
      const std::size_t dot = rel.rfind('.');
      const std::size_t slash = rel.rfind('/');
      if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) {
        rel.erase(dot);
      }
      out.push_back({std::move(file), std::move(rel)});
    }
    return {};
  }
  out.push_back({path, stem_of(path)});
  return {};
}

}  // namespace

util::Result<std::vector<PlannedInput>> expand_inputs(const cli::Config& config) {
  std::vector<PlannedInput> inputs;
  for (const std::string& path : config.input.paths) {
    if (auto st = add_input(path, inputs); !st) return st.error();
  }
  if (config.input.from) {
    const std::string& from = *config.input.from;
    std::ifstream file;
    std::istream* in = &std::cin;
    if (from != "-") {
      file.open(from);
      if (!file) {
        return Error(ErrorKind::kUsage,
                     "--from " + from + ": cannot read it: " + std::strerror(errno));
      }
      in = &file;
    }
    std::string line;
    while (std::getline(*in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      if (line == "-") {
        return Error(ErrorKind::kUsage, "--from " + from +
                                            ": '-' (standard input) cannot be an "
                                            "input listed in a file");
      }
      if (auto st = add_input(line, inputs); !st) return st.error();
    }
    if (in->bad()) return Error(ErrorKind::kUsage, "--from " + from + ": read error");
  }
  if (config.input.shard) inputs = select_shard(std::move(inputs), *config.input.shard);
  return inputs;
}

namespace {

std::optional<FileIdentity> identity_of_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino};
}

std::optional<FileIdentity> identity_of_fd(int fd, bool regular_only) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  if (regular_only && !S_ISREG(st.st_mode)) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino};
}

}  // namespace

util::Status check_outputs_are_not_inputs(const std::vector<PlannedInput>& inputs,
                                          const cli::OutputConfig& output) {
  std::map<FileIdentity, std::string> input_ids;
  for (const PlannedInput& in : inputs) {
    auto id = in.path == "-" ? identity_of_fd(STDIN_FILENO, true) : identity_of_path(in.path);
    if (id) input_ids.emplace(*id, in.path == "-" ? "standard input" : in.path);
  }
  if (input_ids.empty()) return {};
  const std::string hint = "transcripts are written to a new file; choose another name";
  bool stdout_checked = false;
  for (const PlannedInput& in : inputs) {
    for (const PlannedOutput& out : plan_outputs(output, in)) {
      if (out.path == "-") {
        if (stdout_checked) continue;
        stdout_checked = true;
        auto id = identity_of_fd(STDOUT_FILENO, true);
        auto hit = id ? input_ids.find(*id) : input_ids.end();
        if (hit != input_ids.end()) {
          return Error(ErrorKind::kUsage,
                       "standard output is the input " + hit->second +
                           "; writing the transcript there would overwrite it",
                       hint);
        }
        continue;
      }
      auto id = identity_of_path(out.path);
      auto hit = id ? input_ids.find(*id) : input_ids.end();
      if (hit != input_ids.end()) {
        return Error(ErrorKind::kUsage,
                     "the output " + out.path + " is the input " + hit->second +
                         "; writing it would overwrite the recording",
                     hint);
      }
    }
  }
  return {};
}

}  // namespace dsasr::app
