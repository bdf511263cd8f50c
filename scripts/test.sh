#!/usr/bin/env bash
# Sets up kwx (scripts/setup.sh) and runs every test: unit tests, CLI tests, fuzz smoke tests and
# the differential tests against Python jieba (the oracle) on generated adversarial text and on
# real Chinese text built from Debian packages. Extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir "${KWX_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" "$@"
