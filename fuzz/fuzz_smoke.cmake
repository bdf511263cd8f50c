# Runs by ctest as `fuzz_smoke` (see CMakeLists.txt): each fuzz target over a generated corpus.
# -D SEGMENT_FUZZER, EXTRACT_FUZZER: the executables; LIBFUZZER: ON if they are libFuzzer builds;
# WORK_DIR: scratch directory (libFuzzer's corpus).
foreach(fuzzer IN ITEMS "${SEGMENT_FUZZER}" "${EXTRACT_FUZZER}")
  get_filename_component(name "${fuzzer}" NAME)
  if(LIBFUZZER)
    set(corpus "${WORK_DIR}/${name}")
    file(REMOVE_RECURSE "${corpus}")
    file(MAKE_DIRECTORY "${corpus}")
    set(args -runs=10000 -max_total_time=3 -max_len=512 -seed=1 "${corpus}")
  else()
    set(args --random 10000 --max-seconds 2 --max-len 512 --seed 1)
  endif()
  execute_process(COMMAND "${fuzzer}" ${args} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc})")
  endif()
endforeach()
