#!/usr/bin/python3
"""Differential test of kwx against Python jieba 0.42.1 (the oracle, oracle.py).

Usage:
  compare.py --kwx PATH --work DIR [--corpus FILE ...] [--make-corpora DIR] [--adversarial DIR]
             [--stop-words FILE ...] [--idf FILE ...] [--quick N] [--checks LIST]
             [--skip-checks LIST] [--jobs N] [--jobs-variants LIST]
             [--oracle-cache DIR | --shared-oracle-cache]

For every corpus, runs kwx and the oracle for each check and compares the two JSON-lines outputs
byte for byte, line by line:

  extract            kwx extract --topk 100 --with-weight --format jsonl
  extract+stop:NAME  the same with --stop-words FILE (one check per --stop-words; by default
                     samples/stop_words_zh.txt)
  extract+idf:NAME   the same with --idf FILE (one check per --idf)
  accurate           kwx cut --mode accurate --format jsonl
  nohmm              kwx cut --mode accurate --no-hmm --format jsonl
  full               kwx cut --mode full --format jsonl
  search             kwx cut --mode search --format jsonl
  pos                kwx cut --pos --format jsonl                  (jieba.posseg.lcut)
  posnohmm           kwx cut --pos --no-hmm --format jsonl         (jieba.posseg.lcut, HMM=False)
  extract+pos        kwx extract --allow-pos ns,n,vn,v --topk 100 --with-weight --format jsonl
  extract+pos+flag   the same with --with-flag                     ([[["w","flag"],weight],...])
  textrank           kwx extract --method textrank --topk 100 --with-weight --format jsonl
                     (jieba.analyse.textrank, default allowPOS ns,n,vn,v)
  textrank+pos+flag  the same with --allow-pos n,nr,ns,v,vn,eng,x,m --with-flag

--checks LIST / --skip-checks LIST
                    comma-separated check names or prefixes to run / not to run ("pos" is pos and
                    posnohmm, "extract+pos" both extract+pos checks, "textrank" both textrank ones)

--make-corpora DIR  first builds the real corpora with make_corpus.py into DIR and tests them all.
--adversarial DIR   first writes adversarial.py's files into DIR and tests adversarial.txt, with
                    extra checks for its stop-word file, its IDF file and both together.
--jobs-variants 1,2,8
                    for every extract and textrank check, also runs kwx with -j N for each N of the
                    list (one more row per N, named "CHECK -jN"); each output must be
                    byte-identical to the oracle's, so the batch pipeline's thread count cannot
                    change a byte.
--shared-oracle-cache
                    keep the oracle outputs in ${KWX_TEST_CACHE:-$HOME/.cache/kwx-test}/oracle-cache
                    instead of WORK/oracle-cache, so that builds (e.g. the sanitizer build) share
                    them; entries unused for 30 days are deleted. --oracle-cache DIR: any directory.

Both programs read the corpus on stdin and write to a file. Oracle outputs are cached (by default
in WORK/oracle-cache), keyed by sha256(input, check options, jieba version and the size and mtime
of every file of the jieba package, the Python version, oracle.py). Prints a table
and, for the first differing lines of each check, the line number, an excerpt of the input and a
diff of the two JSON values. Exit status: 0 all identical, 1 some line differs (or kwx failed),
2 the test could not run (jieba missing, no kwx binary, corpus not buildable).
"""
import argparse
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, HERE)
from oracle import split_lines  # noqa: E402

ORACLE = os.path.join(HERE, 'oracle.py')
CORPORA = ['fortunes.txt', 'gettext.txt', 'manpages.txt', 'seedlike_mini.txt']
SETUP_HINT = ("install Debian's python3-jieba for /usr/bin/python3: run scripts/setup.sh "
              "(or: apt-get install python3-jieba)")


def die(msg, code=2):
    print(f'compare.py: {msg}', file=sys.stderr, flush=True)
    sys.exit(code)


def sha256_bytes(b):
    return hashlib.sha256(b).hexdigest()


def sha256_file(path):
    with open(path, 'rb') as f:
        return sha256_bytes(f.read())


def slug(s):
    return re.sub(r'[^A-Za-z0-9_.+-]+', '_', s)


# ------------------------------------------------------------------------------------ checks
KEYWORD_MODES = ('extract', 'textrank')     # answers are [[word, weight], ...] (word or [word, flag])
POS_MODES = ('pos', 'posnohmm')              # answers are [[word, flag], ...]


