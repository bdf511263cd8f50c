#!/bin/bash
# kwx side by side with its peers: Python jieba 0.42.1 (Debian's python3-jieba, serial), nodejieba
# 3.5.8 (cppjieba) and @node-rs/jieba 2.0.3 (jieba-rs, HMM on), on the same corpora in one run,
# alternating, several runs each. Prints a Markdown table of medians and writes <work>/compare.md,
# <work>/compare.json (every raw run) and <work>/compare.png (chart); with --task pos or textrank,
# <work>/compare-pos.* or <work>/compare-textrank.*. See bench/README.md.
#
# usage: bench/compare.sh [--task extract|pos|textrank] [--runs N] [--corpus FILE]... [--work DIR]
#                         [--kwx PATH] [--jobs N] [--tools LIST] [--report-only]
#   --task T       what every tool does to every line (default extract):
#                    extract   jieba.analyse.extract_tags(line, topK=100)  (kwx extract -k 100)
#                    pos       jieba.posseg.lcut(line)                     (kwx cut --pos)
#                    textrank  jieba.analyse.textrank(line, topK=20)       (kwx extract --method
#                              textrank -k 20; @node-rs/jieba has no TextRank and is left out)
#   --runs N       runs of every tool on every corpus (default 3)
#   --corpus FILE  a corpus, one document per line (repeatable). Default: the oracle tests' corpora
#                  build/tests/oracle/corpora/{seedlike_mini,gettext}.txt, made with
#                  tests/oracle/make_corpus.py into <work>/corpora when the build has none
#   --work DIR     node_modules, outputs and results (default build/bench-work)
#   --kwx PATH     the kwx binary (default build/bin/kwx)
#   --jobs N       kwx's thread count for the multi-threaded rows (default nproc)
#   --tools LIST   comma-separated subset of kwx_j1,kwx_jN,python_jieba,nodejieba,node_rs_jieba
#   --report-only  redo the table and chart from <work>/compare.json (with --task: that task's
#                  JSON), run nothing
# Relative paths are taken from the current directory; the defaults from the repository root.
# Installs what is missing: apt packages python3-jieba, time, python3-matplotlib (and nodejs, npm);
# the npm peers into <work>/node from bench/peers/package.json + package-lock.json (npm ci).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
PY=/usr/bin/python3

die() { echo "compare.sh: $*" >&2; exit 2; }
abspath() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

TASK=extract
RUNS=3
WORK="$REPO/build/bench-work"
KWX="$REPO/build/bin/kwx"
JOBS="$(nproc)"
TOOLS=""
REPORT_ONLY=0
CORPORA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --task) [ $# -ge 2 ] || die "--task needs a value"; TASK="$2"; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --corpus) [ $# -ge 2 ] || die "--corpus needs a value"; CORPORA+=("$(abspath "$2")"); shift 2 ;;
    --work) [ $# -ge 2 ] || die "--work needs a value"; WORK="$(abspath "$2")"; shift 2 ;;
    --kwx) [ $# -ge 2 ] || die "--kwx needs a value"; KWX="$(abspath "$2")"; shift 2 ;;
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; JOBS="$2"; shift 2 ;;
    --tools) [ $# -ge 2 ] || die "--tools needs a value"; TOOLS="$2"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$TASK" in extract|pos|textrank) ;; *) die "--task must be extract, pos or textrank" ;; esac
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"
mkdir -p "$WORK"

if [ "$REPORT_ONLY" = 1 ]; then
  exec "$PY" "$BENCH/compare.py" --work "$WORK" --task "$TASK" --report-only
fi
[ -x "$KWX" ] || die "no kwx binary at $KWX: build it (cmake -S . -B build && cmake --build build) or pass --kwx"
want() { case ",${TOOLS:-python_jieba,nodejieba,node_rs_jieba}," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# ---------------------------------------------------------------- Debian packages
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in python3-jieba time python3-matplotlib; do installed "$p" || missing+=("$p"); done
if want nodejieba || want node_rs_jieba; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v g++ >/dev/null || missing+=(g++)
  command -v make >/dev/null || missing+=(make)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare.sh: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
"$PY" -c 'import jieba' 2>/dev/null || die "$PY cannot import jieba (python3-jieba)"

# ---------------------------------------------------------------- npm peers
if want nodejieba || want node_rs_jieba; then
  NODE_DIR="$WORK/node"
  mkdir -p "$NODE_DIR"
  check_node() {
    NODE_PATH="$NODE_DIR/node_modules" node -e \
      "require('nodejieba'); require('@node-rs/jieba'); require('@node-rs/jieba/dict')" 2>/dev/null
  }
  if ! cmp -s "$BENCH/peers/package-lock.json" "$NODE_DIR/package-lock.json" \
     || ! cmp -s "$BENCH/peers/package.json" "$NODE_DIR/package.json" || ! check_node; then
    echo "compare.sh: installing nodejieba and @node-rs/jieba into $NODE_DIR (npm ci; nodejieba compiles)" >&2
    cp "$BENCH/peers/package.json" "$BENCH/peers/package-lock.json" "$NODE_DIR/"
    # npm_config_yes: nodejieba's install script calls npx, which this npm config would refuse.
    (cd "$NODE_DIR" && npm_config_yes=true npm ci --no-audit --no-fund >&2) \
      || die "npm ci failed in $NODE_DIR"
    check_node || die "nodejieba or @node-rs/jieba does not load from $NODE_DIR/node_modules"
  fi
fi

# ---------------------------------------------------------------- corpora
if [ ${#CORPORA[@]} -eq 0 ]; then
  CDIR="$REPO/build/tests/oracle/corpora"
  if [ ! -s "$CDIR/seedlike_mini.txt" ] || [ ! -s "$CDIR/gettext.txt" ]; then
    CDIR="$WORK/corpora"
    if [ ! -s "$CDIR/seedlike_mini.txt" ] || [ ! -s "$CDIR/gettext.txt" ]; then
      echo "compare.sh: building the oracle corpora into $CDIR (tests/oracle/make_corpus.py)" >&2
      "$PY" "$REPO/tests/oracle/make_corpus.py" --out "$CDIR" >&2 || die "make_corpus.py failed"
    fi
  fi
  CORPORA=("$CDIR/seedlike_mini.txt" "$CDIR/gettext.txt")
fi
args=()
for c in "${CORPORA[@]}"; do [ -r "$c" ] || die "cannot read corpus $c"; args+=(--corpus "$c"); done
[ -n "$TOOLS" ] && args+=(--tools "$TOOLS")

exec "$PY" "$BENCH/compare.py" --work "$WORK" --task "$TASK" --kwx "$KWX" --runs "$RUNS" --jobs "$JOBS" \
  "${args[@]}"
