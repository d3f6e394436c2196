// The program: parse the command line, run the command, return the exit status.
#pragma once

namespace dsasr::app {

// Called by main() with its arguments; never throws.
int main(int argc, char** argv);

}  // namespace dsasr::app
