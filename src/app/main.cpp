// dsasr: stream audio to DashScope realtime speech recognition (see app/app.h).
#include "app/app.h"

int main(int argc, char** argv) {
  return dsasr::app::main(argc, argv);
}
