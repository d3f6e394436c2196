// `dsasr devices`: lists capture devices on stdout, one per line. Returns the exit status.
#pragma once

namespace dsasr::app {

class Reporter;

int run_devices(Reporter& reporter);

}  // namespace dsasr::app
