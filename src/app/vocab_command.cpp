#include "app/vocab_command.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "app/exit_status.h"
#include "app/service_checks.h"
#include "http/curl_client.h"
#include "http/hotword_registry.h"
#include "http/hotwords.h"
#include "http/vocabulary_service.h"
#include "http/word_file.h"
#include "output/output_file.h"
#include "protocol/duplex_parameters.h"
#include "util/json.h"

namespace dsasr::app {

namespace {

using util::Error;
using util::ErrorKind;
using Action = cli::VocabConfig::Action;

constexpr std::size_t kMaxWordFileBytes = 1 << 20;

util::Result<std::vector<http::HotWord>> read_words(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(ErrorKind::kUsage, path + ": cannot read: " + std::strerror(errno));
  }
  std::string content;
  content.reserve(4096);
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    content.append(buf, static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxWordFileBytes) {
      return Error(ErrorKind::kUsage, path + ": larger than 1 MiB; not a hot-word file");
    }
  }
  if (in.bad()) return Error(ErrorKind::kUsage, path + ": cannot read");
  return http::parse_word_file(path, content);
}

// The client and the service for a Config, with the WebSocket side's TLS settings.
struct Service {
  explicit Service(const cli::Config& c)
      : client(http::CurlOptions{c.service.ca_file, c.service.insecure, std::chrono::seconds(10),
                                 std::chrono::seconds(30)}),
        service(client, {c.service.http_base, c.service.api_key, c.service.workspace},
                [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }) {}
  http::CurlClient client;
  http::VocabularyService service;
};

bool write_out(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0;
}

std::string list_text(const std::vector<http::VocabularySummary>& rows, bool json) {
  std::string out;
  if (json) {
    out = "[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out += i ? "," : "";
      out += "{\"vocabulary_id\":";
      util::json::append_quoted(out, rows[i].id);
      out += ",\"gmt_create\":";
      util::json::append_quoted(out, rows[i].gmt_create);
      out += ",\"gmt_modified\":";
      util::json::append_quoted(out, rows[i].gmt_modified);
      out += ",\"status\":";
      util::json::append_quoted(out, rows[i].status);
      out += "}";
    }
    return out + "]\n";
  }
  for (const auto& r : rows) {
    out += r.id + "\t" + r.status + "\t" + r.gmt_create + "\t" + r.gmt_modified + "\n";
  }
  return out;
}

// A word file that `vocab create` and `--hotwords` read back unchanged, with the rest as comments.
std::string details_text(const std::string& id, const http::VocabularyDetails& d) {
  std::string out = "# vocabulary: " + id + "\n# model: " + d.target_model +
                    "\n# status: " + d.status + "\n# created: " + d.gmt_create +
                    "\n# modified: " + d.gmt_modified + "\n";
  for (const auto& w : d.words) {
    out += w.text + "\t" + std::to_string(w.weight) + (w.lang.empty() ? "" : "\t" + w.lang) + "\n";
  }
  return out;
}

// The word files --hotwords was given (http/hotword_registry.h); a missing file is none.
std::vector<http::RegisteredFile> read_registry(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return http::parse_registry(text.str());
}

// Written whole to a temporary name, then renamed: never half a registry.
util::Status write_registry(const std::string& path,
                            const std::vector<http::RegisteredFile>& files) {
  const std::size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    if (util::Status made = output::make_directories(path.substr(0, slash)); !made) return made;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << http::format_registry(files);
    out.flush();
    if (!out) return Error(ErrorKind::kOutput, tmp + ": cannot write: " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Error(ErrorKind::kOutput, path + ": cannot write: " + std::strerror(errno));
  }
  return {};
}

// The derived prefixes of the registered files as they are now; files that are gone are
// dropped from `registry` (their vocabularies are pruned).
std::vector<std::string> registered_prefixes(std::vector<http::RegisteredFile>& registry,
                                             Reporter& reporter) {
  std::vector<std::string> keep;
  std::vector<http::RegisteredFile> present;
  for (const http::RegisteredFile& f : registry) {
    auto words = read_words(f.path);
    if (!words) {
      reporter.info(1, f.path + ": gone or unreadable: its vocabulary is no longer kept");
      continue;
    }
    keep.push_back(http::hotword_prefix(f.model, *words));
    present.push_back(f);
  }
  registry = std::move(present);
  return keep;
}

