// Fuzzes RealtimeMachine::receive and OmniMachine::receive with Qwen realtime server events.
//
// The input is one server message, received by machines that have sent session.update,
// received session.created and session.updated and appended 100 ms of audio: one in server
// VAD mode, one in Manual mode that has also finished (so a commit is waiting for its
// answer), and a Qwen-Omni conversation (whose answers are response.* events). Then, so sequences
// of events are covered too, each newline-separated line of the input is received in turn by a
// fresh machine of each mode. Each machine then gets finish() and session.finished. MachineChecker
// (fuzz_support.h) checks the events' contract throughout.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "protocol/ids.h"
#include "protocol/omni.h"
#include "protocol/realtime.h"
#include "protocol/request.h"

namespace {

using namespace dsasr;

const std::string kCreated =
    R"({"event_id":"event_s1","type":"session.created","session":{"id":"sess_001",)"
    R"("object":"realtime.session","model":"qwen3-asr-flash-realtime","modalities":["text"],)"
    R"("input_audio_format":"pcm","input_audio_transcription":null,)"
    R"("turn_detection":{"type":"server_vad","threshold":0.2,"silence_duration_ms":800}}})";
const std::string kUpdated =
    R"({"event_id":"event_s2","type":"session.updated","session":{"id":"sess_001",)"
    R"("object":"realtime.session","model":"qwen3-asr-flash-realtime","modalities":["text"],)"
    R"("input_audio_format":"pcm","input_audio_transcription":{"language":"zh"},)"
    R"("turn_detection":{"type":"server_vad","threshold":0.2,"silence_duration_ms":800}}})";
const std::string kFinished = R"({"event_id":"event_f","type":"session.finished"})";

enum class Mode { kVad, kManual, kOmni };

void run(Mode mode, const std::vector<std::string_view>& messages) {
  const bool manual = mode == Mode::kManual;
  protocol::Request request;
  request.model = mode == Mode::kOmni ? "qwen3-omni-flash-realtime" : "qwen3-asr-flash-realtime";
  request.family = protocol::Family::kRealtime;
  request.sample_rate_hz = 16000;
  if (mode == Mode::kOmni) {
    request.instructions = std::string(protocol::kDefaultTranscriptionPrompt);
  } else {
    request.language = "zh";
  }
  request.manual_commit = manual;
  protocol::SequentialIdGenerator ids;
  protocol::RealtimeMachine asr(request, ids);
  protocol::OmniMachine omni(request, ids);
  protocol::Machine& m = mode == Mode::kOmni ? static_cast<protocol::Machine&>(omni) : asr;
  fuzz::MachineChecker checker;

  protocol::Output out;
  m.open(out);
  fuzz::check(out.frames.size() == 1, "open() did not send session.update");
  checker.after_call(out, m);
  for (const std::string& setup : {kCreated, kUpdated}) {
    out = {};
    m.receive(setup, out);
    checker.after_call(out, m);
  }
  fuzz::check(m.accepting_audio(), "not accepting audio after session.updated");

  // 100 ms of a quiet tone, so Manual mode has something to commit.
  std::vector<int16_t> audio(1600);
  for (size_t i = 0; i < audio.size(); ++i) audio[i] = static_cast<int16_t>((i % 64) * 40 - 1280);
  out = {};
  m.audio(audio.data(), audio.size(), out);
  checker.after_call(out, m);
  if (manual) {
    out = {};
    m.finish(out);
    checker.after_call(out, m);
  }

  for (std::string_view message : messages) {
    out = {};
    m.receive(message, out);
    checker.after_call(out, m);
    out = {};
    m.audio(audio.data(), 160, out);
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
  fuzz::check(m.done(), "not done after session.finished");
  if (was_done) fuzz::check(out.events.empty(), "events after the end of the session");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> lines = fuzz::split(input, "\n");
  for (Mode mode : {Mode::kVad, Mode::kManual, Mode::kOmni}) {
    run(mode, {input});
    if (lines.size() > 1) run(mode, lines);
  }
  return 0;
}
