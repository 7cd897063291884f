# Warning and sanitizer flags shared by every e2eproof target.
add_library(e2e_build_flags INTERFACE)
target_compile_options(e2e_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(E2E_WERROR)
  target_compile_options(e2e_build_flags INTERFACE -Werror)
endif()

if(E2E_SANITIZE)
  if(E2E_SANITIZE STREQUAL "address;undefined")
    set(_e2e_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  elseif(E2E_SANITIZE STREQUAL "thread")
    set(_e2e_san -fsanitize=thread)
  else()
    message(FATAL_ERROR "E2E_SANITIZE must be empty, 'address;undefined' or 'thread', got '${E2E_SANITIZE}'")
  endif()
  target_compile_options(e2e_build_flags INTERFACE ${_e2e_san})
  target_link_options(e2e_build_flags INTERFACE ${_e2e_san})
endif()

# E2E_FUZZ: libFuzzer builds (clang only). Every e2eproof object gets coverage
# instrumentation (-fsanitize=fuzzer-no-link); the fuzz targets in fuzz/ link
# the libFuzzer driver themselves. Combine with E2E_SANITIZE=address;undefined
# (the `fuzz` preset does) so memory errors and UB are findings too.
option(E2E_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)
if(E2E_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "E2E_FUZZ needs clang (libFuzzer); use the `fuzz` preset, compiler is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(E2E_SANITIZE STREQUAL "thread")
    message(FATAL_ERROR "E2E_FUZZ cannot be combined with E2E_SANITIZE=thread")
  endif()
  target_compile_options(e2e_build_flags INTERFACE -fsanitize=fuzzer-no-link -fno-omit-frame-pointer)
  target_link_options(e2e_build_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()
