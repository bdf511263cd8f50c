"""kwx.dask: keyword extraction over Dask bags and DataFrame columns.

Checked against two references: the per-line API (kwx.analyse.TFIDF.extract_tags, itself tested
against jieba elsewhere) and the bytes `kwx extract` writes. On a distributed.LocalCluster of two
worker processes, and on a separately started `dask scheduler` with two `dask worker` processes,
which the test starts and always stops, by process group. Skipped only when distributed is not
installed (scripts/setup.sh installs python3-distributed, so CI runs them).
"""
import collections
import contextlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

distributed = pytest.importorskip('distributed', reason='needs dask.distributed '
                                  '(apt-get install python3-distributed)')
dask = pytest.importorskip('dask')
import dask.bag  # noqa: E402
import dask.dataframe  # noqa: E402
import pandas  # noqa: E402

import kwx  # noqa: E402
import kwx.analyse  # noqa: E402
import kwx.dask  # noqa: E402

# Functions of this module sent to workers (the load counters below) travel by value: the
# separately started workers cannot import this test file.
import cloudpickle  # noqa: E402
cloudpickle.register_pickle_by_value(sys.modules[__name__])

# As ctest sets them (tests/python/CMakeLists.txt), else the repository's layout.
SOURCE_DIR = os.environ.get('KWX_SOURCE_DIR') or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
KWX_CLI = os.environ.get('KWX_CLI') or os.path.join(SOURCE_DIR, 'build', 'bin', 'kwx')
MESSAGE = os.path.join(SOURCE_DIR, 'samples', 'message.txt')
STOP_WORDS = os.path.join(SOURCE_DIR, 'samples', 'stop_words_zh.txt')
# Small against the test corpus, so that it is cut into many partitions, some of them empty.
BLOCKSIZE = 16 * 1024
DASK_BIN = '/usr/bin/dask'


# --- inputs and references ------------------------------------------------------------------

