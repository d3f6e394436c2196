#include "app/doctor.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/doctor_checks.h"
#include "app/exit_status.h"
#include "app/reporter.h"
#include "app/transcribe.h"
#include "audio/devices.h"
#include "cli/api_key.h"
#include "cli/endpoint.h"
#include "net/probe.h"
#include "net/url.h"

namespace dsasr::app {

namespace {

using Clock = std::chrono::steady_clock;

// A second of 16 kHz mono silence as a WAV file; removed when the doctor is done.
class SilentWav {
 public:
  SilentWav() {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/dsasr-doctor-XXXXXX.wav";
    const int fd = ::mkstemps(path_.data(), 4);
    if (fd < 0) {
      path_.clear();
      return;
    }
    constexpr uint32_t kRate = 16000, kBytes = kRate * 2;
    unsigned char header[44] = {'R', 'I', 'F', 'F', 0,  0, 0, 0, 'W', 'A', 'V', 'E',
                                'f', 'm', 't', ' ', 16, 0, 0, 0, 1,   0,   1,   0};
    auto put32 = [&](int at, uint32_t v) {
      for (int i = 0; i < 4; ++i) header[at + i] = static_cast<unsigned char>(v >> (8 * i));
    };
    put32(4, 36 + kBytes);
    put32(24, kRate);
    put32(28, kRate * 2);
    header[32] = 2;   // block align
    header[34] = 16;  // bits per sample
    std::memcpy(header + 36, "data", 4);
    put32(40, kBytes);
    std::vector<unsigned char> file(header, header + sizeof header);
    file.resize(sizeof header + kBytes, 0);
    const bool written = ::write(fd, file.data(), file.size()) == static_cast<ssize_t>(file.size());
    ::close(fd);
    if (!written) {
      ::unlink(path_.c_str());
      path_.clear();
    }
  }
  ~SilentWav() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  SilentWav(const SilentWav&) = delete;
  SilentWav& operator=(const SilentWav&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct TaskOutcome {
  int exit_status = kExitInternal;
  std::string error;  // the first error line, without "dsasr: error: " and the input's name
  std::string hint;
  std::chrono::microseconds elapsed{0};
};

// Runs `task` on the silent file as `dsasr file` would, with its messages captured.
TaskOutcome run_silent_task(cli::Config task, const SilentWav& wav) {
  TaskOutcome out;
  task.input.paths = {wav.path()};
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* messages = ::open_memstream(&buffer, &size);
  if (!messages) {
    out.error = "cannot capture the task's messages";
    return out;
  }
  const auto start = Clock::now();
  {
    Reporter captured(0, false, false, messages);
    out.exit_status = run_transcribe(task, captured);
  }
  out.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  std::fclose(messages);
  const std::string text(buffer, size);
  std::free(buffer);
  const std::string error_prefix = "dsasr: error: ";
  const std::string hint_prefix = "dsasr: hint: ";
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (out.error.empty() && line.rfind(error_prefix, 0) == 0) {
      out.error = line.substr(error_prefix.size());
      const std::string input = wav.path() + ": ";
      if (out.error.rfind(input, 0) == 0) out.error = out.error.substr(input.size());
    } else if (!out.error.empty() && out.hint.empty() && line.rfind(hint_prefix, 0) == 0) {
      out.hint = line.substr(hint_prefix.size());
    }
  }
  if (out.error.empty() && out.exit_status != kExitSuccess) {
    out.error = "ended with exit status " + std::to_string(out.exit_status);
  }
  return out;
}

class Doctor {
 public:
  explicit Doctor(const cli::Config& config) : config_(config) {}

  int run() {
    check_key();
    const bool reachable = check_network();
    check_tasks(reachable);
    check_device();
    return doctor_exit_status(checks_);
  }

 private:
  void add(Check c) {
    const std::string line = format_check(c);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
    checks_.push_back(std::move(c));
  }

  void check_key() {
    const cli::ServiceConfig& s = config_.service;
    if (s.api_key.empty()) {
      std::string looked;
      for (const std::string& place : s.api_key_searched) {
        looked += (looked.empty() ? "" : ", ") + place;
      }
      add(fail("key", util::ErrorKind::kAuth, "no API key found; looked in " + looked,
               "set DASHSCOPE_API_KEY, or api-key-file = PATH in the configuration file, or "
               "--api-key-file FILE"));
      return;
    }
    add(ok("key", "from " + s.api_key_origin.what + "; " + cli::key_shape(s.api_key)));
  }

