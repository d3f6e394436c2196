// Fuzzes DuplexMachine::receive (and through it decode_result_sentence) with server messages.
//
// The input is one server message, received by machines that have sent run-task and received
// task-started, for four model setups: Paraformer (sentence results), Gummy with translate_to
// (Finals held for their translation), Gummy translation-only, and gummy-chat-v1 (one sentence).
// Then, so sequences of events are covered too, each newline-separated line of the input is
// received in turn by a fresh machine of each setup. Each machine then gets finish() and
// task-finished. MachineChecker (fuzz_support.h) checks the events' contract throughout.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "protocol/duplex.h"
#include "protocol/models.h"
#include "protocol/request.h"

namespace {

using namespace dsasr;

// The task id the seeds' headers carry (any other one only adds a Warning).
constexpr const char* kTaskId = "6f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5";

const std::string kStarted = std::string(R"({"header":{"task_id":")") + kTaskId +
                             R"(","event":"task-started","attributes":{}},"payload":{}})";
const std::string kFinished =
    std::string(R"({"header":{"task_id":")") + kTaskId +
    R"(","event":"task-finished","attributes":{}},"payload":{"output":{},"usage":null}})";

struct Setup {
  const char* model;
  std::vector<protocol::JsonMember> parameters;
  const char* translate_to;  // nullptr: none
};

const std::vector<Setup>& setups() {
  static const std::vector<Setup> all = {
      {"paraformer-realtime-v2", {}, nullptr},
      {"gummy-realtime-v1",
       {{"translation_enabled", "true"}, {"translation_target_languages", R"(["en"])"}},
       "en"},
      {"gummy-realtime-v1",
       {{"transcription_enabled", "false"},
        {"translation_enabled", "true"},
        {"translation_target_languages", R"(["en"])"}},
       "en"},
      {"gummy-chat-v1", {}, nullptr},
  };
  return all;
}

void run(const Setup& setup, const std::vector<std::string_view>& messages) {
  protocol::Request request;
  request.model = setup.model;
  request.family = protocol::Family::kDuplex;
  request.sample_rate_hz = 16000;
  request.parameters = setup.parameters;
  if (setup.translate_to) request.translate_to = setup.translate_to;
  protocol::DuplexMachine m(request, protocol::find_model(setup.model), kTaskId);
  fuzz::MachineChecker checker;

  protocol::Output out;
  m.open(out);
  fuzz::check(out.frames.size() == 1, "open() did not send run-task");
  checker.after_call(out, m);
  out = {};
  m.receive(kStarted, out);
  checker.after_call(out, m);
  fuzz::check(m.accepting_audio(), "not accepting audio after task-started");

  const int16_t silence[160] = {};
  for (std::string_view message : messages) {
    out = {};
    m.receive(message, out);
    checker.after_call(out, m);
    out = {};
    m.audio(silence, 160, out);  // must be dropped quietly once the task is over
    fuzz::check(m.accepting_audio() || out.frames.empty(), "audio sent while not accepting");
    checker.after_call(out, m);
  }
  const bool was_done = m.done();
  out = {};
  m.finish(out);
  checker.after_call(out, m);
  out = {};
  m.receive(kFinished, out);
  checker.after_call(out, m);
  fuzz::check(m.done(), "not done after task-finished");
  if (was_done) fuzz::check(out.events.empty(), "events after the end of the task");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> lines = fuzz::split(input, "\n");
  for (const Setup& setup : setups()) {
    run(setup, {input});
    if (lines.size() > 1) run(setup, lines);
  }
  return 0;
}
