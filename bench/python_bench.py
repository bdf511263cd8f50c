#!/usr/bin/python3
"""Timings of the Python package (printed, never asserted):

  1. kwx.analyse.extract_tags_batch(lines, topK=100) with jobs=2 vs jobs=1 (MB/s, speedup)
  2. the jobs=1 batch vs `kwx extract CORPUS -k 100 -j1 -o /dev/null` (whole process, and the
     run itself as -v reports it)
  3. a per-line `kwx.analyse.extract_tags` loop vs the same loop with jieba
  4. `import kwx; kwx.analyse.extract_tags(...)` until the first result, in a fresh process

Usage (from the repository, after building):
  PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py [--corpus FILE] [--repeat N]
      [--jieba-lines N] [--kwx build/bin/kwx]

Default corpus: /tmp/kwx-bench/corpora/seedlike.txt (see ../shared/bench/make_corpora.sh), else
build/tests/oracle/corpora/seedlike_mini.txt. Lines are split as the CLI splits them. Best of
--repeat runs for each kwx figure; the jieba loop runs once (it is slow) on --jieba-lines lines.
"""
import argparse
import logging
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CANDIDATES = ['/tmp/kwx-bench/corpora/seedlike.txt',
              os.path.join(ROOT, 'build', 'tests', 'oracle', 'corpora', 'seedlike_mini.txt')]


def split_lines(data):
    # As the CLI: lines end at b'\n', one b'\r' before it dropped, invalid UTF-8 replaced.
    pieces = data.split(b'\n')
    if pieces[-1] == b'':
        pieces.pop()
    return [(p[:-1] if p.endswith(b'\r') else p).decode('utf-8', 'replace') for p in pieces]


def best(fn, repeat):
    """(seconds, result) of the fastest of `repeat` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - start, result))
    return min(runs, key=lambda r: r[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--corpus')
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--jieba-lines', type=int, default=0, help='0 = all lines')
    ap.add_argument('--kwx', default=os.path.join(ROOT, 'build', 'bin', 'kwx'))
    a = ap.parse_args()
    corpus = a.corpus or next((c for c in CANDIDATES if os.path.isfile(c)), None)
    if corpus is None:
        sys.exit('python_bench.py: no corpus; pass --corpus FILE')
    with open(corpus, 'rb') as f:
        data = f.read()
    lines = split_lines(data)
    mb = len(data) / 1e6
    print('corpus %s: %d lines, %.2f MB' % (corpus, len(lines), mb))

    import kwx
    kwx.analyse.extract_tags(lines[0], topK=100)        # load the data before timing

    t1, r1 = best(lambda: kwx.analyse.extract_tags_batch(lines, topK=100, jobs=1), a.repeat)
    t2, r2 = best(lambda: kwx.analyse.extract_tags_batch(lines, topK=100, jobs=2), a.repeat)
    assert r1 == r2
    print('extract_tags_batch topK=100 jobs=1: %.3f s  %.1f MB/s' % (t1, mb / t1))
    print('extract_tags_batch topK=100 jobs=2: %.3f s  %.1f MB/s  (%.2fx jobs=1)'
          % (t2, mb / t2, t1 / t2))

    def cli():
        run = subprocess.run([a.kwx, 'extract', corpus, '-k', '100', '-j1', '-o', '/dev/null', '-v',
                              '-q'], check=True, capture_output=True, text=True)
        return float(re.search(r'in ([0-9.]+) s \(', run.stderr).group(1))
    tc, run_seconds = best(cli, a.repeat)
    print('kwx extract -k 100 -j1 (CLI):       %.3f s  %.1f MB/s whole process, %.1f MB/s run'
          % (tc, mb / tc, mb / run_seconds))
    print('  batch jobs=1 / CLI whole process: %.2f' % (tc / t1))

    tl, per_line = best(lambda: [kwx.analyse.extract_tags(s, topK=100) for s in lines], a.repeat)
    assert per_line == r1
    print('kwx.analyse.extract_tags loop:      %.3f s  %.1f MB/s' % (tl, mb / tl))
    import jieba
    import jieba.analyse
    jieba.setLogLevel(logging.CRITICAL + 10)
    jieba.analyse.extract_tags(lines[0], topK=100)
    sub = lines[:a.jieba_lines] if a.jieba_lines else lines
    sub_mb = sum(len(s.encode('utf-8')) + 1 for s in sub) / 1e6
    start = time.perf_counter()
    expected = [jieba.analyse.extract_tags(s, topK=100) for s in sub]
    tj = time.perf_counter() - start
    assert expected == per_line[:len(sub)]
    print('jieba.analyse.extract_tags loop:    %.3f s  %.2f MB/s on %d lines  (kwx loop %.0fx faster)'
          % (tj, sub_mb / tj, len(sub), (mb / tl) / (sub_mb / tj)))

    code = ('import time; t = time.perf_counter(); import kwx; '
            'kwx.analyse.extract_tags("我来到北京清华大学，小明硕士毕业于中国科学院计算所", topK=20); '
            'print(time.perf_counter() - t)')
    first = []
    for _ in range(a.repeat):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True,
                             text=True, env=os.environ).stdout
        whole = time.perf_counter() - start
        first.append((float(out), whole))
    inside, whole = min(first)
    bare, _ = best(lambda: subprocess.run([sys.executable, '-c', 'pass'], check=True), a.repeat)
    print('import kwx + first extract_tags:    %.1f ms  (process %.1f ms, bare python %.1f ms)'
          % (inside * 1e3, whole * 1e3, bare * 1e3))


if __name__ == '__main__':
    main()
