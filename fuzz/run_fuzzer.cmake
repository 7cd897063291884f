# Runs one libFuzzer target for CTest (see fuzz/CMakeLists.txt).
#   cmake -DMODE=smoke|regress -DFUZZER=<exe> -DCORPUS=<dir> [-DDICT=<file>] -DWORK=<dir> -P run_fuzzer.cmake
# smoke:   fuzz for 5 s over a fresh copy of CORPUS in WORK (the repo corpus is never written).
# regress: run every file of CORPUS once, as given (no mutation, nothing written).
# Crash reproducers land in WORK/artifacts/.
foreach(v MODE FUZZER CORPUS WORK)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "run_fuzzer.cmake: ${v} is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/artifacts)
set(args -artifact_prefix=${WORK}/artifacts/ -timeout=10 -rss_limit_mb=2048)
if(DICT)
  list(APPEND args -dict=${DICT})
endif()

if(MODE STREQUAL "smoke")
  file(COPY ${CORPUS}/ DESTINATION ${WORK}/corpus)
  list(APPEND args -max_total_time=5 -max_len=4096 -print_final_stats=1 ${WORK}/corpus)
elseif(MODE STREQUAL "regress")
  file(GLOB inputs LIST_DIRECTORIES false ${CORPUS}/*)
  list(LENGTH inputs n)
  if(n EQUAL 0)
    message(FATAL_ERROR "run_fuzzer.cmake: empty corpus ${CORPUS}")
  endif()
  list(APPEND args ${inputs})
else()
  message(FATAL_ERROR "run_fuzzer.cmake: MODE must be smoke or regress, got '${MODE}'")
endif()

execute_process(COMMAND ${FUZZER} ${args} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (${rc}); reproducers, if any, in ${WORK}/artifacts/")
endif()