class Check:
    def __init__(self, name, mode, kwx_args, topk=None, stop=None, idf=None, allow_pos=None,
                 with_flag=False):
        self.name, self.mode, self.kwx_args = name, mode, kwx_args
        self.topk, self.stop, self.idf = topk, stop, idf
        self.allow_pos, self.with_flag = allow_pos, with_flag     # allow_pos: 'ns,n,vn,v' or None

    @property
    def keyword(self):
        return self.mode in KEYWORD_MODES

    def oracle_args(self, jobs):
        a = ['--mode', self.mode, '--jobs', str(jobs)]
        if self.keyword:
            a += ['--topk', str(self.topk), '--with-weight']
            if self.allow_pos is not None:
                a += ['--allow-pos', self.allow_pos]
            if self.with_flag:
                a += ['--with-flag']
            if self.stop:
                a += ['--stop-words', self.stop]
            if self.idf:
                a += ['--idf', self.idf]
        return a

    def key(self, input_sha, env):
        k = {'input': input_sha, 'mode': self.mode, 'topk': self.topk, 'with_weight': True,
             'allow_pos': self.allow_pos, 'with_flag': self.with_flag,
             'stop': self.stop and sha256_file(self.stop), 'idf': self.idf and sha256_file(self.idf),
             'jieba': env['jieba'], 'jieba_files': env['jieba_files'], 'python': env['python'],
             'oracle': env['oracle_sha']}
        return sha256_bytes(json.dumps(k, sort_keys=True).encode())


def make_checks(topk, stops, idfs, combos):
    ext = ['extract', '--topk', str(topk), '--with-weight', '--format', 'jsonl']
    checks = [Check('extract', 'extract', ext, topk)]
    for s in stops:
        checks.append(Check('extract+stop:' + os.path.basename(s), 'extract', ext + ['--stop-words', s], topk, stop=s))
    for i in idfs:
        checks.append(Check('extract+idf:' + os.path.basename(i), 'extract', ext + ['--idf', i], topk, idf=i))
    for s, i in combos:
        checks.append(Check('extract+stop+idf', 'extract', ext + ['--stop-words', s, '--idf', i], topk, stop=s, idf=i))
    cut = ['cut', '--format', 'jsonl']
    checks += [Check('accurate', 'accurate', cut + ['--mode', 'accurate']),
               Check('nohmm', 'nohmm', cut + ['--mode', 'accurate', '--no-hmm']),
               Check('full', 'full', cut + ['--mode', 'full']),
               Check('search', 'search', cut + ['--mode', 'search'])]
    # Part-of-speech tagging (jieba.posseg) and the keyword extractors built on it.
    checks += [Check('pos', 'pos', ['cut', '--pos', '--format', 'jsonl']),
               Check('posnohmm', 'posnohmm', ['cut', '--pos', '--no-hmm', '--format', 'jsonl'])]
    pos = 'ns,n,vn,v'
    ext_pos = ['extract', '--allow-pos', pos, '--topk', str(topk), '--with-weight', '--format', 'jsonl']
    checks += [Check('extract+pos', 'extract', ext_pos, topk, allow_pos=pos),
               Check('extract+pos+flag', 'extract', ext_pos + ['--with-flag'], topk, allow_pos=pos,
                     with_flag=True)]
    tr = ['extract', '--method', 'textrank', '--topk', str(topk), '--with-weight', '--format', 'jsonl']
    wide = 'n,nr,ns,v,vn,eng,x,m'
    checks += [Check('textrank', 'textrank', tr, topk),
               Check('textrank+pos+flag', 'textrank', tr + ['--allow-pos', wide, '--with-flag'], topk,
                     allow_pos=wide, with_flag=True)]
    return checks


def select_checks(checks, want, skip):
    """--checks / --skip-checks: comma-separated names or prefixes of names."""
    def matches(c, lst):
        ws = [w.strip() for w in lst.split(',') if w.strip()]
        return any(c.name == w or c.name.startswith(w) for w in ws)
    if want:
        checks = [c for c in checks if matches(c, want)]
    if skip:
        checks = [c for c in checks if not matches(c, skip)]
    return checks


# ------------------------------------------------------------------------------------ running
def run_to_file(cmd, stdin_path, stdout_path, stderr_path, timeout):
    t0 = time.monotonic()
    with open(stdin_path, 'rb') as i, open(stdout_path, 'wb') as o, open(stderr_path, 'wb') as e:
        try:
            rc = subprocess.call(cmd, stdin=i, stdout=o, stderr=e, timeout=timeout)
        except subprocess.TimeoutExpired:
            rc = 'timeout'
    return rc, time.monotonic() - t0


