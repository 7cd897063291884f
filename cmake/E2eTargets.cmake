# e2e_library(<folder> SOURCES ... DEPS ...): one library per leaf folder, named
# e2e_<folder> with the alias e2e::<folder>, public headers found as "<folder>/x.h"
# relative to the folder's parent.
function(e2e_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(e2e_${name} STATIC ${ARG_SOURCES})
  add_library(e2e::${name} ALIAS e2e_${name})
  target_include_directories(e2e_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/..)
  target_link_libraries(e2e_${name} PUBLIC ${ARG_DEPS} PRIVATE e2e_build_flags)
endfunction()

# e2e_test(<name> LABELS ... SOURCES ... DEPS ...): one GoogleTest binary, one CTest
# entry, labelled so `ctest -L unit` etc. select it.
function(e2e_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main e2e_build_flags)
  target_compile_definitions(${name} PRIVATE E2E_VECTORS_DIR="${E2E_VECTORS_DIR}")
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
