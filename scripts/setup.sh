#!/usr/bin/env bash
# Installs what kwx needs on Debian 12 (apt packages, jieba's data via python3-jieba) and builds
# it into build/. Safe to run again: it installs only what is missing and rebuilds incrementally.
#   env: KWX_BUILD_DIR (default: build), KWX_BUILD_TYPE (default: Release)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ make cmake                     # toolchain
  libcli11-dev                       # command-line parsing
  libxxhash-dev                      # checksum of the compiled data
  libgtest-dev libbenchmark-dev      # tests, micro-benchmarks
  python3-jieba                      # jieba's dict.txt / idf.txt / HMM tables, and the test oracle
  python3-dev pybind11-dev           # the Python package (kwx._kwx)
  python3-pytest python3-distributed # its tests, and the Dask helper (kwx.dask)
  python3-pandas                     # Dask DataFrames (only Recommended by python3-dask)
  ca-certificates                    # apt-get download over https mirrors (oracle corpora)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

BUILD_DIR="${KWX_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${KWX_BUILD_TYPE:-Release}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
echo "setup: built $BUILD_DIR/bin/kwx" >&2