def tail(path, n=2000):
    try:
        with open(path, 'rb') as f:
            b = f.read()
        return b[-n:].decode('utf-8', 'replace')
    except OSError:
        return ''


def jieba_fingerprint():
    """sha256 of the path, size and mtime of every file of the jieba package (its code, its
    dictionary, its IDF table, its HMM tables): a changed python3-jieba changes the cache keys."""
    import jieba
    root = os.path.dirname(os.path.abspath(jieba.__file__))
    items = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x != '__pycache__')
        for f in sorted(files):
            p = os.path.join(d, f)
            st = os.stat(p)
            items.append([os.path.relpath(p, root), st.st_size, st.st_mtime_ns])
    return sha256_bytes(json.dumps([root, items]).encode())


def shared_cache_dir():
    base = os.environ.get('KWX_TEST_CACHE') or os.path.join(os.path.expanduser('~'), '.cache', 'kwx-test')
    return os.path.join(base, 'oracle-cache')


def prune_cache(cache, days=30):
    """Deletes the outputs of a shared cache not used for `days` days (hits refresh the mtime)."""
    limit = time.time() - days * 86400
    try:
        names = os.listdir(cache)
    except OSError:
        return
    for n in names:
        p = os.path.join(cache, n)
        try:
            # Old outputs, and temporary files that a killed oracle.py left behind a day ago.
            if ((n.endswith('.jsonl') and os.path.getmtime(p) < limit)
                    or (n.endswith('.tmp') and os.path.getmtime(p) < time.time() - 86400)):
                os.unlink(p)
        except OSError:
            pass


def oracle_output(check, corpus, input_sha, work, a, env):
    """-> (path of the cached oracle output, seconds or None if cached)."""
    key = check.key(input_sha, env)
    cache = env['cache']
    os.makedirs(cache, exist_ok=True)
    out = os.path.join(cache, key + '.jsonl')
    if os.path.exists(out) and not a.no_cache:
        try:
            os.utime(out)           # used: keeps it from prune_cache
        except OSError:
            pass
        return out, None
    err = os.path.join(work, 'logs', f'{slug(os.path.basename(corpus))}.{slug(check.name)}.oracle.stderr')
    cmd = [sys.executable, ORACLE] + check.oracle_args(a.jobs) + [corpus, out]
    rc, dt = run_to_file(cmd, os.devnull, os.devnull, err, a.timeout)
    if rc != 0 or not os.path.exists(out):
        die(f'the oracle failed ({rc}) on {corpus}, check {check.name}:\n  {" ".join(cmd)}\n{tail(err)}')
    return out, dt


# ------------------------------------------------------------------------------------ reporting
def esc(s, limit=160):
    """A short, printable rendering of text (control chars and blanks other than ' ' escaped)."""
    if len(s) > limit:
        s = s[:limit] + '…'
    out = []
    for ch in s:
        if ch == ' ' or (ch.isprintable() and not ch.isspace()):
            out.append(ch)
        else:
            out.append(ascii(ch)[1:-1])
    return ''.join(out)


def jshort(v, limit=400):
    s = json.dumps(v, ensure_ascii=False, separators=(',', ':'))
    return esc(s, limit)


def hkey(v):
    """A hashable stand-in for a JSON value (lists -> JSON text; strings, numbers as they are)."""
    if isinstance(v, (list, dict)):
        return '\0' + json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def unkey(k):
    return json.loads(k[1:]) if isinstance(k, str) and k.startswith('\0') else k


