#!/usr/bin/python3
"""End-to-end tests of the kwx CLI's batch behaviour: the default output name, the same output for
every -j, one output line per input line (also for a million lines and for one 200 MB line),
SIGINT/SIGTERM, write errors, `kwx bench`, and the progress bar.

usage: /usr/bin/python3 batch_cli_test.py --kwx PATH_TO_KWX [unittest args]
Set KWX_SLOW_TESTS=1 to also run the slow cases (a bigger -j comparison).
"""
import errno
import fcntl
import json
import os
import pty
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

KWX = None
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
SAMPLE = os.path.join(ROOT, 'samples', 'message.txt')
ADVERSARIAL = os.path.join(ROOT, 'tests', 'oracle', 'adversarial.py')
SLOW = os.environ.get('KWX_SLOW_TESTS') == '1'
SENTENCE = '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。'

_TMP = None      # module-wide scratch directory
_CACHE = {}      # generated inputs, by name


def tmp():
    global _TMP
    if _TMP is None:
        _TMP = tempfile.mkdtemp(prefix='kwx-batch-cli-')
    return _TMP


def tearDownModule():
    if _TMP:
        shutil.rmtree(_TMP, ignore_errors=True)


def run(*args, stdin=b'', check_code=0, cwd=None, timeout=300):
    p = subprocess.run([KWX, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=cwd, timeout=timeout)
    if check_code is not None and p.returncode != check_code:
        raise AssertionError(f"kwx {' '.join(args)} exited {p.returncode}, wanted {check_code}\n"
                             f"stderr: {p.stderr.decode(errors='replace')}")
    return p


def run_all(*calls):
    """Runs several kwx commands at once (each one loads the data); every call is a
    tuple of arguments, optionally followed by a dict of run()'s keyword arguments."""
    def one(call):
        if call and isinstance(call[-1], dict):
            return run(*call[:-1], **call[-1])
        return run(*call)
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as ex:
        return list(ex.map(one, calls))


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def sanitized_binary():
    """Whether the kwx under test was built with ASan or TSan (their runtimes reserve terabytes
    of address space, so they cannot start under RLIMIT_AS)."""
    with open(KWX, 'rb') as f:
        data = f.read()
    return b'__asan_init' in data or b'__tsan_init' in data


def writing_output(pid, directory):
    """Whether process `pid` has a file of `directory` open for its output: an unnamed O_TMPFILE
    file (shown as '<dir>/#<inode> (deleted)' in /proc/PID/fd) or a named temporary one."""
    directory = os.path.realpath(directory)
    try:
        fds = os.listdir(f'/proc/{pid}/fd')
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(f'/proc/{pid}/fd/{fd}')
        except OSError:
            continue
        if os.path.dirname(target) == directory and (
                target.startswith(directory + '/#') or '.kwx-' in target):
            return True
    return False


def count_lines(b):
    """Lines as kwx splits them: a last line without '\\n' counts."""
    return b.count(b'\n') + (1 if b and not b.endswith(b'\n') else 0)


def one_line(test, stderr):
    text = stderr.decode(errors='replace')
    test.assertEqual(len(text.strip().split('\n')), 1, f'stderr is not one line: {text!r}')
    test.assertTrue(text.startswith('kwx: '), text)
    return text


def sample_lines():
    with open(SAMPLE, encoding='utf-8') as f:
        return [l for l in f.read().split('\n') if l]


def realish_text(size, seed):
    """samples/message.txt's sentences cut, joined, mixed with ASCII, numbers, blanks, \\r\\n,
    empty lines and (rarely) invalid UTF-8; about `size` bytes, deterministic."""
    rng = random.Random(seed)
    lines = sample_lines()
    extras = ['C++', 'Python3', 'iPhone 15', '12.3%', 'e-mail', '  ', '\t', '😀', '《红楼梦》',
              'the quick brown fox', '中华人民共和国', '南京市长江大桥', '１２３']
    out, n = [], 0
    while n < size:
        k = rng.random()
        if k < 0.03:
            b = b''
        else:
            parts = []
            for _ in range(rng.randint(1, 3)):
                l = rng.choice(lines)
                i = rng.randint(0, len(l) // 2)
                parts.append(l[i:i + rng.randint(1, len(l))])
                if rng.random() < 0.3:
                    parts.append(rng.choice(extras))
            if rng.random() < 0.2:
                parts.append(str(rng.randint(0, 10 ** 6)))
            b = ''.join(parts).encode()
            if rng.random() < 0.005:
                b = b[:3] + b'\xff' + b[3:]
        b += b'\r\n' if rng.random() < 0.05 else b'\n'
        out.append(b)
        n += len(b)
    return b''.join(out)


def corpus():
    """A few MB of real-ish text plus the adversarial generator's lines (if it runs here)."""
    if 'corpus' not in _CACHE:
        data = realish_text(3_000_000, 1)
        adv_dir = os.path.join(tmp(), 'adversarial')
        p = subprocess.run([sys.executable, ADVERSARIAL, '--out-dir', adv_dir],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode == 0:
            adv = read(os.path.join(adv_dir, 'adversarial.txt'))
            if not adv.endswith(b'\n'):
                adv += b'\n'
            data += adv + realish_text(500_000, 2)
        else:
            print(f'(adversarial.py failed, not used: {p.stderr.decode(errors="replace")[-300:]})',
                  file=sys.stderr)
        _CACHE['corpus'] = write(os.path.join(tmp(), 'corpus.txt'), data)
    return _CACHE['corpus']


def repeated_file(name, megabytes, seed):
    """A file of `megabytes` copies of one MiB of real-looking lines, made once per run."""
    if name not in _CACHE:
        block = realish_text(1 << 20, seed).replace(b'\xff', b'')  # no repair message on stderr
        path = os.path.join(tmp(), name + '.txt')
        with open(path, 'wb') as f:
            for _ in range(megabytes):
                f.write(block)
        _CACHE[name] = path
    return _CACHE[name]


def big_file():
    """~200 MB of lines: long enough that a run lasts well over a second."""
    return repeated_file('big', 200, 3)


def medium_file():
    """~25 MB of lines, for the progress bar (a run of a few tenths of a second on one thread;
    the bar is drawn every 0.1 s)."""
    return repeated_file('medium', 25, 4)


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory(prefix='kwx-batch-')
        self.d = self._dir.name

    def tearDown(self):
        self._dir.cleanup()

    def path(self, name, content=None):
        p = os.path.join(self.d, name)
        if content is not None:
            os.makedirs(os.path.dirname(p), exist_ok=True)
            write(p, content)
        return p

    def listing(self, d=None):
        return sorted(os.listdir(d or self.d))


# ------------------------------------------------------------------------- output names
class DefaultOutputName(TempDirTest):
    def test_message_txt_gives_message_tags_txt(self):
        src = self.path('message.txt', read(SAMPLE))
        want, p = run_all(('extract', src, '-o', '-'), ('extract', src, {'cwd': tempfile.gettempdir()}))
        want = want.stdout
        self.assertEqual(p.stdout, b'', 'nothing on stdout when writing the file')
        self.assertEqual(self.listing(), ['message.txt', 'message_tags.txt'])
        self.assertEqual(read(self.path('message_tags.txt')), want)
        self.assertEqual(count_lines(want), count_lines(read(SAMPLE)))

    def test_relative_input_path_and_existing_output_replaced(self):
        self.path('m.txt', SENTENCE + '\n')
        self.path('m_tags.txt', 'old content\n' * 100)
        run('extract', 'm.txt', '-k', '1', cwd=self.d)
        self.assertEqual(read(self.path('m_tags.txt')), b'CEO\n')
        self.assertEqual(self.listing(), ['m.txt', 'm_tags.txt'])

    def test_names(self):
        cases = {
            'a.b.txt': 'a.b_tags.txt',
            'noext': 'noext_tags.txt',
            '.hidden': '.hidden_tags.txt',
            'x.d/noext': 'x.d/noext_tags.txt',   # a dot in the directory is not an extension
        }
        run_all(*[('extract', self.path(name, SENTENCE + '\n'), '-k', '1') for name in cases])
        for name, tags in cases.items():
            with self.subTest(name=name):
                self.assertTrue(os.path.isfile(self.path(tags)), f'{tags} not written for {name}: '
                                f'{self.listing(os.path.dirname(self.path(tags)))}')
                self.assertEqual(read(self.path(tags)), b'CEO\n')

    def test_dash_o_dash_is_stdout(self):
        src = self.path('message.txt', SENTENCE + '\n')
        p = run('extract', src, '-o', '-', '-k', '1')
        self.assertEqual(p.stdout, b'CEO\n')
        self.assertEqual(self.listing(), ['message.txt'])

    def test_stdin_goes_to_stdout(self):
        p = run('extract', '-', '-k', '1', stdin=(SENTENCE + '\n').encode(), cwd=self.d)
        self.assertEqual(p.stdout, b'CEO\n')
        self.assertEqual(self.listing(), [])

    def test_output_may_be_the_input(self):
        # The input is read to the end before the temporary output replaces it.
        src = self.path('m.txt', (SENTENCE + '\n') * 3)
        run('extract', src, '-o', src, '-k', '1')
        self.assertEqual(read(src), b'CEO\n' * 3)
        self.assertEqual(self.listing(), ['m.txt'])

    def test_cut_writes_stdout_by_default(self):
        src = self.path('in.txt', '我来到北京清华大学\n')
        p = run('cut', src)
        self.assertEqual(p.stdout.decode(), '我 / 来到 / 北京 / 清华大学\n')
        self.assertEqual(self.listing(), ['in.txt'])


# -------------------------------------------------------------------------- -j invariance
class JobsInvariance(unittest.TestCase):
    VARIANTS = [
        ('extract text', ['extract']),
        ('extract jsonl weights', ['extract', '-k', '100', '--with-weight', '--format', 'jsonl']),
        ('cut text', ['cut']),
    ]

    def test_j1_j2_j8_byte_identical(self):
        src = corpus()
        data = read(src)
        nlines = count_lines(data)
        self.assertGreater(len(data), 3_000_000)
        jobs = ('1', '2', '8')
        calls = [(*args, src, '-o', '-', '-j', j) for _, args in self.VARIANTS for j in jobs]
        # stdin (a pipe: unknown size, short reads) gives the same bytes.
        calls.append((*self.VARIANTS[1][1], '-', '-j', '2', {'stdin': data}))
        results = [p.stdout for p in run_all(*calls)]
        for i, (name, args) in enumerate(self.VARIANTS):
            with self.subTest(variant=name):
                outs = dict(zip(jobs, results[3 * i:3 * i + 3]))
                self.assertTrue(outs['1'] == outs['2'], f'{name}: -j1 and -j2 differ')
                self.assertTrue(outs['1'] == outs['8'], f'{name}: -j1 and -j8 differ')
                self.assertEqual(count_lines(outs['1']), nlines)
        self.assertTrue(results[-1] == results[3], 'stdin and file input differ')

    def test_file_output_equals_stdout(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'out.txt')
            src = corpus()
            _, want = run_all(('extract', src, '-o', out, '-j', '8', '--format', 'jsonl', '--with-weight'),
                              ('extract', src, '-o', '-', '-j', '1', '--format', 'jsonl', '--with-weight'))
            want = want.stdout
            self.assertTrue(read(out) == want)
            self.assertEqual(sorted(os.listdir(d)), ['out.txt'])

    @unittest.skipUnless(SLOW, 'KWX_SLOW_TESTS=1')
    def test_j1_j8_on_200mb(self):
        src = big_file()
        a = run('extract', src, '-o', '-', '-j', '1').stdout
        b = run('extract', src, '-o', '-', '-j', '8').stdout
        self.assertTrue(a == b)


# ------------------------------------------------------------------------------ line counts
class LineCounts(TempDirTest):
    def check(self, data, name='in.txt'):
        src = self.path(name, data)
        want = count_lines(data)
        _, cut = run_all(('extract', src), ('cut', '--format', 'jsonl', '-j', '8', src))
        out = read(self.path(os.path.splitext(name)[0] + '_tags.txt'))  # the default output file
        self.assertEqual(count_lines(out), want, 'extract')
        self.assertTrue(out == b'' or out.endswith(b'\n'))
        self.assertEqual(cut.stdout.count(b'\n'), want, 'cut')
        self.assertTrue(cut.stdout == b'' or cut.stdout.endswith(b'\n'))
        return out

    def test_empty_file(self):
        out = self.check(b'')
        self.assertEqual(out, b'')
        self.assertEqual(self.listing(), ['in.txt', 'in_tags.txt'])

    def test_no_final_newline(self):
        out = self.check(f'{SENTENCE}\n我来到北京清华大学'.encode())
        self.assertEqual(count_lines(out), 2)

    def test_only_newlines(self):
        out = self.check(b'\n\r\n\n')
        self.assertEqual(out, b'\n' * 3)

    def test_a_million_tiny_lines(self):
        words = [b'\xe4\xb8\xad\xe6\x96\x87\n', b'a\n', b'\n', b'1\n', '北京'.encode() + b'\n']
        data = b''.join(words[i % 5] for i in range(1_000_000))
        self.check(data, 'tiny.txt')

    def test_one_200mb_line(self):
        # About 10 s and 4 GB of memory for extract (one line is one worker's job).
        block = read(SAMPLE).replace(b'\n', ' '.encode())
        src = self.path('one.txt')
        with open(src, 'wb') as f:
            n = 0
            while n < 200_000_000:
                f.write(block)
                n += len(block)
        p = run('extract', src, '-j', '2', '-k', '5')
        out = read(self.path('one_tags.txt'))
        self.assertEqual(out.count(b'\n'), 1)
        self.assertEqual(len(out.split()), 5)
        self.assertEqual(p.stderr, b'')
        os.unlink(src)


# ---------------------------------------------------------------------------------- signals
class Signals(TempDirTest):
    """kwx opens its input and output (a temporary file next to the target) first, then loads the
    data, then runs. These tests signal during the run proper: they start kwx with -v and wait for
    its "data loaded" line on stderr."""

    def start(self, args, stdin=subprocess.DEVNULL):
        proc = subprocess.Popen([KWX, *args, '-v'], stdin=stdin, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, cwd=self.d)
        proc.err_lines = []
        proc.loaded = threading.Event()

        def read_stderr():
            for line in proc.stderr:
                proc.err_lines.append(line.decode(errors='replace').rstrip('\n'))
                if 'data loaded' in proc.err_lines[-1]:
                    proc.loaded.set()
            proc.loaded.set()  # (also when kwx ended without loading)

        proc.reader = threading.Thread(target=read_stderr, daemon=True)
        proc.reader.start()
        return proc

    def finish(self, proc, timeout):
        try:
            proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.reader.join(timeout=10)
            proc.stderr.close()

    def interrupt(self, sig, args, stdin=subprocess.DEVNULL):
        proc = self.start(args, stdin=stdin)
        try:
            self.assertTrue(proc.loaded.wait(timeout=60), 'kwx never finished loading')
            self.assertIsNone(proc.poll(), f'kwx ended before the run: {proc.err_lines}')
            time.sleep(0.3)
            self.assertIsNone(proc.poll(), 'the run ended before the signal: make the input bigger')
            self.assertTrue(writing_output(proc.pid, self.d),
                            'no output being written in the directory during the run')
            proc.send_signal(sig)
        finally:
            self.finish(proc, timeout=30)
        err = proc.err_lines
        self.assertEqual(proc.returncode, 128 + sig, err)
        self.assertEqual(len(err), 2, f'wanted "data loaded" and one error line: {err}')
        self.assertTrue(err[1].startswith('kwx: '), err)
        self.assertIn('interrupted', err[1])
        return proc

    def link_big(self):
        dst = self.path('big.txt')
        try:
            os.link(big_file(), dst)
        except OSError:
            shutil.copyfile(big_file(), dst)
        return dst

    def test_sigint_default_output(self):
        src = self.link_big()
        self.interrupt(signal.SIGINT, ['extract', src])  # -j0: all cores
        self.assertEqual(self.listing(), ['big.txt'])  # no big_tags.txt, no .big_tags.txt.kwx-*

    def test_sigterm_default_output_j8(self):
        src = self.link_big()
        self.interrupt(signal.SIGTERM, ['extract', src, '-j', '8', '--format', 'jsonl'])
        self.assertEqual(self.listing(), ['big.txt'])

    def test_sigterm_cut_with_output_file(self):
        src = self.link_big()
        self.interrupt(signal.SIGTERM, ['cut', src, '-o', 'cut_out.txt', '-j', '1'])
        self.assertEqual(self.listing(), ['big.txt'])

    def test_sigint_while_reading_a_busy_pipe(self):
        # Input from a pipe that keeps delivering lines: the run lasts as long as we feed it,
        # whatever the machine's speed.
        stop = threading.Event()
        r, w = os.pipe()

        def feed():
            block = realish_text(1 << 16, 5)
            try:
                while not stop.is_set():
                    os.write(w, block)
            except OSError:
                pass  # EPIPE once kwx has exited
            finally:
                os.close(w)

        feeder = threading.Thread(target=feed)
        feeder.start()
        try:
            self.interrupt(signal.SIGINT, ['extract', '-', '-o', 'out.txt'], stdin=r)
        finally:
            os.close(r)
            stop.set()
            feeder.join()
        self.assertEqual(self.listing(), [])

    def test_sigint_while_waiting_on_an_idle_pipe(self):
        # `sleep 100 | kwx extract - -o out.txt`, or kwx reading a terminal: Ctrl-C should stop it.
        r, w = os.pipe()
        os.write(w, (SENTENCE + '\n').encode())
        proc = self.start(['extract', '-', '-o', 'out.txt'], stdin=r)
        os.close(r)
        try:
            self.assertTrue(proc.loaded.wait(timeout=60))
            time.sleep(0.3)  # the one line is processed; the reader waits in read()
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.fail('kwx ignored SIGINT while its input pipe was idle (still running 2 s later)')
            self.assertEqual(proc.returncode, 130)
        finally:
            os.close(w)  # EOF: kwx can end now
            self.finish(proc, timeout=30)
        self.assertEqual(self.listing(), [])

    def test_signal_right_at_the_start_leaves_nothing(self):
        # The temporary output exists from before the data loads; a signal that arrives then (or
        # early in the run, if loading is quick) must remove it too.
        src = self.link_big()
        proc = subprocess.Popen([KWX, 'extract', src], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, cwd=self.d)
        end = time.monotonic() + 30
        while not writing_output(proc.pid, self.d) and time.monotonic() < end:
            if proc.poll() is not None:
                break
            time.sleep(0.001)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM, err)
        self.assertIn('interrupted', one_line(self, err))
        self.assertEqual(self.listing(), ['big.txt'])


# ---------------------------------------------------------------- killed runs, links, threads
class KillsLinksAndThreads(TempDirTest):
    def test_sigkill_at_random_points_leaves_no_file(self):
        # Whatever kills kwx, even SIGKILL, which no handler sees: the output being written is an
        # unnamed file the kernel removes. Killed at random points (a fixed seed) from before the
        # data loads to the end of the run; a run that finished in time leaves the whole output.
        src = self.path('in.txt')
        try:
            os.link(medium_file(), src)
        except OSError:
            shutil.copyfile(medium_file(), src)
        out_dir = self.path('out')
        os.mkdir(out_dir)
        full = None
        rng = random.Random(12)
        for i in range(20):
            proc = subprocess.Popen([KWX, 'extract', src, '-o', os.path.join(out_dir, 'tags.txt'),
                                     '-j', str(1 + i % 2)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.0, 0.4))
            proc.kill()
            proc.wait()
            left = os.listdir(out_dir)
            # Killed before the output was committed: nothing. Finished, or killed in the last
            # instants after the commit (while the process tears down): the complete output,
            # nothing else.
            if proc.returncode == -signal.SIGKILL and left != ['tags.txt']:
                self.assertEqual(left, [], f'kill {i}: left {left}')
            else:
                self.assertIn(proc.returncode, (0, -signal.SIGKILL))
                self.assertEqual(left, ['tags.txt'])
                if full is None:
                    full = run('extract', src, '-o', '-').stdout
                self.assertEqual(read(os.path.join(out_dir, 'tags.txt')), full)
                os.remove(os.path.join(out_dir, 'tags.txt'))

    def test_output_through_a_symlink_replaces_its_target(self):
        src = write(self.path('in.txt'), (SENTENCE + '\n') * 3)
        os.mkdir(self.path('real'))
        target = write(self.path('real/tags.txt'), 'old\n')
        os.symlink('real/tags.txt', self.path('link.txt'))
        run('extract', src, '-o', 'link.txt', cwd=self.d)
        self.assertTrue(os.path.islink(self.path('link.txt')))
        self.assertEqual(read(target).count(b'\n'), 3)
        self.assertEqual(read(self.path('link.txt')), read(target))
        # A dangling link: the file it names is created.
        os.symlink('real/new.txt', self.path('dangling.txt'))
        run('extract', src, '-o', 'dangling.txt', cwd=self.d)
        self.assertTrue(os.path.islink(self.path('dangling.txt')))
        self.assertEqual(read(self.path('real/new.txt')).count(b'\n'), 3)
        self.assertEqual(sorted(os.listdir(self.path('real'))), ['new.txt', 'tags.txt'])

    def test_huge_j_starts_no_more_threads_than_the_work_needs(self):
        src = write(self.path('in.txt'), (SENTENCE + '\n') * 4)
        for j in ('32000', '100000'):
            p = run('extract', src, '-o', '-', '-j', j, '-v')
            self.assertEqual(p.stdout.count(b'\n'), 4)
            self.assertIn('on 1 thread(s)', p.stderr.decode())

    def test_a_thread_that_cannot_start_is_an_error(self):
        # 200 MB of address space: room for the data and a few thread stacks, not for 64.
        if not shutil.which('prlimit'):
            self.skipTest('prlimit (util-linux) is missing')
        if sanitized_binary():
            self.skipTest('a sanitizer runtime cannot start under an address-space limit')
        src = self.path('in.txt')
        shutil.copyfile(medium_file(), src)
        limit = ['prlimit', f'--as={200 << 20}', KWX]
        p = subprocess.run(limit + ['extract', src, '-o', 'tags.txt', '-j', '64'], cwd=self.d,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn('cannot start thread', one_line(self, p.stderr))
        self.assertEqual(self.listing(), ['in.txt'])
        p = subprocess.run(limit + ['extract', src, '-o', 'tags.txt', '-j', '2'], cwd=self.d,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)


# ----------------------------------------------------------------------------------- errors
def db_rows(db, table='keywords', ref=None, upto=None):
    """(count, rows not in the reference's first `upto` documents) of a --db table, or its rows."""
    import sqlite3
    con = sqlite3.connect(db)
    try:
        if ref is None:
            return con.execute(f'SELECT doc_id, rank, word, flag, weight FROM {table} '
                               'ORDER BY doc_id, rank').fetchall()
        con.execute('ATTACH ? AS ref', (ref,))
        count = con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]
        want = con.execute(f'SELECT count(*) FROM ref.{table} WHERE doc_id <= ?', (upto,)).fetchone()[0]
        extra = con.execute(f'SELECT count(*) FROM (SELECT doc_id, rank, word, weight FROM {table} '
                            f'EXCEPT SELECT doc_id, rank, word, weight FROM ref.{table} '
                            'WHERE doc_id <= ?)', (upto,)).fetchone()[0]
        return count, want, extra
    finally:
        con.close()


def db_run(db):
    """(status, documents) of the last run in a --db database, or None."""
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return con.execute('SELECT status, documents FROM runs ORDER BY run_id DESC LIMIT 1').fetchone()
    except sqlite3.OperationalError:  # killed before the tables were made
        return None
    finally:
        con.close()


class Database(TempDirTest):
    """--db: rows committed a chunk at a time with the run's progress; --resume after SIGKILL or
    SIGINT ends with exactly the rows of an uninterrupted run."""

    def test_sigkill_at_50_random_points_then_resume(self):
        src = write(self.path('in.txt'), realish_text(3_000_000, 7))
        ref = self.path('ref.sqlite')
        start = time.monotonic()
        run('extract', src, '--db', ref, '-k', '100', '-q')
        whole = time.monotonic() - start  # kills spread over a run's length (slower under ASan)
        self.assertEqual(db_run(ref), ('complete', count_lines(read(src))))
        db = self.path('t.sqlite')
        rng = random.Random(50)
        kills = resumed_mid_run = 0
        while kills < 50:
            proc = subprocess.Popen([KWX, 'extract', src, '--db', db, '--resume', '-k', '100', '-q',
                                     '-j', str(1 + kills % 2)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.0, 1.2 * whole))
            proc.kill()
            _, err = proc.communicate()
            if proc.returncode == 0:  # finished first: the whole table, then start over
                self.assertEqual(db_run(db)[0], 'complete')
                self.assertEqual(db_rows(db), db_rows(ref))
                for f in os.listdir(self.d):
                    if f.startswith('t.sqlite'):
                        os.remove(os.path.join(self.d, f))
                continue
            self.assertEqual(proc.returncode, -signal.SIGKILL, err.decode(errors='replace'))
            kills += 1
            state = db_run(db)
            if state is None:
                continue
            count, want, extra = db_rows(db, ref=ref, upto=state[1])
            # Whole documents up to the recorded progress, each row once, nothing else.
            self.assertEqual((count, extra), (want, 0), f'kill {kills}: {state}')
            resumed_mid_run += 0 < state[1] < count_lines(read(src))
        self.assertGreater(resumed_mid_run, 10, 'too few kills landed mid-run')
        run('extract', src, '--db', db, '--resume', '-k', '100', '-q')
        self.assertEqual(db_run(db)[0], 'complete')
        self.assertEqual(db_rows(db), db_rows(ref))

    def test_sigint_keeps_what_was_committed_and_resume_completes(self):
        src = self.path('in.txt')
        os.link(medium_file(), src)
        db = self.path('t.sqlite')
        proc = subprocess.Popen([KWX, 'extract', src, '--db', db, '-k', '5', '-v'],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and (db_run(db) or ('', 0))[1] == 0:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn('continue with --resume', err.decode())
        status, done = db_run(db)
        self.assertEqual(status, 'interrupted')
        self.assertGreater(done, 0)
        p = run('extract', src, '--db', db, '-k', '5', check_code=1)  # not without --resume
        self.assertIn('is unfinished', p.stderr.decode())
        p = run('extract', src, '--db', db, '-k', '6', '--resume', check_code=1)
        self.assertIn('the options or the data files changed', p.stderr.decode())
        run('extract', src, '--db', db, '-k', '5', '--resume')
        ref = self.path('ref.sqlite')
        run('extract', src, '--db', ref, '-k', '5')
        self.assertEqual(db_rows(db), db_rows(ref))
        p = run('extract', src, '--db', db, '-k', '5', '--resume')
        self.assertIn('already complete', p.stderr.decode())

    def test_a_changed_input_is_not_resumed_and_one_writer_at_a_time(self):
        src = self.path('in.txt')
        shutil.copyfile(medium_file(), src)
        db = self.path('t.sqlite')
        proc = subprocess.Popen([KWX, 'extract', src, '--db', db, '-k', '5'],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 60
            while time.time() < deadline and db_run(db) is None:
                time.sleep(0.01)
            p = run('extract', src, '--db', db, '-k', '5', '--table', 'other', check_code=1)
            self.assertIn('being written by another kwx run', p.stderr.decode())
        finally:
            proc.kill()
            proc.wait()
        with open(src, 'ab') as f:
            f.write('我来到北京清华大学\n'.encode())
        p = run('extract', src, '--db', db, '-k', '5', '--resume', check_code=1)
        self.assertIn('the input changed', p.stderr.decode())

    def test_records_tokens_and_refusals(self):
        src = write(self.path('docs.jsonl'),
                    '{"id": "a", "text": "我来到北京清华大学"}\n{"id": 7, "text": "他来到了网易杭研大厦"}\n'.encode())
        db = self.path('t.sqlite')
        run('extract', src, '--db', db, '--input-format', 'jsonl', '--id-field', 'id', '-k', '2')
        self.assertEqual([r[:3] for r in db_rows(db)], [(7, 1, '杭研'), (7, 2, '网易'),
                                                        ('a', 1, '清华大学'), ('a', 2, '来到')])
        run('cut', src, '--db', db, '--input-format', 'jsonl', '--id-field', 'id', '--pos')
        import sqlite3
        con = sqlite3.connect(db)
        got = con.execute("SELECT word || '/' || flag FROM tokens WHERE doc_id = 'a' "
                          'ORDER BY position').fetchall()
        con.close()
        self.assertEqual([g[0] for g in got], ['我/r', '来到/v', '北京/ns', '清华大学/nt'])
        for args, message in ((['--format', 'jsonl'], '--format does not apply'),
                              (['-o', 'x.txt'], 'choose one output'),
                              (['--table', 'runs'], "not 'runs'"),
                              (['--table', 'tokens'], 'has columns')):
            p = run('extract', src, '--db', db, '--input-format', 'jsonl', *args, check_code=1)
            self.assertIn(message, p.stderr.decode())
        p = run('extract', src, '-o', '-', '--resume', check_code=1)
        self.assertIn('--resume and --table need --db', p.stderr.decode())


class Errors(TempDirTest):
    def test_dev_full_small_output(self):
        src = self.path('in.txt', SENTENCE + '\n')
        p = run('extract', src, '-o', '/dev/full', check_code=1)
        text = one_line(self, p.stderr)
        self.assertIn('/dev/full', text)
        self.assertIn('No space left on device', text)

    def test_dev_full_during_the_run(self):
        # More than the output buffer (1 MB): the write fails in the middle of the run.
        p = run('cut', corpus(), '-o', '/dev/full', '-j', '8', check_code=1)
        text = one_line(self, p.stderr)
        self.assertIn('/dev/full', text)
        self.assertIn('No space left on device', text)

    def test_closed_stdout(self):
        # `kwx extract big.txt -o - | head -c 10`: EPIPE is an error that stops the run.
        p = subprocess.Popen([KWX, 'extract', corpus(), '-o', '-', '-j', '2'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read()
        p.stderr.close()
        self.assertEqual(p.wait(timeout=60), 1)
        self.assertIn('Broken pipe', one_line(self, err))

    def test_unwritable_output_directory(self):
        if os.geteuid() == 0:
            target = '/proc/kwx-batch-test-out.txt'  # root can write anywhere but here
        else:
            os.chmod(self.d, 0o500)
            target = os.path.join(self.d, 'out.txt')
        p = run('extract', '-o', target, stdin=b'x\n', check_code=1)
        text = one_line(self, p.stderr)
        self.assertIn('kwx-batch-test-out.txt' if os.geteuid() == 0 else 'out.txt', text)
        self.assertEqual(p.stdout, b'')

    def test_default_output_in_an_unwritable_directory(self):
        if os.geteuid() == 0:
            src = '/proc/version'  # readable; its _tags.txt cannot be created next to it
            tags = '/proc/version_tags.txt'
        else:
            src = self.path('in.txt', SENTENCE + '\n')
            os.chmod(self.d, 0o500)
            tags = self.path('in_tags.txt')
        p = run('extract', src, check_code=1)
        text = one_line(self, p.stderr)
        self.assertIn(tags, text)
        self.assertFalse(os.path.exists(tags))

    def test_directory_as_input(self):
        sub = self.path('indir.d')
        os.mkdir(sub)
        cmds = (['extract', sub, '-j', '8'], ['cut', sub], ['bench', sub])
        results = run_all(*[(*args, {'check_code': 1}) for args in cmds])
        for args, p in zip(cmds, results):
            with self.subTest(args=args):
                text = one_line(self, p.stderr)
                self.assertIn(sub, text)
                self.assertEqual(p.stdout, b'')
        self.assertEqual(self.listing(), ['indir.d'])
        self.assertEqual(self.listing(sub), [])

    def test_bad_data_file_leaves_no_output(self):
        # The output is opened before the data loads; a load error must remove it again.
        src = self.path('in.txt', SENTENCE + '\n')
        bad = self.path('bad_dict.txt', '中国 10 ns\n北京 x\n')
        results = run_all(('extract', src, '--dict', bad, {'check_code': 1}),
                          ('cut', src, '-o', self.path('out.txt'), '--dict', bad, {'check_code': 1}))
        for p in results:
            self.assertIn(bad, one_line(self, p.stderr))
        self.assertEqual(self.listing(), ['bad_dict.txt', 'in.txt'])

    def test_missing_input_writes_nothing(self):
        p = run('extract', self.path('nope.txt'), check_code=1)
        self.assertIn('nope.txt', one_line(self, p.stderr))
        self.assertEqual(self.listing(), [])

    def test_strict_utf8_leaves_no_output_file(self):
        lines = [f'第{i}行 {SENTENCE}' for i in range(20000)]
        data = ('\n'.join(lines[:15000]) + '\n').encode() + b'bad \xff\n' + \
            ('\n'.join(lines[15000:]) + '\n').encode()
        src = self.path('in.txt', data)
        p = run('extract', src, '-j', '8', '--strict-utf8', check_code=3)
        text = one_line(self, p.stderr)
        self.assertIn('line 15001,', text)
        self.assertEqual(self.listing(), ['in.txt'])


# ------------------------------------------------------------------------------------ bench
class Bench(TempDirTest):
    def test_json(self):
        src = corpus()
        data = read(src)
        p = run('bench', src, '-k', '100', '-j', '2', '--json')
        out = p.stdout.decode()
        self.assertEqual(out.count('\n'), 1, out)
        r = json.loads(out)
        self.assertIsInstance(r, dict)
        for key in ('serial_seconds', 'parallel_seconds', 'speedup'):
            self.assertIsInstance(r[key], (int, float), key)
            self.assertGreater(r[key], 0, key)
        self.assertEqual(r['jobs'], 2)
        self.assertEqual(r['bytes'], len(data))
        self.assertEqual(r['lines'], count_lines(data))
        self.assertEqual(r['topk'], 100)
        self.assertIs(r['identical'], True)
        self.assertEqual(p.stderr, b'')

    def test_chinese_report(self):
        p = run('bench', SAMPLE, '--lang', 'zh', '-j', '2')
        out = p.stdout.decode()
        self.assertIn('串行处理花费时间', out)
        self.assertIn('并行处理花费时间', out)
        self.assertIn('完全一致', out)

    def test_json_small_inputs(self):
        cases = (('empty.txt', b''), ('one.txt', SENTENCE.encode()))
        results = run_all(*[('bench', self.path(name, data), '--json', '-j', '8') for name, data in cases])
        for (name, data), p in zip(cases, results):
            with self.subTest(name=name):
                r = json.loads(p.stdout)
                self.assertIs(r['identical'], True)
                self.assertEqual(r['bytes'], len(data))
                self.assertEqual(r['lines'], count_lines(data))

    def test_json_file_name_is_escaped(self):
        src = self.path('say "hi" \\ 你好.txt', SENTENCE + '\n')
        r = json.loads(run('bench', src, '--json').stdout)
        self.assertEqual(r['file'], src)

    def test_missing_file(self):
        p = run('bench', self.path('nope.txt'), '--json', check_code=1)
        self.assertIn('nope.txt', one_line(self, p.stderr))
        self.assertEqual(p.stdout, b'')


# ----------------------------------------------------------------------------- progress bar
def run_with_pty_stderr(args, stdin=subprocess.DEVNULL, cwd=None):
    """Runs kwx with stderr on a pseudo-terminal (100 columns); -> (exit code, stderr bytes)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
    proc = subprocess.Popen([KWX, *args], stdin=stdin, stdout=subprocess.DEVNULL, stderr=slave,
                            cwd=cwd)
    os.close(slave)
    chunks = []
    while True:
        try:
            b = os.read(master, 65536)
        except OSError as e:  # EIO: the child closed the terminal
            if e.errno != errno.EIO:
                raise
            break
        if not b:
            break
        chunks.append(b)
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, b''.join(chunks)


class ProgressBar(TempDirTest):
    def test_drawn_on_a_terminal(self):
        out = self.path('out.txt')
        rc, err = run_with_pty_stderr(['extract', medium_file(), '-o', out, '-j', '1'])
        self.assertEqual(rc, 0, err)
        text = err.decode(errors='replace')
        self.assertIn('%', text)
        self.assertIn('MB/s', text)
        self.assertIn('ETA', text)
        self.assertIn('\r', text)
        self.assertTrue(text.endswith('\r\x1b[K'), f'the bar is not cleared at the end: {text[-80:]!r}')
        for frame in text.split('\r'):
            frame = frame.replace('\x1b[K', '')
            self.assertLessEqual(len(frame), 100, f'wider than the terminal: {frame!r}')
        self.assertEqual(count_lines(read(out)), count_lines(read(medium_file())))

    def test_drawn_for_stdin_without_a_size(self):
        out = self.path('out.txt')
        with open(medium_file(), 'rb') as f:
            p = subprocess.Popen(['cat'], stdin=f, stdout=subprocess.PIPE)
            rc, err = run_with_pty_stderr(['extract', '-', '-o', out, '-j', '1'], stdin=p.stdout)
            p.stdout.close()
            p.wait()
        self.assertEqual(rc, 0, err)
        text = err.decode(errors='replace')
        self.assertIn('MB/s', text)
        self.assertIn('elapsed', text)

    def test_quiet_draws_nothing(self):
        out = self.path('out.txt')
        rc, err = run_with_pty_stderr(['extract', medium_file(), '-o', out, '-j', '1', '--quiet'])
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, b'', 'something was drawn with --quiet')

    def test_pipe_draws_nothing(self):
        out = self.path('out.txt')
        p = run('extract', medium_file(), '-o', out, '-j', '1')
        self.assertEqual(p.stderr, b'')


if __name__ == '__main__':
    args = sys.argv[1:]
    if '--kwx' in args:
        i = args.index('--kwx')
        KWX = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    if not KWX:
        sys.exit('usage: batch_cli_test.py --kwx PATH [unittest args]')
    unittest.main(argv=[sys.argv[0]] + args, verbosity=2)
