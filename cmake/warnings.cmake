# Warnings as an INTERFACE target: every project target links it; third-party headers are
# included as SYSTEM and stay quiet.
add_library(dsasr_warnings INTERFACE)
target_compile_options(dsasr_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wnull-dereference -Wimplicit-fallthrough -Wformat=2 -Wmissing-declarations)
if(DSASR_WERROR)
  target_compile_options(dsasr_warnings INTERFACE -Werror)
endif()
