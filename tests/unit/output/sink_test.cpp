#include "output/sink.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <thread>

#include "output/writer.h"

using dsasr::output::FdSink;
using dsasr::output::Format;
using dsasr::output::make_writer;
using dsasr::output::MemorySink;
using dsasr::output::WriterOptions;

namespace {

struct Pipe {
  int read_fd = -1;
  int write_fd = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    read_fd = fds[0];
    write_fd = fds[1];
  }
  ~Pipe() {
    if (read_fd >= 0) ::close(read_fd);
    if (write_fd >= 0) ::close(write_fd);
  }
  void close_read() {
    ::close(read_fd);
    read_fd = -1;
  }
};

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

TEST_CASE("an fd sink writes records to its descriptor", "[sink]") {
  Pipe p;
  FdSink sink(p.write_fd);
  sink.write("one\n");
  sink.write("two\n");
  CHECK_FALSE(sink.closed());
  ::close(p.write_fd);
  p.write_fd = -1;
  CHECK(read_all(p.read_fd) == "one\ntwo\n");
}

TEST_CASE("an fd sink writes a record larger than the pipe buffer whole", "[sink]") {
  Pipe p;
  const std::string big(1 << 20, 'x');  // far more than a pipe holds: many short writes
  std::string received;
  std::thread reader([&] { received = read_all(p.read_fd); });
  {
    FdSink sink(p.write_fd);
    sink.write(big);
    CHECK_FALSE(sink.closed());
  }
  ::close(p.write_fd);
  p.write_fd = -1;
  reader.join();
  CHECK(received == big);
}

TEST_CASE("an fd sink closes quietly when the reader goes away", "[sink]") {
  // As app/ does: a closed pipe must give EPIPE, not kill the process.
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  Pipe p;
  p.close_read();
  FdSink sink(p.write_fd);
  sink.write("first record\n");
  CHECK(sink.closed());
  CHECK_FALSE(sink.failure().has_value());
  sink.write("dropped\n");  // no further write(2), no error
  CHECK(sink.closed());
  std::signal(SIGPIPE, previous);
}

TEST_CASE("writers sharing a closed stdout stop quietly", "[sink]") {
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  Pipe p;
  p.close_read();
  FdSink sink(p.write_fd);
  WriterOptions options;
  options.format = Format::kJsonl;
  auto writer = make_writer(options, sink);
  dsasr::protocol::Sentence s;
  s.text = "hello";
  s.end_ms = 10;
  writer->final(s, "t");
  writer->final(s, "t");
  writer->finish();
  CHECK(sink.closed());
  CHECK_FALSE(sink.failure().has_value());
  std::signal(SIGPIPE, previous);
}

TEST_CASE("an fd sink reports other write errors", "[sink]") {
  const int fd = ::open("/dev/null", O_RDONLY);
  REQUIRE(fd >= 0);
  FdSink sink(fd);  // writing to a read-only descriptor fails with EBADF
  sink.write("x");
  CHECK(sink.closed());
  REQUIRE(sink.failure().has_value());
  CHECK(sink.failure()->message.find("cannot write standard output: ") == 0);
  CHECK(sink.failure()->kind == dsasr::util::ErrorKind::kOutput);
  ::close(fd);
}

TEST_CASE("a full device is a failure, not a quiet close", "[sink]") {
  const int fd = ::open("/dev/full", O_WRONLY);
  if (fd < 0) {
    WARN("/dev/full is not available; skipped");
    return;
  }
  FdSink sink(fd);
  sink.write("x\n");
  CHECK(sink.closed());
  REQUIRE(sink.failure().has_value());
  CHECK(sink.failure()->message.find("No space") != std::string::npos);
  ::close(fd);
}

TEST_CASE("a memory sink keeps records in order and drops them once closed", "[sink]") {
  MemorySink sink;
  sink.write("a\n");
  sink.write("b\n");
  CHECK(sink.records() == std::vector<std::string>{"a\n", "b\n"});
  CHECK(sink.data() == "a\nb\n");
  sink.close();
  sink.write("c\n");
  CHECK(sink.closed());
  CHECK(sink.data() == "a\nb\n");
}
