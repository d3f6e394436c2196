# ASan+UBSan or TSan for the whole build (they cannot be combined).
if(DSASR_SANITIZE AND DSASR_TSAN)
  message(FATAL_ERROR "DSASR_SANITIZE and DSASR_TSAN cannot be combined")
endif()
if(DSASR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # RapidJSON 1.1.0 internal/stack.h:117 adds an offset to a null pointer; clang flags it.
    add_compile_options(-fno-sanitize=pointer-overflow)
  endif()
endif()
if(DSASR_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
