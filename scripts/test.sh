#!/usr/bin/env bash
# Sets up kwx (scripts/setup.sh) and runs every test: unit tests, CLI tests, fuzz smoke tests and
# the differential tests against Python jieba (the oracle) on generated adversarial text and on
# real Chinese text built from Debian packages; then the sanitizer job (scripts/sanitize.sh:
# ASan+UBSan over the test suite with clang, TSan over the threaded code, a minute of libFuzzer
# per target). Extra arguments go to ctest (e.g. -L unit). KWX_SKIP_SANITIZERS=1 skips the
# sanitizer job (about 25 minutes on two cores) for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir "${KWX_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" "$@"
if [ "${KWX_SKIP_SANITIZERS:-0}" != 1 ]; then
  scripts/sanitize.sh
fi
