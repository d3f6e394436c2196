#include <cstdio>

#include "version.h"

int main() {
  std::printf("dsasr %s\n", dsasr::kVersion);
  return 0;
}
