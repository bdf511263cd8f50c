#!/usr/bin/python3
"""User dictionaries side by side: `kwx extract CORPUS -o /dev/null -k 100 -j1` with no user words,
with each user dictionary loaded at run time (--user-dict, the overlay) and with the same words
compiled in (kwx dict compile --user-dict, then --data-dir), runs alternating; and the load alone
(an empty input: start-up plus the load). Prints a Markdown table: the least and the median CPU
seconds (user + sys) of the runs, the least wall time on the empty input (GNU time and the fork
included, about a millisecond), and peak RSS.

  bench/userdict_bench.py --kwx build/bin/kwx --corpus seed4.txt --runs 5 \\
      --dict 1k=u1k.txt --dict 100k=u100k.txt [--work DIR]

Make the dictionaries with bench/make_userdict.py. Each is compiled in once into WORK/NAME/.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def timed(cmd):
    """(CPU seconds and peak RSS KiB from GNU time, wall seconds) of one run of cmd."""
    start = time.perf_counter()
    out = subprocess.run(['/usr/bin/time', '-f', '%U %S %M'] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr.split('\n')
    wall = time.perf_counter() - start
    user, sys_, rss = out[-2].split()
    return float(user) + float(sys_), wall, int(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--kwx', default='build/bin/kwx')
    ap.add_argument('--data-dir', default=None, help="the base data (default: the kwx build's)")
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--dict', action='append', default=[], metavar='NAME=FILE')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--work', default=None)
    args = ap.parse_args()
    kwx = os.path.abspath(args.kwx)
    data = args.data_dir or os.path.join(os.path.dirname(os.path.dirname(kwx)), 'share', 'kwx')
    work = args.work or tempfile.mkdtemp(prefix='kwx-userdict-')
    os.makedirs(work, exist_ok=True)
    empty = os.path.join(work, 'empty.txt')
    open(empty, 'w').close()
    dicts = [d.split('=', 1) for d in args.dict]
    variants = [('no user words', ['--data-dir', data])]
    for name, path in dicts:
        compiled = os.path.join(work, name)
        os.makedirs(compiled, exist_ok=True)
        subprocess.run([kwx, 'dict', 'compile', '-o', os.path.join(compiled, 'kwx.dict'),
                        '--data-dir', data, '--user-dict', path], check=True,
                       stderr=subprocess.DEVNULL)
        variants.append((name + ' --user-dict', ['--data-dir', data, '--user-dict', path]))
        variants.append((name + ' compiled in', ['--data-dir', compiled]))
    runs = {name: [] for name, _ in variants}
    loads = {name: [] for name, _ in variants}
    for _ in range(args.runs):
        for name, extra in variants:
            runs[name].append(timed([kwx, 'extract', args.corpus, '-o', '/dev/null', '-k', '100',
                                     '-j1'] + extra))
            loads[name].append(timed([kwx, 'extract', empty, '-o', '/dev/null'] + extra))
    base = min(cpu for cpu, _, _ in runs['no user words'])
    print('| | whole run CPU, least / median | vs no user words | empty input, wall | peak RSS |')
    print('|---|---:|---:|---:|---:|')
    for name, _ in variants:
        cpus = sorted(cpu for cpu, _, _ in runs[name])
        print('| %s | %.2f / %.2f s | %.2fx | %.0f ms | %.1f MB |' % (
            name, cpus[0], statistics.median(cpus), cpus[0] / base,
            1000 * min(wall for _, wall, _ in loads[name]),
            max(rss for _, _, rss in runs[name]) / 1024))


if __name__ == '__main__':
    main()