@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    """About 300 KB of samples/message.txt's lines, recombined, with every line-end case of the
    CLI: '\\n', '\\r\\n', a lone '\\r' inside a line, invalid UTF-8, empty lines, a line longer
    than BLOCKSIZE (read_text then makes empty partitions), and a last line ending in '\\r'
    without '\\n'."""
    with open(MESSAGE, 'rb') as f:
        sentences = [s for s in f.read().split(b'\n') if s.strip()]
    rng = random.Random(5)
    out = []
    while sum(map(len, out)) < 300_000:
        line = b''.join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
        kind = rng.randrange(12)
        if kind == 0:
            line = b''
        elif kind == 1:
            line += b'\r'                                   # '\r\n': the '\r' is not text
        elif kind == 2:
            cut = rng.randrange(len(line) // 3) * 3        # sentences are 3-byte Han mostly
            line = line[:cut] + b'\r' + line[cut:]          # 1 line for the CLI, 2 for read_text
        elif kind == 3:
            line = line[:7] + b'\xff\xe4\xb8' + line[7:]    # invalid and truncated UTF-8
        out.append(line)
    long_line = b''.join(sentences) * (2 * BLOCKSIZE // len(b''.join(sentences)) + 1)
    out.insert(len(out) // 2, long_line)
    data = b'\n'.join(out) + b'\n' + sentences[0] + b'\r'
    # The cases this corpus is for are really in it.
    assert b'\r\n' in data and b'\xff' in data and b'\n\n' in data
    assert any(b'\r' in line[:-1] for line in out)
    assert len(long_line) > BLOCKSIZE
    path = tmp_path_factory.mktemp('dask_corpus') / 'corpus.txt'
    path.write_bytes(data)
    return str(path)


@pytest.fixture(scope='module')
def adversarial(tmp_path_factory):
    """tests/oracle/adversarial.py's text (control characters, invalid UTF-8, odd whitespace, ...)
    with its own IDF table and stop words."""
    out = tmp_path_factory.mktemp('dask_adversarial')
    subprocess.run([sys.executable, os.path.join(SOURCE_DIR, 'tests', 'oracle', 'adversarial.py'),
                    '--out-dir', str(out), '--random-lines', '300'],
                   check=True, stderr=subprocess.DEVNULL)
    return {name: str(out / f'adversarial{suffix}.txt')
            for name, suffix in (('text', ''), ('idf', '_idf'), ('stop', '_stop'))}


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def cli(path, out, topK, withWeight=False, stop_words=None, idf_path=None):
    """What `kwx extract` writes for these options."""
    args = [KWX_CLI, 'extract', path, '-o', str(out), '-k', str(topK), '-q']
    if withWeight:
        args.append('--with-weight')
    if stop_words:
        args += ['--stop-words', stop_words]
    if idf_path:
        args += ['--idf', idf_path]
    subprocess.run(args, check=True)
    return read_bytes(out)


def cli_lines(data):
    """bytes -> the lines `kwx extract` sees (README, "Lines"), independently of dask: split at
    '\n', a '\r' right before a '\n' dropped (a last line's final '\r' is kept), invalid UTF-8
    replaced."""
    pieces = data.split(b'\n')
    last = pieces.pop()
    lines = [p[:-1] if p.endswith(b'\r') else p for p in pieces] + ([last] if last else [])
    return [line.decode('utf-8', 'replace') for line in lines]


def per_line(path, topK, withWeight=False, stop_words=None, idf_path=None):
    """The per-line API on the CLI's lines."""
    tfidf = kwx.analyse.TFIDF(idf_path)
    if stop_words:
        tfidf.set_stop_words(stop_words)
    return [tfidf.extract_tags(line, topK=topK, withWeight=withWeight)
            for line in cli_lines(read_bytes(path))]


def partition_sizes(bag):
    return bag.map_partitions(lambda part: [len(list(part))]).compute()


# --- clusters -------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def local_client(tmp_path_factory):
    work = tmp_path_factory.mktemp('dask_local')
    # dashboard_address=None turns the dashboard off, but the scheduler still serves HTTP (health,
    # metrics) on *:8787; keep it on a free loopback port, as everything else here.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host='127.0.0.1', dashboard_address=None,
                                  scheduler_kwargs={'dashboard_address': '127.0.0.1:0'},
                                  local_directory=str(work)) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def _stop(procs):
    # Each was started in a session of its own: its process group holds it and whatever it
    # started (a `dask worker` runs the worker in a child of its nanny), and nothing else.
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 20
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(p.pid, signal.SIGKILL)   # a nanny's child outliving its parent, or a hang
        except ProcessLookupError:
            pass
        p.wait()


@contextlib.contextmanager
def started_cluster(work):
    """`dask scheduler` on a free port of 127.0.0.1 and two `dask worker` processes (one thread
    each) that import this kwx; yields the scheduler's address. Stops them all on exit, failures
    included."""
    if not os.access(DASK_BIN, os.X_OK):
        pytest.fail(f'{DASK_BIN} is missing: python3-distributed installs it')
    scheduler_file = work / 'scheduler.json'
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(kwx.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (package_root, os.environ.get('PYTHONPATH')) if p))
    procs = []
    logs = []

    def start(name, args):
        log = open(work / f'{name}.log', 'wb')
        logs.append(log)
        procs.append(subprocess.Popen([DASK_BIN, *args], cwd=work, env=env,
                                      stdin=subprocess.DEVNULL, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True))

    def all_logs():
        return '\n'.join(f'--- {p.name}\n' + p.read_text(errors='replace')
                         for p in sorted(work.glob('*.log')))

    try:
        # Port 0: the OS picks a free port and the scheduler file says which. --idle-timeout and
        # --death-timeout end the processes by themselves should this process be killed before
        # it can stop them.
        # --dashboard-address: the HTTP endpoints that --no-dashboard leaves, on loopback too.
        start('scheduler', ['scheduler', '--host', '127.0.0.1', '--port', '0', '--no-dashboard',
                            '--dashboard-address', '127.0.0.1:0',
                            '--scheduler-file', str(scheduler_file), '--idle-timeout', '600'])
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            if procs[0].poll() is not None or time.monotonic() > deadline:
                pytest.fail('dask scheduler did not start:\n' + all_logs())
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())['address']
        for i in range(2):
            start(f'worker{i}', ['worker', address, '--name', f'kwx-test-{i}', '--nthreads', '1',
                                 '--host', '127.0.0.1', '--no-dashboard',
                                 '--dashboard-address', '127.0.0.1:0', '--death-timeout', '60',
                                 '--local-directory', str(work)])
        yield address
    finally:
        _stop(procs)
        for log in logs:
            log.close()


