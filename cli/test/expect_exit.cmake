# cmake -DEXE=<binary> -DARGS=a|b|c -DEXPECT_EXIT=<n> [-DEXPECT_OUTPUT=<text>] -P expect_exit.cmake
# Runs EXE with ARGS ('|'-separated) and fails unless it exits with exactly
# EXPECT_EXIT and, when given, stdout+stderr contain EXPECT_OUTPUT. CTest's
# WILL_FAIL only distinguishes zero from non-zero; the CLI contract needs 2.
string(REPLACE "|" ";" _args "${ARGS}")
execute_process(COMMAND "${EXE}" ${_args}
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
message(STATUS "stdout:\n${_out}")
message(STATUS "stderr:\n${_err}")
if(NOT "${_rc}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}, got '${_rc}'")
endif()
if(DEFINED EXPECT_OUTPUT)
  string(FIND "${_out}${_err}" "${EXPECT_OUTPUT}" _pos)
  if(_pos EQUAL -1)
    message(FATAL_ERROR "output does not contain '${EXPECT_OUTPUT}'")
  endif()
endif()