util::Result<std::string> run_action(const cli::Config& c, Reporter& reporter) {
  const cli::VocabConfig& v = c.vocab;
  std::vector<std::vector<http::HotWord>> files;
  for (const std::string& f : v.files) {
    auto words = read_words(f);
    if (!words) return words.error();
    files.push_back(std::move(*words));
  }
  if (auto st = require_api_key(c.service); !st) return st.error();
  warn_if_insecure(c.service, "the hot words", reporter);
  reporter.info(1, "vocabulary service: " + c.service.http_base + " (from " +
                       c.service.http_base_origin.what + ")");
  Service s(c);
  switch (v.action) {
    case Action::kCreate: {
      auto id = s.service.create(v.model, v.prefix.value_or("dsasr"), files.at(0));
      if (!id) return id.error();
      return *id + "\n";
    }
    case Action::kList: {
      auto rows = s.service.list(v.prefix);
      if (!rows) return rows.error();
      return list_text(*rows, v.json);
    }
    case Action::kShow: {
      auto d = s.service.query(v.id);
      if (!d) return d.error();
      return v.json ? d->output_json + "\n" : details_text(v.id, *d);
    }
    case Action::kUpdate: {
      if (auto st = s.service.update(v.id, files.at(0)); !st) return st.error();
      return std::string();
    }
    case Action::kDelete: {
      if (auto st = s.service.remove(v.id); !st) return st.error();
      return std::string();
    }
    case Action::kPrune: {
      // Neither files nor --older-than: keep what the files --hotwords was given hold now.
      const bool from_registry = v.files.empty() && !v.older_than_days;
      std::vector<http::RegisteredFile> registry;
      std::vector<std::string> keep;
      if (from_registry) {
        if (c.hotword_registry) registry = read_registry(*c.hotword_registry);
        if (registry.empty()) {
          return Error(ErrorKind::kUsage,
                       "vocab prune: no word files to keep are known (dsasr remembers the files "
                       "--hotwords was given, and it was given none yet)",
                       "name the word files to keep, or --older-than DAYS");
        }
        keep = registered_prefixes(registry, reporter);
      }
      auto rows = s.service.list(std::string("ds"));
      if (!rows) return rows.error();
      for (const auto& words : files) keep.push_back(http::hotword_prefix(v.model, words));
      std::optional<std::chrono::seconds> older;
      if (v.older_than_days) {
        older = std::chrono::seconds(static_cast<std::int64_t>(*v.older_than_days * 86400.0));
      }
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      std::string out;
      for (const std::string& id : http::prune_plan(*rows, keep, older, now)) {
        if (auto st = s.service.remove(id); !st) return st.error();
        out += id + "\n";
      }
      if (from_registry && c.hotword_registry) {
        if (auto st = write_registry(*c.hotword_registry, registry); !st) {
          reporter.warning("", st.error().message);
        }
      }
      return out;
    }
  }
  return Error(ErrorKind::kInternal, "unknown vocab action");
}

}  // namespace

int run_vocab(const cli::Config& config, Reporter& reporter) {
  auto out = run_action(config, reporter);
  if (!out) {
    reporter.error("", out.error());
    return exit_status_for(out.error().kind);
  }
  return write_out(*out) ? kExitSuccess : kExitOutput;
}

util::Status apply_hotwords(cli::Config& config, Reporter& reporter) {
  if (!config.hotwords) return {};
  auto words = read_words(*config.hotwords);
  if (!words) return words.error();
  if (auto st = require_api_key(config.service); !st) return st;
  warn_if_insecure(config.service, "the hot words", reporter);
  Service s(config);
  protocol::Request& request = config.request;
  auto found = http::find_or_create(s.service, request.model, *words);
  if (!found) {
    util::Error e = found.error();
    e.message = "--hotwords " + *config.hotwords + ": " + e.message;
    if (e.kind == ErrorKind::kService && e.hint.empty()) {
      e.hint =
          "an account holds 10 vocabularies: 'dsasr vocab list' shows them, 'dsasr vocab "
          "prune FILE...' deletes the ones older word lists left";
    }
    return e;
  }
  reporter.info(1, std::string("--hotwords ") + *config.hotwords + ": " +
                       (found->created ? "created " : "using ") + found->id);
  // Remembered for `dsasr vocab prune` (http/hotword_registry.h); not being able to is no
  // reason to fail the transcription.
  if (config.hotword_registry) {
    char* real = ::realpath(config.hotwords->c_str(), nullptr);
    const std::string absolute = real ? real : *config.hotwords;
    std::free(real);
    std::vector<http::RegisteredFile> registry = read_registry(*config.hotword_registry);
    if (!absolute.empty() && absolute.front() == '/' &&
        http::register_file(registry, {request.model, absolute})) {
      if (auto st = write_registry(*config.hotword_registry, registry); !st) {
        reporter.warning("", st.error().message + " ('dsasr vocab prune' will not know " +
                                 *config.hotwords + ")");
      }
    }
  }

  // As --vocabulary-id: the recognition setting, and its run-task member where
  // duplex_parameters() puts it (after the members it orders before it), unless a --param
  // vocabulary_id already set one.
  request.recognition.vocabulary_id = found->id;
  std::vector<protocol::JsonMember> after =
      protocol::duplex_parameters(request, protocol::find_model(request.model));
  auto& params = request.parameters;
  const auto has_key = [&](const std::string& key) {
    return std::any_of(params.begin(), params.end(), [&](const auto& m) { return m.first == key; });
  };
  if (!has_key("vocabulary_id")) {
    std::string quoted;
    util::json::append_quoted(quoted, found->id);
    std::size_t at = 0;
    for (const auto& m : after) {
      if (m.first == "vocabulary_id") break;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].first == m.first) at = std::max(at, i + 1);
      }
    }
    params.insert(params.begin() + static_cast<std::ptrdiff_t>(at), {"vocabulary_id", quoted});
  }
  return {};
}

}  // namespace dsasr::app
