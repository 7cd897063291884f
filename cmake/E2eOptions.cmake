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
