#!/usr/bin/env bash
# Sets up the kwx CLI (scripts/setup.sh --cli-only: the CLI and its data, not the tests) and runs
# the main job on the bundled sample: the top-100 keywords of every line of samples/message.txt
# with a Chinese stop-word list, written to build/message_tags.txt. Then the serial-vs-parallel
# timing of the same job on a file large enough for the timing to measure the work rather than
# the start: the sample repeated 16,384 times (35 MB), each run repeated 3 times, the fastest kept.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --cli-only
BUILD_DIR="${KWX_BUILD_DIR:-build}"
set -x
"$BUILD_DIR"/bin/kwx extract samples/message.txt --topk 100 --stop-words samples/stop_words_zh.txt \
  -o "$BUILD_DIR"/message_tags.txt
head -n 3 "$BUILD_DIR"/message_tags.txt
"$BUILD_DIR"/bin/kwx extract samples/message.txt --topk 5 --with-weight --format jsonl -o - | head -n 3
{ set +x; } 2>/dev/null
big="$BUILD_DIR"/message_x16384.txt
cp samples/message.txt "$big"
for _ in $(seq 14); do cat "$big" "$big" > "$big.tmp" && mv "$big.tmp" "$big"; done
set -x
"$BUILD_DIR"/bin/kwx bench "$big" --topk 100 \
  --stop-words samples/stop_words_zh.txt --repeat 3
