#include "app/signals.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

namespace dsasr::app {

namespace {

std::atomic<int> g_interrupts{0};
std::mutex g_handler_mutex;
std::function<void()> g_handler;  // guarded by g_handler_mutex

void watch(sigset_t set) {
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    int count = g_interrupts.fetch_add(1) + 1;
    if (count >= 2) {
      // Second interrupt: the user wants out now. Everything written so far was flushed per
      // record, so files are valid up to the last complete record.
      static const char kMsg[] = "\ndsasr: interrupted again, exiting now\n";
      ssize_t ignored = write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
      (void)ignored;
      _exit(130);
    }
    std::lock_guard<std::mutex> lock(g_handler_mutex);
    if (g_handler) g_handler();
  }
}

}  // namespace

void install_signal_watcher() {
  std::signal(SIGPIPE, SIG_IGN);
  // A file-size limit (ulimit -f) then fails write(2) with EFBIG, reported as an output error,
  // instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(watch, set).detach();
}

int interrupt_count() {
  return g_interrupts.load();
}

void set_interrupt_handler(std::function<void()> handler) {
  std::lock_guard<std::mutex> lock(g_handler_mutex);
  g_handler = std::move(handler);
}

}  // namespace dsasr::app
