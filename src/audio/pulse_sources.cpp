// The libpulse half of pulse_sources.h: one short-lived context on a private main loop.
#include "audio/pulse_sources.h"

#include <chrono>
#include <cstdint>
#include <string>

#include "audio/pulse_library.h"

namespace dsasr::audio {

namespace {

// Connecting and three queries take a few milliseconds on a local server; a server that does not
// answer within this is as good as none (and `dsasr devices` must not hang).
constexpr auto kQueryLimit = std::chrono::seconds(3);

struct Query {
  const PulseApi& pa;
  PulseSnapshot snapshot;
  std::vector<uint32_t> sink_index_of_monitor;               // parallel to snapshot.sources
  std::vector<std::pair<uint32_t, std::string>> sink_names;  // index -> name
};

void on_server(pa_context* /*c*/, const pa_server_info* info, void* user) {
  auto& q = *static_cast<Query*>(user);
  if (!info) return;
  q.snapshot.server = std::string(info->server_name ? info->server_name : "") + " " +
                      (info->server_version ? info->server_version : "");
  q.snapshot.default_source = info->default_source_name ? info->default_source_name : "";
  q.snapshot.default_sink = info->default_sink_name ? info->default_sink_name : "";
}

void on_source(pa_context* /*c*/, const pa_source_info* info, int eol, void* user) {
  auto& q = *static_cast<Query*>(user);
  if (eol != 0 || !info) return;
  PulseSource s;
  s.name = info->name ? info->name : "";
  s.description = info->description ? info->description : "";
  s.monitor = info->monitor_of_sink != PA_INVALID_INDEX;
  s.rate_hz = static_cast<int>(info->sample_spec.rate);
  s.channels = info->sample_spec.channels;
  q.snapshot.sources.push_back(std::move(s));
  q.sink_index_of_monitor.push_back(info->monitor_of_sink);
}

void on_sink(pa_context* /*c*/, const pa_sink_info* info, int eol, void* user) {
  auto& q = *static_cast<Query*>(user);
  if (eol != 0 || !info) return;
  PulseSink s;
  s.name = info->name ? info->name : "";
  s.description = info->description ? info->description : "";
  s.monitor_source = info->monitor_source_name ? info->monitor_source_name : "";
  q.sink_names.emplace_back(info->index, s.name);
  q.snapshot.sinks.push_back(std::move(s));
}

class Loop {
 public:
  explicit Loop(const PulseApi& pa) : pa_(pa), loop_(pa.mainloop_new()) {}
  ~Loop() {
    if (context_) {
      pa_.context_disconnect(context_);
      pa_.context_unref(context_);
    }
    if (loop_) pa_.mainloop_free(loop_);
  }
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  util::Status connect() {
    if (!loop_) return no_sound_server_error("cannot create a libpulse main loop");
    context_ = pa_.context_new(pa_.mainloop_get_api(loop_), "dsasr");
    if (!context_) return no_sound_server_error("cannot create a libpulse context");
    if (pa_.context_connect(context_, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0) {
      return no_sound_server_error(pa_.strerror(pa_.context_errno(context_)));
    }
    for (;;) {
      const pa_context_state_t state = pa_.context_get_state(context_);
      if (state == PA_CONTEXT_READY) return {};
      if (state == PA_CONTEXT_FAILED || state == PA_CONTEXT_TERMINATED) {
        return no_sound_server_error(pa_.strerror(pa_.context_errno(context_)));
      }
      if (!step()) return no_sound_server_error("the server did not answer in time");
    }
  }

  // Runs the loop until `op` is done; false on time-out or a dead connection.
  bool wait(pa_operation* op) {
    if (!op) return false;
    bool ok = true;
    while (pa_.operation_get_state(op) == PA_OPERATION_RUNNING) {
      if (pa_.context_get_state(context_) != PA_CONTEXT_READY || !step()) {
        ok = false;
        break;
      }
    }
    pa_.operation_unref(op);
    return ok;
  }

  pa_context* context() const { return context_; }

 private:
  // One bounded iteration: never waits past the deadline.
  bool step() {
    const auto left = deadline_ - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return false;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
    if (pa_.mainloop_prepare(loop_, static_cast<int>(us)) < 0) return false;
    if (pa_.mainloop_poll(loop_) < 0) return false;
    return pa_.mainloop_dispatch(loop_) >= 0;
  }

  const PulseApi& pa_;
  pa_mainloop* loop_ = nullptr;
  pa_context* context_ = nullptr;
  const std::chrono::steady_clock::time_point deadline_ =
      std::chrono::steady_clock::now() + kQueryLimit;
};

}  // namespace

util::Result<PulseSnapshot> query_pulse() {
  auto api = load_pulse();
  if (!api) return api.error();
  const PulseApi& pa = **api;
  Loop loop(pa);
  if (auto connected = loop.connect(); !connected) return connected.error();
  Query q{pa, {}, {}, {}};
  if (!loop.wait(pa.context_get_server_info(loop.context(), &on_server, &q)) ||
      !loop.wait(pa.context_get_sink_info_list(loop.context(), &on_sink, &q)) ||
      !loop.wait(pa.context_get_source_info_list(loop.context(), &on_source, &q))) {
    return no_sound_server_error("the server stopped answering");
  }
  for (size_t i = 0; i < q.snapshot.sources.size(); ++i) {
    for (const auto& [index, name] : q.sink_names) {
      if (index == q.sink_index_of_monitor[i]) q.snapshot.sources[i].monitor_of = name;
    }
  }
  return std::move(q.snapshot);
}

}  // namespace dsasr::audio
