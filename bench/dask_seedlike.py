#!/usr/bin/python3
"""The classic job on Dask: the top-K keywords of every line of a corpus, written as `kwx extract`
writes them; timed, and optionally checked byte for byte against the CLI.

Without --scheduler it starts a LocalCluster of --workers processes with --threads each (default
2 and 1) on this machine; with --scheduler tcp://host:8786 it runs on that cluster, whose workers
must be able to import kwx and read INPUT (and the stop-word files) under the same path; the
output is written here, by the client.

usage: PYTHONPATH=build/python /usr/bin/python3 bench/dask_seedlike.py [INPUT] [-o OUTPUT]
           [--scheduler ADDRESS | --workers N --threads N] [-k N] [--stop-words FILE]
           [--blocksize 1MiB] [--jobs N] [--repeat N] [--kwx build/bin/kwx]

INPUT defaults to /tmp/kwx-bench/corpora/seedlike.txt (/work/shared/bench/make_corpora.sh builds
it). With --kwx, the CLI runs the same job too (`kwx extract INPUT -k N`, all cores), its output is
compared with Dask's (the bytes, as cmp does) and both times are printed; the exit code is 1 if
they differ.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

DEFAULT_INPUT = '/tmp/kwx-bench/corpora/seedlike.txt'


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run_dask(args, output):
    import kwx.dask
    start = time.perf_counter()
    lines = kwx.dask.read_lines(args.input, blocksize=args.blocksize)
    tags = kwx.dask.extract_tags(lines, topK=args.topk, stop_words=args.stop_words,
                                 jobs=args.jobs)
    kwx.dask.to_text(tags, output)
    return time.perf_counter() - start, lines.npartitions


def run_cli(args, output):
    cmd = [args.kwx, 'extract', args.input, '-o', output, '-k', str(args.topk), '-q']
    for path in args.stop_words:
        cmd += ['--stop-words', path]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def same_bytes(a, b):
    with open(a, 'rb') as fa, open(b, 'rb') as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('input', nargs='?', default=DEFAULT_INPUT)
    parser.add_argument('-o', '--output', help='default: INPUT without extension + _dask_tags.txt')
    parser.add_argument('--scheduler', help='address of a running scheduler, tcp://host:8786')
    parser.add_argument('--workers', type=int, default=2, help='LocalCluster worker processes')
    parser.add_argument('--threads', type=int, default=1, help='LocalCluster threads per worker')
    parser.add_argument('-k', '--topk', type=int, default=100)
    parser.add_argument('--stop-words', action='append', default=[], metavar='FILE')
    parser.add_argument('--blocksize', default='1MiB', help="bytes per partition ('none': one "
                        "partition per file)")
    parser.add_argument('--jobs', type=int, default=1, help='C++ threads per task (0: all cores)')
    parser.add_argument('--repeat', type=int, default=1, help='runs; the fastest is reported')
    parser.add_argument('--kwx', help='the kwx CLI, to compare with')
    args = parser.parse_args()
    if not os.path.isfile(args.input):
        parser.error(f'{args.input}: no such file (build it with '
                     f'/work/shared/bench/make_corpora.sh)')
    if args.blocksize.lower() == 'none':
        args.blocksize = None
    args.input = os.path.abspath(args.input)   # the workers may run in another directory
    args.stop_words = [os.path.abspath(p) for p in args.stop_words]
    output = args.output or os.path.splitext(args.input)[0] + '_dask_tags.txt'

    import distributed
    start = time.perf_counter()
    if args.scheduler:
        client = distributed.Client(args.scheduler)
        cluster = None
    else:
        cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=args.threads,
                                           processes=True, host='127.0.0.1',
                                           dashboard_address=None,
                                           scheduler_kwargs={'dashboard_address': '127.0.0.1:0'})
        client = distributed.Client(cluster)
    try:
        startup = time.perf_counter() - start
        workers = client.scheduler_info()['workers']
        threads = sum(w['nthreads'] for w in workers.values())
        log(f'cluster: {len(workers)} workers, {threads} threads, ready in {startup:.2f} s')
        times = []
        for _ in range(args.repeat):
            seconds, partitions = run_dask(args, output)
            times.append(seconds)
        size = os.path.getsize(args.input)
        best = min(times)
        print(f'dask: {best:.3f} s ({size / best / 1e6:.1f} MB/s), {partitions} partitions, '
              f'topK={args.topk}, jobs={args.jobs} -> {output}')
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    if args.kwx:
        with tempfile.TemporaryDirectory() as tmp:
            cli_output = os.path.join(tmp, 'cli_tags.txt')
            cli_times = [run_cli(args, cli_output) for _ in range(args.repeat)]
            cli_best = min(cli_times)
            same = same_bytes(output, cli_output)
        print(f'cli:  {cli_best:.3f} s ({size / cli_best / 1e6:.1f} MB/s), all cores')
        print(f'output: {"byte-identical to" if same else "DIFFERENT from"} `kwx extract -k '
              f'{args.topk}`')
        return 0 if same else 1
    return 0


if __name__ == '__main__':   # LocalCluster starts worker processes that import this file
    sys.exit(main())
