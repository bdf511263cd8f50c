#!/usr/bin/env bash
# The sanitizer job: scripts/test.sh (and so CI) runs it after the ordinary tests.
#   1. build-sanitize/: clang 14 with AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer's
#      coverage: every ctest test of that build (unit, CLI, fuzz smoke, oracle; the Python
#      package is not built with sanitizers). Also the check that the code builds with clang.
#   2. build-tsan/: GCC with ThreadSanitizer: the pipeline, line source, FileRun, shared tagger and
#      shared extractor tests, on every CPU and pinned to one (where the workers read their own input).
#   3. each libFuzzer target for KWX_FUZZ_MINUTES minutes (default 1) from the seed corpus in
#      fuzz/corpus/ (scripts/fuzz.sh).
# KWX_SANITIZE_ONLY=fuzzers: only build build-sanitize's fuzz targets (for scripts/fuzz.sh).
# Installs what it needs (clang-14, its sanitizer and libFuzzer runtimes, llvm-symbolizer).
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY="${KWX_SANITIZE_ONLY:-}"
ASAN_BUILD="${KWX_SANITIZE_BUILD_DIR:-build-sanitize}"
TSAN_BUILD="${KWX_TSAN_BUILD_DIR:-build-tsan}"
JOBS="$(nproc)"

scripts/apt_install.sh g++ make cmake clang-14 libclang-rt-14-dev llvm-14 libcli11-dev \
  libxxhash-dev libcsv-dev nlohmann-json3-dev libsqlite3-dev libgtest-dev python3-jieba util-linux ca-certificates

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
[ -x /usr/bin/llvm-symbolizer-14 ] && export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14

step() { echo "== sanitize: $* ($(date +%T))" >&2; }

step "build $ASAN_BUILD (clang 14, ASan + UBSan, libFuzzer)"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKWX_SANITIZE=ON -DKWX_LIBFUZZER=ON -DKWX_BUILD_BENCHMARKS=OFF -DKWX_BUILD_PYTHON=OFF \
  -DKWX_BUILD_TESTS="$([ "$ONLY" = fuzzers ] && echo OFF || echo ON)" >/dev/null
if [ "$ONLY" = fuzzers ]; then
  cmake --build "$ASAN_BUILD" -j"$JOBS" --target kwx_fuzzers
  exit 0
fi
cmake --build "$ASAN_BUILD" -j"$JOBS"

step "ctest in $ASAN_BUILD"
ctest --test-dir "$ASAN_BUILD" --output-on-failure -j"$JOBS" --timeout 1800

step "build $TSAN_BUILD (ThreadSanitizer)"
cmake -S . -B "$TSAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DKWX_BUILD_PYTHON=OFF -DKWX_BUILD_BENCHMARKS=OFF \
  -DKWX_BUILD_FUZZERS=OFF >/dev/null
TSAN_TESTS=(pipeline_test line_source_test file_run_test tfidf_test pos_tagger_test textrank_test
            idf_builder_test db_run_test record_source_test)
cmake --build "$TSAN_BUILD" -j"$JOBS" --target "${TSAN_TESTS[@]}" compiled_test
for t in "${TSAN_TESTS[@]}"; do
  step "TSan: $t"
  "$TSAN_BUILD/bin/$t" --gtest_brief=1
done
step "TSan: compiled_test, the checksum on a thread of its own"
"$TSAN_BUILD/bin/compiled_test" --gtest_brief=1 \
  --gtest_filter='*ChecksumInTheBackground*:*RejectsDamagedBytes*:*RejectsOutOfBoundsTrieUnits*'
step "TSan: pipeline_test on one CPU"
taskset -c 0 "$TSAN_BUILD/bin/pipeline_test" --gtest_brief=1

step "libFuzzer targets, ${KWX_FUZZ_MINUTES:-1} min each"
KWX_SANITIZE_BUILD_DIR="$ASAN_BUILD" scripts/fuzz.sh "${KWX_FUZZ_MINUTES:-1}"
step "done"
