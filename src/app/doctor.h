// `dsasr doctor`: the key, the network path to the endpoint (DNS, TCP, TLS, WebSocket
// handshake), a one-second silent task per protocol family, the other region when the key is
// refused, and the default capture device. Prints one line per check on stdout (decisions in
// doctor_checks.h) and returns the process exit status: 0 when every check passed, else that
// of the first failure. Main thread.
#pragma once

#include "cli/config.h"

namespace dsasr::app {

int run_doctor(const cli::Config& config);

}  // namespace dsasr::app
