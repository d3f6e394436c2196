// A whole Session — start, results, a drop mid-sentence, backoff, resume with exactly the
// audio after the last final sentence, shifted times, finish — driven through FakeTransport on
// a FakeClock: no sockets, no threads, microseconds per scenario.
#include "app/session.h"

#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "app/reporter.h"
#include "fake_transport.h"
#include "output/sink.h"
#include "output/writer.h"
#include "util/json.h"

namespace dsasr::app {
namespace {

using testing::FakeTransport;
using namespace std::chrono_literals;

constexpr int kRate = 16000;

// The input: `seconds` of samples whose values tell their position (sample i holds i mod 30011),
// written into the ring at start() and closed, as a file's capture would.
class FakeCapture final : public audio::Capture {
 public:
  FakeCapture(audio::Ring& ring, double seconds) : ring_(ring) {
    samples_.resize(static_cast<size_t>(seconds * kRate));
    for (size_t i = 0; i < samples_.size(); ++i) samples_[i] = sample_at(i);
  }
  static int16_t sample_at(size_t i) { return static_cast<int16_t>(i % 30011); }

  void start() override {
    ring_.write(samples_.data(), samples_.size());
    ring_.close();
    finished_ = true;
  }
  void stop() override {}
  void join() override {}
  int source_rate_hz() const override { return kRate; }
  int source_channels() const override { return 1; }
  int model_rate_hz() const override { return kRate; }
  const std::string& description() const override { return description_; }
  const std::string& input_name() const override { return name_; }
  uint64_t samples_written() const override { return samples_.size(); }
  bool finished() const override { return finished_; }
  const std::optional<util::Error>& error() const override { return error_; }

 private:
  audio::Ring& ring_;
  std::vector<int16_t> samples_;
  std::string description_ = "fake 16000 Hz mono";
  std::string name_ = "talk.wav";
  bool finished_ = false;
  std::optional<util::Error> error_;
};

// Task ids 000...001, 000...002, ...
class CountingIds final : public protocol::IdGenerator {
 public:
  std::string next_uuid_hex() override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%032d", ++n_);
    return buf;
  }

 private:
  int n_ = 0;
};

std::string task_id(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%032d", n);
  return buf;
}

std::string duplex(const std::string& id, const std::string& event, const std::string& payload) {
  return R"({"header":{"task_id":")" + id + R"(","event":")" + event +
         R"(","attributes":{}},"payload":)" + payload + "}";
}
std::string started(int n) {
  return duplex(task_id(n), "task-started", "{}");
}
std::string finished(int n) {
  return duplex(task_id(n), "task-finished", R"({"output":{},"usage":null})");
}
std::string final_sentence(int n, int64_t begin, int64_t end, const std::string& text) {
  return duplex(task_id(n), "result-generated",
                R"({"output":{"sentence":{"begin_time":)" + std::to_string(begin) +
                    R"(,"end_time":)" + std::to_string(end) + R"(,"text":")" + text +
                    R"(","sentence_end":true,"words":[]}},"usage":null})");
}

// The audio of a connection's binary frames, as samples.
std::vector<int16_t> audio_of(const FakeTransport::Connection& c) {
  std::vector<int16_t> out;
  for (const auto& f : c.frames) {
    if (f.text) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(f.data.data());
    for (size_t i = 0; i + 1 < f.data.size(); i += 2) {
      out.push_back(static_cast<int16_t>(p[i] | (p[i + 1] << 8)));
    }
  }
  return out;
}

std::vector<std::string> text_actions(const FakeTransport::Connection& c) {
  std::vector<std::string> out;
  for (const auto& f : c.frames) {
    if (!f.text) continue;
    const auto at = f.data.find("\"action\":\"");
    out.push_back(at == std::string::npos
                      ? f.data
                      : f.data.substr(at + 10, f.data.find('"', at + 10) - at - 10));
  }
  return out;
}

struct Harness {
  stream::FakeClock clock;
  FakeTransport transport{clock};
  CountingIds ids;
  cli::Config config;
  std::FILE* log = std::tmpfile();
  Reporter reporter{0, false, false, log};
  output::MemorySink sink;
  std::unique_ptr<Session> session;
  bool done = false;

  explicit Harness(double seconds, cli::PacingConfig::Mode mode = cli::PacingConfig::Mode::kMax,
                   int retries = 5, stream::StartLimiter* starts = nullptr) {
    config.command = cli::Command::kFile;
    config.request.model = "fun-asr-realtime";
    config.request.family = protocol::Family::kDuplex;
    config.request.sample_rate_hz = kRate;
    config.service.api_key = "sk-test";
    config.service.retries = retries;
    config.pacing.mode = mode;
    SessionContext ctx;
    ctx.client = &transport;
    ctx.config = &config;
    ctx.model = protocol::find_model("fun-asr-realtime");
    ctx.url = *net::parse_url("ws://127.0.0.1:9/api-ws/v1/inference");
    ctx.reporter = &reporter;
    ctx.ids = &ids;
    ctx.clock = &clock;
    ctx.starts = starts;
    ctx.uniform01 = [] { return 0.5; };  // every backoff exactly 3/4 of its nominal delay
    auto ring = std::make_unique<audio::Ring>(audio::Ring::default_capacity_samples(kRate));
    auto capture = std::make_unique<FakeCapture>(*ring, seconds);
    output::WriterOptions wo;
    wo.format = output::Format::kJsonl;
    wo.input = "talk.wav";
    session = std::make_unique<Session>(ctx, "talk.wav", std::move(ring), std::move(capture),
                                        output::make_writer(wo, sink), [this] { done = true; });
  }
  ~Harness() {
    session.reset();
    std::fclose(log);
  }
  std::string stderr_text() {
    std::fflush(log);
    std::rewind(log);
    std::string s;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, log)) > 0) s.append(buf, n);
    return s;
  }
};