def line_diff(check, line_no, text, ob, kb):
    """Human-readable lines describing how kwx's JSON kb differs from the oracle's ob."""
    out = [f'  line {line_no}: input ({len(text)} chars): "{esc(text, 100)}"']
    try:
        kv = json.loads(kb)
    except ValueError as e:
        out.append(f'    kwx output is not valid JSON ({e}): {esc(kb.decode("utf-8", "replace"), 200)}')
        return out
    ov = json.loads(ob)
    if ov == kv:
        i = next((j for j in range(min(len(ob), len(kb))) if ob[j] != kb[j]), min(len(ob), len(kb)))
        out.append('    same JSON values, different bytes at offset %d: oracle …%s… kwx …%s…' % (
            i, esc(ob[max(0, i - 30):i + 30].decode('utf-8', 'replace')),
            esc(kb[max(0, i - 30):i + 30].decode('utf-8', 'replace'))))
        return out
    if not isinstance(kv, list):
        out.append(f'    kwx: {jshort(kv)}  oracle: {jshort(ov)}')
        return out
    if check.keyword:
        # Entries are [word, weight], the word being "w" or, with --with-flag, ["w", "flag"].
        ow = [hkey(e[0]) for e in ov]
        kw = []
        for e in kv:
            try:
                kw.append(hkey(e[0]) if isinstance(e, list) else hkey(e))
            except (TypeError, IndexError, KeyError):
                kw.append(hkey(e))
        j = next((i for i in range(min(len(ov), len(kv))) if ov[i] != kv[i]), min(len(ov), len(kv)))
        out.append(f'    {len(ov)} keywords in the oracle, {len(kv)} in kwx; first difference at rank {j + 1}')
        out.append(f'    oracle[{max(0, j - 1)}:{j + 4}]: {jshort(ov[max(0, j - 1):j + 4])}')
        out.append(f'    kwx   [{max(0, j - 1)}:{j + 4}]: {jshort(kv[max(0, j - 1):j + 4])}')
        if (j < len(ov) and j < len(kv) and isinstance(kv[j], list) and len(kv[j]) == 2
                and ov[j][0] == kv[j][0]):
            out.append(f'    same word, weights {ov[j][1]!r} (oracle) vs {kv[j][1]!r} (kwx)')
        only_o = [unkey(w) for w in ow if w not in set(kw)][:6]
        only_k = [unkey(w) for w in kw if w not in set(ow)][:6]
        if only_o or only_k:
            out.append(f'    only in oracle: {jshort(only_o)}  only in kwx: {jshort(only_k)}')
        return out
    # Cut checks: lists of tokens, "w" or (pos checks) ["w", "flag"].
    oh, kh = [hkey(t) for t in ov], [hkey(t) for t in kv]
    sm = difflib.SequenceMatcher(None, oh, kh, autojunk=False)
    located = check.mode in ('accurate', 'nohmm') + POS_MODES
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == 'equal':
            continue
        words = [t[0] if check.mode in POS_MODES and isinstance(t, list) and t else t for t in ov[:i1]]
        pos = sum(len(t) for t in words) if all(isinstance(t, str) for t in words) else 0
        out.append(f'    first difference at token {i1} (oracle) / {j1} (kwx)'
                   + (f', near input char {pos}' if located else ''))
        if located:
            out.append(f'    input there: "{esc(text[max(0, pos - 20):pos + 40], 80)}"')
        out.append(f'    oracle: {jshort(ov[max(0, i1 - 2):i2 + 2])}')
        out.append(f'    kwx:    {jshort(kv[max(0, j1 - 2):j2 + 2])}')
        break
    return out


def lines_of(b):
    parts = b.split(b'\n')
    if parts and parts[-1] == b'':
        parts.pop()
    return parts


def compare(check, corpus, texts, opath, kpath, max_diffs):
    """-> (oracle lines, identical lines, ok, report lines)."""
    with open(opath, 'rb') as f:
        o = f.read()
    with open(kpath, 'rb') as f:
        k = f.read()
    ol, kl = lines_of(o), lines_of(k)
    same = sum(1 for x, y in zip(ol, kl) if x == y)
    report = []
    if len(ol) != len(texts):
        report.append(f'  oracle has {len(ol)} lines for {len(texts)} input lines (stale cache?)')
    if len(kl) != len(ol):
        report.append(f'  line counts differ: oracle {len(ol)}, kwx {len(kl)}')
    if k and not k.endswith(b'\n'):
        report.append('  kwx output does not end with a newline')
    shown = 0
    for i, (x, y) in enumerate(zip(ol, kl)):
        if x != y:
            if shown < max_diffs:
                report += line_diff(check, i + 1, texts[i] if i < len(texts) else '', x, y)
            shown += 1
    if shown > max_diffs:
        report.append(f'  ... and {shown - max_diffs} more differing lines')
    ok = (o == k)
    return len(ol), same, ok, report


