#include "emulator/script.h"

#include <fstream>
#include <sstream>

namespace dsasr::emulator {

Script Script::parse(std::string_view text) {
  std::vector<ScriptLine> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    // A UTF-8 byte-order mark on the first line is an editor artefact, not part of the sentence.
    if (lines.empty() && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    ScriptLine entry;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      entry.text = std::string(line);
    } else {
      entry.text = std::string(line.substr(0, tab));
      entry.translation = std::string(line.substr(tab + 1));
    }
    lines.push_back(std::move(entry));
  }
  return Script(std::move(lines));
}

util::Result<Script> Script::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::Error(util::ErrorKind::kUsage, "cannot read script file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse(buf.str());
}

ScriptLine Script::line(size_t index) const {
  if (lines_.empty()) return ScriptLine{"sentence " + std::to_string(index + 1), ""};
  return lines_[index % lines_.size()];
}

}  // namespace dsasr::emulator
