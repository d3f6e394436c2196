#include "http/hotword_registry.h"

#include <algorithm>

namespace dsasr::http {

std::vector<RegisteredFile> parse_registry(std::string_view text) {
  std::vector<RegisteredFile> out;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) continue;
    const std::string_view path = line.substr(tab + 1);
    if (path.empty() || path.front() != '/') continue;
    RegisteredFile f{std::string(line.substr(0, tab)), std::string(path)};
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
  }
  return out;
}

std::string format_registry(const std::vector<RegisteredFile>& files) {
  std::string out;
  for (const RegisteredFile& f : files) out += f.model + "\t" + f.path + "\n";
  return out;
}

bool register_file(std::vector<RegisteredFile>& files, const RegisteredFile& file) {
  if (std::find(files.begin(), files.end(), file) != files.end()) return false;
  files.push_back(file);
  return true;
}

}  // namespace dsasr::http