TEST_CASE("a session: run-task, audio, sentences, finish-task, task-finished", "[session]") {
  Harness h(3.0);
  h.session->start();
  REQUIRE(h.transport.connections.size() == 1);
  auto& c = h.transport.conn(1);
  // The key goes in the Authorization header, and nowhere else.
  CHECK(c.request.headers.at(0) ==
        std::pair<std::string, std::string>("Authorization", "Bearer sk-test"));
  h.transport.open(1);
  CHECK(text_actions(c) == std::vector<std::string>{"run-task"});
  CHECK(audio_of(c).empty());  // no audio before task-started
  h.transport.receive(1, started(1));
  // --speed max: all 3 s at once, in 100 ms chunks, then finish-task.
  CHECK(text_actions(c) == std::vector<std::string>{"run-task", "finish-task"});
  const auto sent = audio_of(c);
  REQUIRE(sent.size() == 3 * kRate);
  for (size_t i = 0; i < sent.size(); i += 997) CHECK(sent[i] == FakeCapture::sample_at(i));
  size_t binary = 0;
  for (const auto& f : c.frames) binary += f.text ? 0 : 1;
  CHECK(binary == 30);
  h.transport.receive(1, final_sentence(1, 500, 2500, "Hello there."));
  CHECK_FALSE(h.done);
  h.transport.receive(1, finished(1));
  CHECK(h.done);
  CHECK_FALSE(h.session->outcome().error);
  CHECK(c.close_requested);
  CHECK(
      h.sink.data().find(R"("sentence_id":1,"begin_ms":500,"end_ms":2500,"text":"Hello there.")") !=
      std::string::npos);
  CHECK(h.transport.pending_timers() == 0);
}

TEST_CASE("a session connects only when the run's request-rate limit allows", "[session]") {
  stream::StartLimiter limiter(20);  // 20 starts a second: one every 50 ms
  Harness h(1.0, cli::PacingConfig::Mode::kMax, 5, &limiter);
  limiter.reserve(h.clock.now());  // another input's task started just now
  h.session->start();
  CHECK(h.transport.connections.empty());
  REQUIRE(h.transport.next_timer_in() == std::chrono::milliseconds(50));
  h.transport.fire_next();
  REQUIRE(h.transport.connections.size() == 1);
  // Ctrl+C while waiting for the limit: nothing was sent, the input ends at once.
  Harness waiting(1.0, cli::PacingConfig::Mode::kMax, 5, &limiter);
  waiting.session->start();
  CHECK(waiting.transport.connections.empty());
  waiting.session->interrupt();
  CHECK(waiting.done);
  CHECK(waiting.transport.pending_timers() == 0);
}

TEST_CASE("a drop mid-sentence resumes from the last final sentence, times shifted", "[session]") {
  Harness h(20.0);
  h.session->start();
  h.transport.open(1);
  h.transport.receive(1, started(1));
  // The first sentence ends at 3.0 s; the second is being spoken when the connection drops.
  h.transport.receive(1, final_sentence(1, 500, 3000, "One."));
  net::CloseInfo drop;
  drop.kind = net::CloseInfo::Kind::kDropped;
  drop.message = "connection reset";
  h.transport.end(1, drop);
  REQUIRE(h.transport.connections.size() == 1);  // not at once: after a backoff
  auto delay = h.transport.next_timer_in();
  REQUIRE(delay);
  CHECK(*delay == 750ms);  // the first retry: 1 s nominal, jittered by the injected 0.5
  CHECK(h.stderr_text().find("talk.wav: the connection to 127.0.0.1:9 was lost") !=
        std::string::npos);
  REQUIRE(h.transport.fire_next());
  REQUIRE(h.transport.connections.size() == 2);
  h.transport.open(2);
  h.transport.receive(2, started(2));
  // Exactly the audio after 3.0 s goes to the new task.
  const auto resent = audio_of(h.transport.conn(2));
  REQUIRE(resent.size() == 17 * kRate);
  for (size_t i = 0; i < resent.size(); i += 101) {
    CHECK(resent[i] == FakeCapture::sample_at(3 * kRate + i));
  }
  // Its times are on the new task's timeline: 1.0–4.0 s there is 4.0–7.0 s in the input.
  h.transport.receive(2, final_sentence(2, 1000, 4000, "Two."));
  h.transport.receive(2, finished(2));
  REQUIRE(h.done);
  CHECK_FALSE(h.session->outcome().error);
  CHECK(h.session->outcome().stats.reconnects == 1);
  // --stats: only the finished task's usage is billed (its messages carried none here).
  CHECK_FALSE(h.session->outcome().stats.billed_seconds);
  CHECK(h.session->outcome().stats.last_package_delay_ms == 0);
  CHECK(h.session->outcome().stats.task_ids == std::vector<std::string>{task_id(1), task_id(2)});
  const std::string out = h.sink.data();
  CHECK(out.find(R"("sentence_id":1,"begin_ms":500,"end_ms":3000,"text":"One.")") !=
        std::string::npos);
  CHECK(out.find(R"("sentence_id":2,"begin_ms":4000,"end_ms":7000,"text":"Two.")") !=
        std::string::npos);
}

