#!/usr/bin/env bash
# Sets up kwx (scripts/setup.sh) and runs the main job on the bundled sample: the top-100
# keywords of every line of samples/message.txt with a Chinese stop-word list, written to
# build/message_tags.txt, then the serial-vs-parallel timing of the same job on a larger file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
set -x
build/bin/kwx extract samples/message.txt --topk 100 --stop-words samples/stop_words_zh.txt \
  -o build/message_tags.txt
head -n 3 build/message_tags.txt
build/bin/kwx extract samples/message.txt --topk 5 --with-weight --format jsonl -o - | head -n 3
# The timing needs more than 16 lines: bench on the sample repeated 3000 times (3.5 MB).
{ set +x; } 2>/dev/null
for _ in $(seq 3000); do cat samples/message.txt; done > build/message_x3000.txt
set -x
build/bin/kwx bench build/message_x3000.txt --topk 100 --stop-words samples/stop_words_zh.txt
