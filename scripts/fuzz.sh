#!/usr/bin/env bash
# Runs each libFuzzer target (segment_fuzzer, extract_fuzzer, compiled_fuzzer) for MINUTES minutes
# (default 10; fractions such as 0.5 work), one after the other, on the ASan+UBSan libFuzzer build
# that scripts/sanitize.sh makes (build-sanitize/; built here when missing). Each target keeps a
# corpus that grows from run to run, seeded from fuzz/corpus/ in the tree:
#   build-sanitize/fuzz/corpus/<target>/     inputs found so far (kept between runs)
#   build-sanitize/fuzz/crashes/<target>-*   any input that crashed, failed a check or timed out
# Prints libFuzzer's final stats (executions, execs/s, coverage, corpus size) for each target and
# exits non-zero if any target found a problem. Run it for hours with e.g. `scripts/fuzz.sh 120`.
#
# Inputs longer than the targets expect are not useful: text targets get at most 4096 bytes (they
# are about structure, not volume; the targets cut inputs at 64 KiB anyway), compiled_fuzzer at
# most 72 bytes (8 edits of 9 bytes: see fuzz/compiled_fuzzer.cc).
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-10}"
BUILD="${KWX_SANITIZE_BUILD_DIR:-build-sanitize}"
SECONDS_EACH=$(awk -v m="$MINUTES" 'BEGIN { s = int(m * 60); print (s < 1 ? 1 : s) }')
if [ ! -x "$BUILD/bin/compiled_fuzzer" ]; then
  KWX_SANITIZE_ONLY=fuzzers scripts/sanitize.sh
fi
mkdir -p "$BUILD/fuzz/crashes"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
for target in segment_fuzzer extract_fuzzer compiled_fuzzer; do
  case "$target" in
    compiled_fuzzer) seeds=fuzz/corpus/compiled max_len=72 ;;
    *) seeds=fuzz/corpus/text max_len=4096 ;;
  esac
  corpus="$BUILD/fuzz/corpus/$target"
  mkdir -p "$corpus"
  cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
  echo "== $target: ${SECONDS_EACH} s, corpus $corpus ($(ls "$corpus" | wc -l) inputs)" >&2
  log="$BUILD/fuzz/$target.log"
  if ! "$BUILD/bin/$target" -max_total_time="$SECONDS_EACH" -max_len="$max_len" -timeout=30 \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$BUILD/fuzz/crashes/$target-" \
      "$corpus" > "$log" 2>&1; then
    failed=1
    tail -n 40 "$log" >&2
    echo "== $target FAILED: the input is in $BUILD/fuzz/crashes/" >&2
  fi
  # The summary: executions, speed, coverage.
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+.*DONE' "$log" \
    | sed "s/^/   $target: /" >&2 || true
done
exit "$failed"