  // DNS, TCP, TLS and the handshake to the chosen endpoint. False when the service cannot be
  // reached at all (the tasks are skipped then).
  bool check_network() {
    const cli::ServiceConfig& s = config_.service;
    auto url = net::parse_url(s.endpoint);
    if (!url) {
      add(fail("dns", util::ErrorKind::kUsage, url.error().message));
      return false;
    }
    net::ProbeOptions options;
    if (!s.api_key.empty()) options.headers.emplace_back("Authorization", "Bearer " + s.api_key);
    if (s.workspace) options.headers.emplace_back("X-DashScope-WorkSpace", *s.workspace);
    options.ca_file = s.ca_file;
    options.insecure = s.insecure;
    const net::ProbeResult p = net::probe(*url, options);

    const std::string elapsed_dns = " (" + duration_text(p.dns.elapsed) + ")";
    if (!p.dns.ok) {
      add(fail("dns", util::ErrorKind::kNetwork, p.dns.detail + elapsed_dns,
               "check the host name (--endpoint) and the network's DNS"));
      return skip_rest("dns");
    }
    add(ok("dns", p.dns.detail + elapsed_dns));
    const std::string elapsed_tcp = " (" + duration_text(p.tcp.elapsed) + ")";
    if (!p.tcp.ok) {
      add(fail("tcp", util::ErrorKind::kNetwork,
               "network: cannot connect to " + url->host + ":" + std::to_string(url->port) + ": " +
                   p.tcp.detail + elapsed_tcp,
               "check the port, a firewall or proxy between you and the service"));
      return skip_rest("tcp");
    }
    add(ok("tcp", p.tcp.detail + elapsed_tcp));
    if (url->tls) {
      add(tls_check(p.tls.ok, p.tls.detail, p.certificate_verified, p.certificate_expiry,
                    p.certificate_days_left, p.tls.elapsed));
      if (!p.tls.ok) return skip_rest("tls");
    } else {
      add(skip("tls", "ws:// has no TLS"));
    }
    if (!p.websocket.ok && p.http_status == 0) {
      add(fail("websocket", util::ErrorKind::kNetwork,
               url->str() + ": " + p.websocket.detail + " (" + duration_text(p.websocket.elapsed) +
                   ")"));
    } else {
      add(websocket_check(p.http_status, p.http_reason, p.http_body, url->str(),
                          s.api_key.empty() ? std::string() : s.api_key_origin.what,
                          p.websocket.elapsed));
    }
    return true;
  }

  bool skip_rest(const std::string& after) {
    if (after == "dns") add(skip("tcp", "no address"));
    if (after != "tls" && std::string(config_.service.endpoint).rfind("wss://", 0) == 0) {
      add(skip("tls", "no connection"));
    }
    add(skip("websocket", "no connection"));
    return false;
  }

  void check_tasks(bool reachable) {
    if (config_.service.api_key.empty() || !reachable) {
      for (const cli::DoctorTask& t : config_.doctor_tasks) {
        add(skip("task", t.task.request.model + ": " +
                             (reachable ? "no API key" : "the endpoint cannot be reached")));
      }
      return;
    }
    SilentWav wav;
    if (wav.path().empty()) {
      add(fail("task", util::ErrorKind::kInternal,
               std::string("cannot write a temporary WAV file: ") + std::strerror(errno),
               "set TMPDIR to a writable directory"));
      return;
    }
    for (const cli::DoctorTask& t : config_.doctor_tasks) {
      const TaskOutcome outcome = run_silent_task(t.task, wav);
      add(task_check(t.task.request.model, t.task.service.endpoint, outcome.exit_status,
                     outcome.error, outcome.hint, outcome.elapsed));
      if (outcome.exit_status != kExitAuth) continue;
      if (t.other_region.empty()) {
        add(skip("region",
                 "the endpoint is not a region's (--endpoint or "
                 "DASHSCOPE_WEBSOCKET_BASE_URL): the other region is not tried"));
        continue;
      }
      const cli::Config& other = t.other_region.front();
      const TaskOutcome there = run_silent_task(other, wav);
      add(region_check(std::string(cli::region_name(t.task.service.region)),
                       std::string(cli::region_name(other.service.region)), there.exit_status));
    }
  }

  void check_device() {
    auto devices = audio::list_input_devices();
    if (!devices) {
      add(fail("device", devices.error().kind, devices.error().message,
               devices.error().hint.empty() ? "only 'dsasr mic' needs one" : devices.error().hint));
      return;
    }
    for (const audio::DeviceInfo& d : *devices) {
      if (!d.is_default) continue;
      char detail[512];
      std::snprintf(detail, sizeof detail, "default capture device: %s (%s, %d channels, %.0f Hz)",
                    d.name.c_str(), d.host_api.c_str(), d.max_input_channels,
                    d.default_sample_rate_hz);
      add(ok("device", detail));
      return;
    }
    const util::Error none = audio::no_device_error();
    add(fail("device", none.kind, "no default capture device: " + none.message,
             "only 'dsasr mic' needs one; 'dsasr devices' lists what there is"));
  }

  const cli::Config& config_;
  std::vector<Check> checks_;
};

}  // namespace

int run_doctor(const cli::Config& config) {
  return Doctor(config).run();
}

}  // namespace dsasr::app
