#!/usr/bin/env bash
# Installs what kwx needs on Debian 12 (apt packages, jieba's data via python3-jieba) and builds
# it into build/. Safe to run again: it installs only what is missing and rebuilds incrementally.
#
#   scripts/setup.sh              everything: library, CLI, data, Python package, tests,
#                                 fuzzers, micro-benchmarks (what scripts/test.sh needs)
#   scripts/setup.sh --cli-only   just the `kwx` CLI and its compiled data (what scripts/demo.sh
#                                 needs): fewer packages, a fraction of the build
#   env: KWX_BUILD_DIR (default: build), KWX_BUILD_TYPE (default: Release)
set -euo pipefail
cd "$(dirname "$0")/.."

CLI_ONLY=0
case "${1:-}" in
  "") ;;
  --cli-only) CLI_ONLY=1 ;;
  *) echo "usage: scripts/setup.sh [--cli-only]" >&2; exit 2 ;;
esac

CLI_PACKAGES=(
  g++ make cmake                     # toolchain
  libcli11-dev                       # command-line parsing
  libxxhash-dev                      # checksum of the compiled data
  libcsv-dev nlohmann-json3-dev      # records: CSV/TSV and JSON lines input (--input-format)
  libsqlite3-dev                     # --db: results into SQLite, resumable
  python3-jieba                      # jieba's dict.txt / idf.txt / HMM tables, and the test oracle
  ca-certificates                    # apt-get download over https mirrors (oracle corpora)
)
MORE_PACKAGES=(
  libgtest-dev libbenchmark-dev      # tests, micro-benchmarks
  python3-dev pybind11-dev           # the Python package (kwx._kwx)
  python3-pytest python3-distributed # its tests, and the Dask helper (kwx.dask)
  python3-pandas                     # Dask DataFrames (only Recommended by python3-dask)
  python3-whoosh                     # the whoosh analyzer (kwx.analyse.ChineseAnalyzer), its test
)
PACKAGES=("${CLI_PACKAGES[@]}")
[ "$CLI_ONLY" = 1 ] || PACKAGES+=("${MORE_PACKAGES[@]}")

scripts/apt_install.sh "${PACKAGES[@]}"

BUILD_DIR="${KWX_BUILD_DIR:-build}"
CONFIG=(-DCMAKE_BUILD_TYPE="${KWX_BUILD_TYPE:-Release}")
if [ "$CLI_ONLY" = 1 ]; then
  # A build tree that already has the rest keeps it (and its options); a new one gets only the CLI.
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    CONFIG+=(-DKWX_BUILD_TESTS=OFF -DKWX_BUILD_BENCHMARKS=OFF -DKWX_BUILD_FUZZERS=OFF
             -DKWX_BUILD_PYTHON=OFF)
  fi
  cmake -S . -B "$BUILD_DIR" "${CONFIG[@]}" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" --target kwx_cli kwx_compiled_data
else
  CONFIG+=(-DKWX_BUILD_TESTS=ON -DKWX_BUILD_BENCHMARKS=ON -DKWX_BUILD_FUZZERS=ON
           -DKWX_BUILD_PYTHON=ON)
  cmake -S . -B "$BUILD_DIR" "${CONFIG[@]}" >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)"
fi
echo "setup: built $BUILD_DIR/bin/kwx" >&2