def ended(pid):
    """Whether process `pid` has ended (a zombie waiting for a parent that is not us counts)."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] == 'Z'
    except FileNotFoundError:
        return True


# --- counting data loads in the workers -----------------------------------------------------

def _install_counters():
    """In a worker: forget loaded data and count loads and batch calls from now on."""
    from kwx import _models
    from kwx.analyse import TFIDF
    counts = {'loads': 0, 'batches': 0, 'pid': os.getpid()}
    ext = _models._kwx
    if not hasattr(ext, '_kwx_test_originals'):
        ext._kwx_test_originals = {name: getattr(ext, name) for name in
                                   ('load_data', 'load_dictionary')}
        ext._kwx_test_batch = TFIDF.extract_tags_batch

    def counting(load):
        def wrapper(*args, **kwargs):
            counts['loads'] += 1
            return load(*args, **kwargs)
        return wrapper

    for name, load in ext._kwx_test_originals.items():
        setattr(ext, name, counting(load))
    batch = ext._kwx_test_batch

    def counting_batch(self, *args, **kwargs):
        counts['batches'] += 1
        return batch(self, *args, **kwargs)

    TFIDF.extract_tags_batch = counting_batch
    _models._cache.clear()
    _models._kwx_test_counts = counts


def _read_counters():
    from kwx import _models
    return dict(_models._kwx_test_counts)


def assert_one_load_per_process(client, npartitions):
    counts = list(client.run(_read_counters).values())
    assert len({c['pid'] for c in counts}) == len(counts) and os.getpid() not in [
        c['pid'] for c in counts]
    assert sum(c['batches'] for c in counts) == npartitions
    busy = [c for c in counts if c['batches']]
    # Each worker process that ran tasks loaded the dictionary once, however many tasks it ran.
    assert busy and all(c['loads'] == 1 for c in busy), counts
    assert max(c['batches'] for c in busy) >= 2, counts


# --- tests ----------------------------------------------------------------------------------

def test_read_lines_splits_lines_as_the_cli(corpus):
    want = cli_lines(read_bytes(corpus))
    for blocksize in (None, BLOCKSIZE):
        lines = kwx.dask.read_lines(corpus, blocksize=blocksize)
        got = lines.map(kwx.dask._strip_line_end).compute(scheduler='sync')
        assert got == want
    # Why read_lines exists: read_text's default universal newlines also split at a lone '\r'.
    assert dask.bag.read_text(corpus, encoding='utf-8', errors='replace').count().compute(
        scheduler='sync') > len(want)


@pytest.mark.parametrize('topK,withWeight,stop_words', [
    (100, False, None),
    (20, True, STOP_WORDS),
])
def test_bag_on_local_cluster(local_client, corpus, tmp_path, topK, withWeight, stop_words):
    lines = kwx.dask.read_lines(corpus, blocksize=BLOCKSIZE)
    sizes = partition_sizes(lines)
    assert len(sizes) >= 8 and 0 in sizes   # many partitions, and empty ones (the long line)
    local_client.run(_install_counters)
    tags = kwx.dask.extract_tags(lines, topK=topK, withWeight=withWeight, stop_words=stop_words)
    assert tags.compute() == per_line(corpus, topK, withWeight, stop_words)
    assert_one_load_per_process(local_client, lines.npartitions)

    out = kwx.dask.to_text(tags, str(tmp_path / 'tags.txt'), withWeight=withWeight)
    assert read_bytes(out) == cli(corpus, tmp_path / 'cli.txt', topK, withWeight, stop_words)
    assert sorted(os.listdir(tmp_path)) == ['cli.txt', 'tags.txt']   # no temporary file left


def test_pos_based_options_on_local_cluster(local_client, corpus, tmp_path):
    # textrank, extract_tags with allowPOS/withFlag and posseg: the per-line API's results, and
    # the bytes of the CLI's --method textrank / --allow-pos --with-flag.
    import kwx.posseg
    lines = kwx.dask.read_lines(corpus, blocksize=BLOCKSIZE)
    texts = cli_lines(read_bytes(corpus))
    ranked = kwx.dask.textrank(lines, topK=10, withWeight=True, stop_words=STOP_WORDS)
    tr = kwx.analyse.TextRank()
    tr.set_stop_words(STOP_WORDS)
    assert ranked.compute() == [tr.textrank(t, topK=10, withWeight=True) for t in texts]
    out = kwx.dask.to_text(ranked, str(tmp_path / 'tr.txt'), withWeight=True)
    subprocess.run([KWX_CLI, 'extract', corpus, '-o', str(tmp_path / 'tr_cli.txt'), '-q', '-k', '10',
                    '--with-weight', '--method', 'textrank', '--stop-words', STOP_WORDS], check=True)
    assert read_bytes(out) == read_bytes(tmp_path / 'tr_cli.txt')

    flagged = kwx.dask.extract_tags(lines, topK=20, allowPOS=('n', 'v', 'ns'), withFlag=True)
    assert flagged.compute() == [kwx.analyse.extract_tags(t, allowPOS=('n', 'v', 'ns'), withFlag=True)
                                 for t in texts]
    out = kwx.dask.to_text(flagged, str(tmp_path / 'flag.txt'))
    subprocess.run([KWX_CLI, 'extract', corpus, '-o', str(tmp_path / 'flag_cli.txt'), '-q',
                    '--allow-pos', 'n,v,ns', '--with-flag'], check=True)
    assert read_bytes(out) == read_bytes(tmp_path / 'flag_cli.txt')

    tagged = kwx.dask.posseg(lines, HMM=False).compute()
    assert tagged == [kwx.posseg.lcut(t, HMM=False) for t in texts]


def test_user_words_and_changed_tables_reach_the_workers(local_client, corpus, tmp_path):
    # A TFIDF over a Tokenizer with a user dictionary (a file, which travels as its bytes),
    # add_word/del_word, and changed stop_words and idf_freq: the workers, in other processes,
    # give what this process gives, and the words matter.
    import kwx.posseg
    texts = cli_lines(read_bytes(corpus))
    words = sorted({t[i:i + 4] for t in texts[:200] for i in range(0, len(t) - 4, 7)
                    if '\ufffd' not in t[i:i + 4]})
    user_dict = tmp_path / 'user.txt'
    user_dict.write_text(''.join('%s %d nz\n' % (w, 5 + i % 97) for i, w in enumerate(words)),
                         encoding='utf-8')
    tok = kwx.Tokenizer()
    tok.load_userdict(str(user_dict))
    tok.add_word(words[0], 99999, 'nz')
    tok.del_word(words[1])
    tfidf = kwx.analyse.TFIDF()
    tfidf.tokenizer = tok
    tfidf.postokenizer = kwx.posseg.POSTokenizer(tok)
    # The most frequent first keywords become a stop word and a word with a new IDF.
    firsts = collections.Counter(r[0] for r in tfidf.extract_tags_batch(texts, topK=1) if r)
    (stop, _), (reweighted, _) = firsts.most_common(2)
    tfidf.stop_words.add(stop)
    tfidf.idf_freq[reweighted] = 42.0
    lines = kwx.dask.read_lines(corpus, blocksize=BLOCKSIZE)
    for allow_pos in ((), ('n', 'nz', 'v')):
        got = kwx.dask.extract_tags(lines, topK=20, withWeight=True, allowPOS=allow_pos,
                                    tfidf=tfidf).compute()
        expected = [tfidf.extract_tags(t, topK=20, withWeight=True, allowPOS=allow_pos)
                    for t in texts]
        assert got == expected
        keywords = [w for r in expected for w, _ in r]
        assert stop not in keywords
        assert reweighted in keywords or allow_pos   # (its tag may not be allowed)
        plain = [kwx.analyse.TFIDF().extract_tags(t, topK=20, withWeight=True, allowPOS=allow_pos)
                 for t in texts]
        assert sum(a != b for a, b in zip(expected, plain)) > len(texts) // 10


def test_adversarial_input_with_idf_and_stop_words(local_client, adversarial, tmp_path):
    lines = kwx.dask.read_lines(adversarial['text'], blocksize=BLOCKSIZE)
    tags = kwx.dask.extract_tags(lines, topK=0, withWeight=True, idf_path=adversarial['idf'],
                                 stop_words=[adversarial['stop']])
    out = kwx.dask.to_text(tags, str(tmp_path / 'tags.txt'), withWeight=True)
    assert read_bytes(out) == cli(adversarial['text'], tmp_path / 'cli.txt', 0, True,
                                  adversarial['stop'], adversarial['idf'])


def test_dataframe_column(local_client, tmp_path):
    with open(MESSAGE, encoding='utf-8') as f:
        texts = [line.rstrip('\n') for line in f]
    texts += ['', None, float('nan'), '  \r\n  ']
    # An index that is neither 0..n-1 nor in row order: the result must follow it, not positions.
    index = [1000 - 7 * i for i in range(len(texts))]
    frame = pandas.DataFrame({'id': range(len(texts)), 'text': texts}, index=index)
    ddf = dask.dataframe.from_pandas(frame, npartitions=3, sort=False)
    tfidf = kwx.analyse.TFIDF()
    tfidf.set_stop_words(STOP_WORDS)
    want = [tfidf.extract_tags(t if isinstance(t, str) else '', topK=10) for t in texts]

    got = kwx.dask.extract_tags_column(ddf, column='text', topK=10, stop_words=STOP_WORDS)
    assert isinstance(got, dask.dataframe.Series)
    result = got.compute()
    assert result.name == 'text' and list(result.index) == index
    assert result.tolist() == want
    # A Series works the same, and to_text writes it in index order, as the CLI would the lines.
    series = kwx.dask.extract_tags_column(ddf['text'], topK=10, stop_words=STOP_WORDS)
    assert series.compute().tolist() == want
    out = kwx.dask.to_text(series, str(tmp_path / 'tags.txt'))
    assert read_bytes(out) == ''.join(kwx.format_tags(t) + '\n' for t in want).encode('utf-8')

    # read_csv: an empty field is NaN, an empty document.
    csv = tmp_path / 'docs.csv'
    frame.to_csv(csv, index=False)
    from_csv = kwx.dask.extract_tags_column(dask.dataframe.read_csv(str(csv)), column='text',
                                            topK=10, stop_words=STOP_WORDS, withWeight=True)
    csv_texts = pandas.read_csv(csv)['text'].tolist()
    assert from_csv.compute().tolist() == [
        tfidf.extract_tags(t if isinstance(t, str) else '', topK=10, withWeight=True)
        for t in csv_texts]

    with pytest.raises(ValueError):
        kwx.dask.extract_tags_column(ddf)
    with pytest.raises(ValueError):
        kwx.dask.extract_tags_column(ddf['text'], column='id')


def test_to_text_on_local_schedulers(corpus, tmp_path):
    # No distributed client: the same bytes with the threaded and the synchronous scheduler.
    want = cli(corpus, tmp_path / 'cli.txt', 50)
    tags = kwx.dask.extract_tags(kwx.dask.read_lines(corpus, blocksize=BLOCKSIZE), topK=50)
    for scheduler in ('threads', 'sync'):
        with dask.config.set(scheduler=scheduler):
            out = kwx.dask.to_text(tags, str(tmp_path / f'{scheduler}.txt'))
        assert read_bytes(out) == want

    # Not a regular file (a FIFO here, /dev/stdout for a user): written in place, not replaced.
    fifo = tmp_path / 'fifo'
    os.mkfifo(fifo)
    got = []
    # A daemon thread: should to_text replace the FIFO instead, the reader would wait forever.
    reader = threading.Thread(target=lambda: got.append(read_bytes(fifo)), daemon=True)
    reader.start()
    with dask.config.set(scheduler='threads'):
        kwx.dask.to_text(tags, str(fifo))
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got == [want]


def test_to_text_failure_leaves_no_output(tmp_path):
    # The second partition fails (not a text): nothing is written, an existing file is kept.
    tags = kwx.dask.extract_tags(dask.bag.from_sequence(['今天天气不错\n', 3], npartitions=2))
    path = tmp_path / 'tags.txt'
    with dask.config.set(scheduler='sync'):
        with pytest.raises(Exception):
            kwx.dask.to_text(tags, str(path))
        assert os.listdir(tmp_path) == []
        path.write_bytes(b'old\n')
        with pytest.raises(Exception):
            kwx.dask.to_text(tags, str(path))
    assert os.listdir(tmp_path) == ['tags.txt'] and path.read_bytes() == b'old\n'


def test_separately_started_scheduler_and_workers(corpus, tmp_path):
    work = tmp_path / 'cluster'
    work.mkdir()
    with started_cluster(work) as address:
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            # The processes that run tasks: children of the `dask worker` nannies.
            worker_pids = list(client.run(os.getpid).values())
            assert len(worker_pids) == 2 and os.getpid() not in worker_pids
            client.run(_install_counters)
            lines = kwx.dask.read_lines(corpus, blocksize=BLOCKSIZE)
            tags = kwx.dask.extract_tags(lines, topK=100, stop_words=STOP_WORDS)
            out = kwx.dask.to_text(tags, str(tmp_path / 'tags.txt'))
            assert read_bytes(out) == cli(corpus, tmp_path / 'cli.txt', 100, False, STOP_WORDS)
            assert_one_load_per_process(client, lines.npartitions)
    # Stopped: no process of the cluster is left, the workers' own processes included.
    deadline = time.monotonic() + 10
    while not all(ended(pid) for pid in worker_pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(ended(pid) for pid in worker_pids)
