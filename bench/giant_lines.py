#!/usr/bin/python3
"""Memory and time of kwx on one giant line (issue #12): a corpus joined into one line of ~200 MB,
and the corpus without spaces or line ends in one line of ~50 MB, plus a quarter of each to see
whether time grows linearly. Prints a Markdown table: peak RSS (/usr/bin/time -v), bytes of RSS
per input byte, seconds. A benchmark, not a test: nothing here asserts a time.

usage: /usr/bin/python3 bench/giant_lines.py --corpus seedlike.txt [--kwx build/bin/kwx]
                                             [--baseline OTHER_KWX] [--work DIR] [--mb 200]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def make_line(path, data, size):
    with open(path, 'wb') as f:
        n = 0
        while n < size:
            f.write(data)
            n += len(data)
        f.write(b'\n')
    return path


def measure(kwx, args, path):
    with tempfile.NamedTemporaryFile('r') as t:
        p = subprocess.run(['/usr/bin/time', '-v', '-o', t.name, kwx, *args, path, '-o', '/dev/null',
                            '-q', '-j1'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.exit(f'{kwx} {" ".join(args)} {path} failed: {p.stderr.decode()[-300:]}')
        text = t.read()
    rss_kb = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', text).group(1))
    wall = re.search(r'Elapsed \(wall clock\) time.*: ([0-9:.]+)', text).group(1)
    seconds = 0.0
    for part in wall.split(':'):
        seconds = seconds * 60 + float(part)
    return rss_kb * 1024, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--kwx', default=os.path.join(REPO, 'build', 'bin', 'kwx'))
    ap.add_argument('--baseline', help='another kwx binary to measure side by side')
    ap.add_argument('--work', default=os.path.join(REPO, 'build', 'giant-lines'))
    ap.add_argument('--mb', type=int, default=200, help='size of the joined line (default 200)')
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    data = open(a.corpus, 'rb').read()
    joined = data.replace(b'\n', b' ')
    no_space = data.replace(b'\n', b'').replace(b' ', b'')
    inputs = [
        ('joined', make_line(os.path.join(a.work, 'joined.txt'), joined, a.mb * 10**6)),
        ('joined/4', make_line(os.path.join(a.work, 'joined4.txt'), joined, a.mb * 10**6 // 4)),
        ('no spaces', make_line(os.path.join(a.work, 'nospace.txt'), no_space, a.mb * 10**6 // 4)),
        ('no spaces/4', make_line(os.path.join(a.work, 'nospace4.txt'), no_space, a.mb * 10**6 // 16)),
    ]
    binaries = [('kwx', a.kwx)] + ([('baseline', a.baseline)] if a.baseline else [])
    jobs = [('extract', ['extract', '-k', '100']), ('cut', ['cut']), ('cut full', ['cut', '--mode', 'full'])]
    print('| input | MB | command | ' + ' | '.join(f'{b}: RSS MB, B/byte, s' for b, _ in binaries) + ' |')
    print('|---|---:|---|' + '---:|' * len(binaries))
    for name, path in inputs:
        size = os.path.getsize(path)
        for job, args in jobs:
            cells = []
            for _, kwx in binaries:
                rss, secs = measure(kwx, args, path)
                cells.append(f'{rss / 1e6:.0f}, {rss / size:.2f}, {secs:.2f}')
            print(f'| {name} | {size / 1e6:.1f} | {job} | ' + ' | '.join(cells) + ' |', flush=True)


if __name__ == '__main__':
    main()
