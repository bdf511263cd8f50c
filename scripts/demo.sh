#!/usr/bin/env bash
# Sets up kwx (scripts/setup.sh) and runs the main job on the bundled sample: the top-100
# keywords of every line of samples/message.txt, with a Chinese stop-word list.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
set -x
build/bin/kwx extract samples/message.txt --topk 100 --stop-words samples/stop_words_zh.txt -o -
build/bin/kwx extract samples/message.txt --topk 5 --with-weight --format jsonl -o -
build/bin/kwx cut samples/message.txt --mode accurate -o - | head -n 3
