// SIGINT/SIGTERM handling without async-signal-unsafe work: the signals are blocked in every
// thread and a dedicated watcher thread receives them with sigwait(). The first interrupt asks
// the app to finish cleanly (through the handler, which wakes the service thread); the second
// one exits at once with status 130.
#pragma once

#include <functional>

namespace dsasr::app {

// Call once from main() before any other thread starts (threads inherit the blocked mask).
// Also ignores SIGPIPE and SIGXFSZ, so a closed stdout shows up as EPIPE on write and a file
// over `ulimit -f` as EFBIG.
void install_signal_watcher();

// Number of SIGINT/SIGTERM received so far. Any thread.
int interrupt_count();

// The function the watcher thread calls after an interrupt (may be empty). It must be
// thread-safe (typically net::Client::wake()). Any thread; clear it before what it refers to
// is destroyed.
void set_interrupt_handler(std::function<void()> handler);

}  // namespace dsasr::app