# ------------------------------------------------------------------------------------ main
def prepare_input(corpus, work, quick):
    """-> (path, bytes) of the input actually tested (the first N lines with --quick)."""
    with open(corpus, 'rb') as f:
        data = f.read()
    if not quick:
        return corpus, data
    pos, n = 0, 0
    while n < quick:
        j = data.find(b'\n', pos)
        if j < 0:
            pos = len(data)
            break
        pos, n = j + 1, n + 1
    data = data[:pos]
    d = os.path.join(work, 'inputs')
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f'{slug(os.path.basename(corpus))}.head{quick}')
    with open(path, 'wb') as f:
        f.write(data)
    return path, data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument('--kwx', required=True, help='the kwx binary')
    ap.add_argument('--work', required=True, help='work directory (outputs, logs, oracle cache)')
    ap.add_argument('--corpus', action='extend', nargs='+', default=[], metavar='FILE')
    ap.add_argument('--make-corpora', metavar='DIR', help='build the real corpora into DIR and test them')
    ap.add_argument('--adversarial', metavar='DIR', help='write the adversarial files into DIR and test them')
    ap.add_argument('--stop-words', action='append', metavar='FILE',
                    help='extra extract check with this stop-word file (default: samples/stop_words_zh.txt)')
    ap.add_argument('--idf', action='append', default=[], metavar='FILE', help='extra extract check with this IDF file')
    ap.add_argument('--topk', type=int, default=100)
    ap.add_argument('--checks', help='comma-separated check names (or prefixes) to run')
    ap.add_argument('--skip-checks', metavar='LIST', help='comma-separated check names (or prefixes) not to run')
    ap.add_argument('--quick', type=int, default=0, metavar='N', help='test the first N lines of each corpus only')
    ap.add_argument('--jobs', type=int, default=0, help='oracle worker processes (default: all cores)')
    ap.add_argument('--jobs-variants', metavar='LIST', default='',
                    help='comma-separated kwx thread counts (e.g. 1,2,8): the extract and textrank '
                         'checks are also run with kwx -j N for each N, and must match the oracle too')
    ap.add_argument('--oracle-cache', metavar='DIR', help='where oracle outputs are cached (default: WORK/oracle-cache)')
    ap.add_argument('--shared-oracle-cache', action='store_true',
                    help='cache oracle outputs in ${KWX_TEST_CACHE:-$HOME/.cache/kwx-test}/oracle-cache '
                         '(shared by builds; entries unused for 30 days are deleted)')
    ap.add_argument('--max-diffs', type=int, default=5, help='differing lines shown per check')
    ap.add_argument('--timeout', type=float, default=3600, help='seconds per oracle / kwx run')
    ap.add_argument('--no-cache', action='store_true', help='recompute the oracle outputs')
    a = ap.parse_args()
    try:
        jobs_variants = [int(v) for v in a.jobs_variants.split(',') if v.strip()]
    except ValueError:
        jobs_variants = [-1]
    if any(v < 0 for v in jobs_variants):
        die(f'--jobs-variants wants comma-separated thread counts >= 0, not {a.jobs_variants!r}')

    try:
        import jieba
        jieba_version = jieba.__version__
    except ImportError as e:
        die(f'{sys.executable} cannot import jieba ({e}): {SETUP_HINT}')
    kwx = os.path.abspath(a.kwx)
    if not (os.path.isfile(kwx) and os.access(kwx, os.X_OK)):
        die(f'no kwx binary at {kwx} (build the kwx_cli target first)')
    work = os.path.abspath(a.work)
    for d in ('', 'kwx', 'logs'):
        os.makedirs(os.path.join(work, d), exist_ok=True)

    stops = a.stop_words if a.stop_words is not None else [os.path.join(HERE, '..', '..', 'samples', 'stop_words_zh.txt')]
    stops = [os.path.abspath(s) for s in stops]
    idfs = [os.path.abspath(i) for i in a.idf]
    combos = []
    corpora = [os.path.abspath(c) for c in a.corpus]
    if a.adversarial:
        d = os.path.abspath(a.adversarial)
        rc = subprocess.call([sys.executable, os.path.join(HERE, 'adversarial.py'), '--out-dir', d])
        if rc != 0:
            die(f'adversarial.py failed ({rc})')
        corpora.append(os.path.join(d, 'adversarial.txt'))
        stops.append(os.path.join(d, 'adversarial_stop.txt'))
        idfs.append(os.path.join(d, 'adversarial_idf.txt'))
        combos.append((os.path.join(d, 'adversarial_stop.txt'), os.path.join(d, 'adversarial_idf.txt')))
    if a.make_corpora:
        d = os.path.abspath(a.make_corpora)
        rc = subprocess.call([sys.executable, os.path.join(HERE, 'make_corpus.py'), '--out', d])
        if rc != 0:
            die(f'make_corpus.py failed ({rc}); the real corpora need the Debian mirror or a filled '
                f'cache (KWX_TEST_CACHE)', 2)
        corpora += [os.path.join(d, c) for c in CORPORA]
    if not corpora:
        die('nothing to test: give --corpus, --make-corpora or --adversarial')
    for f in stops + idfs + corpora:
        if not os.path.isfile(f):
            die(f'no such file: {f}')

    checks = make_checks(a.topk, stops, idfs, combos)
    if a.checks or a.skip_checks:
        checks = select_checks(checks, a.checks, a.skip_checks)
        if not checks:
            die(f'no check left by --checks {a.checks} --skip-checks {a.skip_checks}')
    if a.oracle_cache and a.shared_oracle_cache:
        die('give --oracle-cache or --shared-oracle-cache, not both')
    cache = (os.path.abspath(a.oracle_cache) if a.oracle_cache else
             shared_cache_dir() if a.shared_oracle_cache else os.path.join(work, 'oracle-cache'))
    if a.shared_oracle_cache:
        try:
            os.makedirs(cache, exist_ok=True)
            if not os.access(cache, os.W_OK | os.X_OK):
                raise OSError('not writable')
            prune_cache(cache)
        except OSError as e:
            print(f'compare.py: cannot use the shared oracle cache {cache} ({e}); using '
                  f'WORK/oracle-cache', flush=True)
            cache = os.path.join(work, 'oracle-cache')
    env = {'jieba': jieba_version, 'jieba_files': jieba_fingerprint(), 'python': sys.version,
           'oracle_sha': sha256_file(ORACLE), 'cache': cache}
    print(f'compare.py: kwx {kwx}; oracle jieba {jieba_version} ({sys.executable}), cache {cache}; '
          f'{len(corpora)} corpora x {len(checks)} checks', flush=True)

    rows, failed = [], False
    t_oracle = t_kwx = 0.0
    for corpus in corpora:
        cname = os.path.basename(corpus)
        inp, data = prepare_input(corpus, work, a.quick)
        texts = split_lines(data)
        input_sha = sha256_bytes(data)
        for check in checks:
            opath, odt = oracle_output(check, inp, input_sha, work, a, env)
            t_oracle += odt or 0
            otime = 'cached' if odt is None else f'{odt:.1f}s'
            # The check as given, then (extract and textrank checks) once per --jobs-variants
            # thread count.
            runs = [(check.name, [])]
            if check.keyword:
                runs += [(f'{check.name} -j{j}', ['-j', str(j)]) for j in jobs_variants]
            for name, extra in runs:
                base = f'{slug(cname)}.{slug(name)}'
                kpath = os.path.join(work, 'kwx', base + '.jsonl')
                kerr = os.path.join(work, 'logs', base + '.kwx.stderr')
                cmd = [kwx] + check.kwx_args + extra
                rc, kdt = run_to_file(cmd, inp, kpath, kerr, a.timeout)
                t_kwx += kdt
                if rc != 0:
                    n, same, ok = len(texts), 0, False
                    report = [f'  kwx exited with {rc}: {" ".join(cmd)} < {inp}', '  stderr: ' + esc(tail(kerr, 600), 600)]
                else:
                    n, same, ok, report = compare(check, cname, texts, opath, kpath, a.max_diffs)
                status = 'OK' if ok else ('FAIL' if rc == 0 else f'FAIL (exit {rc})')
                failed |= not ok
                rows.append((cname, name, n, same, status, otime, f'{kdt:.1f}s'))
                print(f'[{status}] {cname} {name}: {same}/{n} identical lines '
                      f'(oracle {otime}, kwx {kdt:.1f}s)', flush=True)
                for r in report:
                    print(r, flush=True)

    head = ('corpus', 'check', 'lines', 'identical', 'result', 'oracle', 'kwx')
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    print()
    for r in [head] + rows:
        print('  '.join(str(v).ljust(w) if i < 2 or i == 4 else str(v).rjust(w)
                        for i, (v, w) in enumerate(zip(r, widths))))
    nfail = sum(1 for r in rows if r[4] != 'OK')
    print(f'\ncompare.py: {len(rows) - nfail} of {len(rows)} checks identical, {nfail} differ '
          f'(oracle {t_oracle:.1f}s computed, kwx {t_kwx:.1f}s)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