TEST_CASE("retries in a row are bounded; the failure is final after them", "[session]") {
  Harness h(2.0, cli::PacingConfig::Mode::kMax, /*retries=*/2);
  h.session->start();
  net::CloseInfo refused;
  refused.kind = net::CloseInfo::Kind::kRefused;
  refused.http_status = 503;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    REQUIRE(h.transport.connections.size() == static_cast<size_t>(attempt));
    h.transport.end(h.transport.last_id(), refused);
    if (attempt < 3) REQUIRE(h.transport.fire_next());
  }
  REQUIRE(h.done);
  REQUIRE(h.session->outcome().error);
  CHECK(h.session->outcome().error->kind == util::ErrorKind::kNetwork);
  CHECK(h.session->outcome().error->message ==
        "127.0.0.1:9 refused the connection (HTTP 503) (gave up after 2 retries)");
}

TEST_CASE("a wrong key is never retried", "[session]") {
  Harness h(2.0);
  h.session->start();
  net::CloseInfo refused;
  refused.kind = net::CloseInfo::Kind::kRefused;
  refused.http_status = 401;
  h.transport.end(1, refused);
  REQUIRE(h.done);
  CHECK(h.transport.connections.size() == 1);
  REQUIRE(h.session->outcome().error);
  CHECK(h.session->outcome().error->kind == util::ErrorKind::kAuth);
}

TEST_CASE("a service that never starts the task is abandoned after 30 s and retried", "[session]") {
  Harness h(2.0);
  h.session->start();
  h.transport.open(1);
  auto delay = h.transport.next_timer_in();
  REQUIRE(delay);
  CHECK(*delay == 30s);
  REQUIRE(h.transport.fire_next());
  CHECK(h.transport.conn(1).aborted);
  REQUIRE(h.transport.fire_next());  // the backoff
  CHECK(h.transport.connections.size() == 2);
}

TEST_CASE("a service that never finishes the task is abandoned 60 s after finish-task",
          "[session]") {
  Harness h(3.0, cli::PacingConfig::Mode::kMax, /*retries=*/0);
  h.session->start();
  h.transport.open(1);
  h.transport.receive(1, started(1));
  REQUIRE(text_actions(h.transport.conn(1)) == std::vector<std::string>{"run-task", "finish-task"});
  h.transport.receive(1, final_sentence(1, 500, 2500, "Hello there."));
  auto delay = h.transport.next_timer_in();
  REQUIRE(delay);
  CHECK(*delay == 60s);
  REQUIRE(h.transport.fire_next());
  CHECK(h.transport.conn(1).aborted);
  REQUIRE(h.done);
  REQUIRE(h.session->outcome().error);
  CHECK(h.session->outcome().error->kind == util::ErrorKind::kNetwork);
  CHECK(h.session->outcome().error->message == "the service did not finish the task within 60 s");
  CHECK(h.transport.connections.size() == 1);
  CHECK(h.transport.pending_timers() == 0);
  // The sentence that came before the wait ran out is written.
  CHECK(h.sink.data().find(R"("text":"Hello there.")") != std::string::npos);
}

TEST_CASE("an output failure ends the input at once", "[session]") {
  Harness h(5.0);
  h.session->start();
  h.transport.open(1);
  h.transport.receive(1, started(1));
  h.session->abort(util::Error(util::ErrorKind::kOutput, "cannot write out.srt: disk full"));
  REQUIRE(h.done);
  CHECK(h.transport.conn(1).aborted);
  REQUIRE(h.session->outcome().error);
  CHECK(h.session->outcome().error->kind == util::ErrorKind::kOutput);
  CHECK(h.transport.pending_timers() == 0);
}

TEST_CASE("realtime speed sends one chunk per 100 ms on the fake clock", "[session]") {
  Harness h(1.0, cli::PacingConfig::Mode::kRealtime);
  h.session->start();
  h.transport.open(1);
  h.transport.receive(1, started(1));
  auto& c = h.transport.conn(1);
  CHECK(audio_of(c).size() == kRate / 10);  // the first chunk at once
  for (int i = 2; i <= 10; ++i) {
    REQUIRE(h.transport.fire_next());
    CHECK(audio_of(c).size() == static_cast<size_t>(i) * kRate / 10);
  }
  CHECK(text_actions(c).back() == "finish-task");
}

}  // namespace
}  // namespace dsasr::app
