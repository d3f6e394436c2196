# Warnings as an INTERFACE target: every project target links it; third-party headers are
# included as SYSTEM and stay quiet. (-Wnull-dereference is left out: with GCC 12 at -O2 it
# reports false positives inside libstdc++'s streambuf.)
add_library(dsasr_warnings INTERFACE)
target_compile_options(dsasr_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wimplicit-fallthrough -Wformat=2 -Wmissing-declarations)
if(DSASR_WERROR)
  target_compile_options(dsasr_warnings INTERFACE -Werror)
endif()
