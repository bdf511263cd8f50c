#!/usr/bin/python3
"""Build real Chinese test corpora (one document per line) from Debian packages.

Usage: make_corpus.py --out DIR [--cache DIR] [--man-bytes N] [--seed-lines N] [--seed-line-bytes N]

The .deb files are fetched with fetch_debs.sh (`apt-get download`) into the cache directory
(default: ${KWX_TEST_CACHE:-$HOME/.cache/kwx-test}/debs) and reused from there; they are unpacked
with dpkg-deb into a temporary directory. Written in DIR (UTF-8 apart from any invalid bytes the
sources carry, b'\\n' line ends, no b'\\r'):

  fortunes.txt       fortunes-zh (chinese, tang300, song100): one fortune per line, entries split on
                     "\\n%\\n", the lines of an entry joined (no blank between two CJK characters, one
                     blank otherwise); terminal escape sequences are kept
  gettext.txt        the unique zh_CN msgstr strings of the .mo catalogs of a few packages, newlines
                     inside a string turned into blanks
  manpages.txt       manpages-zh zh_CN pages, groff source as is (markup kept), one page per line,
                     whitespace runs collapsed to one blank; a deterministic sample of --man-bytes
  seedlike_mini.txt  --seed-lines long lines of about --seed-line-bytes bytes, made by concatenating
                     documents of the three sources (all man pages, not just the sample)
  MANIFEST.txt       the .deb files used (with sha256) and the size and sha256 of every corpus

The output is a function of the .deb files only. Exit status 2 if the packages cannot be had
(no network and nothing in the cache).
"""
import argparse
import gettext
import glob
import gzip
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MO_PACKAGES = ['coreutils', 'tar', 'grep', 'sed', 'apt', 'dpkg', 'gettext']
PACKAGES = ['fortunes-zh', 'manpages-zh'] + MO_PACKAGES
FORTUNE_FILES = ['chinese', 'tang300', 'song100']

CJK = r'\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff'
CJK_JOIN = re.compile(r'(?<=[%s])\n(?=[%s])' % (CJK, CJK))
WS_RUN = re.compile(r'\s+')            # Unicode whitespace, as str.isspace()
SENTENCE_END = re.compile(r'[。！？；!?;]|\. ')


def default_cache():
    base = os.environ.get('KWX_TEST_CACHE') or os.path.join(os.path.expanduser('~'), '.cache', 'kwx-test')
    return os.path.join(base, 'debs')


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for b in iter(lambda: f.read(1 << 20), b''):
            h.update(b)
    return h.hexdigest()


def dec(b):
    # surrogateescape keeps any invalid byte of a source as that byte in the corpus
    return b.decode('utf-8', 'surrogateescape')


def enc(s):
    return s.encode('utf-8', 'surrogateescape')


# ------------------------------------------------------------------------------ packages
def fetch(cache):
    rc = subprocess.call(['sh', os.path.join(HERE, 'fetch_debs.sh'), cache] + PACKAGES)
    if rc != 0:
        print(f'make_corpus.py: could not get the Debian packages {" ".join(PACKAGES)} into {cache} '
              f'(fetch_debs.sh exit {rc}): is the network to the Debian mirror available?', file=sys.stderr)
        sys.exit(2)
    debs = {}
    for p in PACKAGES:
        found = sorted(glob.glob(os.path.join(cache, f'{p}_*.deb')))
        if not found:
            print(f'make_corpus.py: no {p}_*.deb in {cache}', file=sys.stderr)
            sys.exit(2)
        debs[p] = found[-1]
    return debs


def extract(deb, dest):
    os.makedirs(dest, exist_ok=True)
    r = subprocess.run(['dpkg-deb', '-x', deb, dest], stderr=subprocess.PIPE)
    if r.returncode != 0:
        # fall back to the tar stream (e.g. a dpkg-deb that refuses the target directory)
        r = subprocess.run('dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$DEST"', shell=True,
                           env=dict(os.environ, DEB=deb, DEST=dest), stderr=subprocess.PIPE)
        if r.returncode != 0:
            sys.exit(f'make_corpus.py: cannot unpack {deb}: {r.stderr.decode(errors="replace")}')


# ------------------------------------------------------------------------------ sources
def fortunes(x):
    out = []
    for name in FORTUNE_FILES:
        path = os.path.join(x, 'fortunes-zh', 'usr/share/games/fortunes', name)
        with open(path, 'rb') as f:
            raw = dec(f.read()).replace('\r', '')
        for entry in re.split(r'\n%\n', '\n' + raw + '\n'):
            entry = entry.strip('\n')
            if entry.startswith('%\n'):
                entry = entry[2:]
            entry = CJK_JOIN.sub('', entry).replace('\n', ' ').strip()
            if entry and entry != '%':
                out.append(entry)
    return out


def gettext_strings(x):
    out, seen = [], set()
    for pkg in MO_PACKAGES:
        mos = sorted(glob.glob(os.path.join(x, pkg, 'usr/share/locale/zh_CN/LC_MESSAGES/*.mo')))
        for mo in mos:
            with open(mo, 'rb') as f:
                t = gettext.GNUTranslations(f)
            for k, v in t._catalog.items():        # the order of the .mo file: deterministic
                if k == '' or (isinstance(k, tuple) and k[0] == ''):
                    continue                       # the header entry
                v = v.replace('\r\n', ' ').replace('\n', ' ').replace('\r', ' ').strip()
                if v and v not in seen:
                    seen.add(v)
                    out.append(v)
    return out


def manpages(x):
    """-> [(relative path, text)] of every regular zh_CN page, in path order."""
    root = os.path.join(x, 'manpages-zh', 'usr/share/man/zh_CN')
    files = sorted(f for f in glob.glob(os.path.join(root, 'man*', '*.gz')) if not os.path.islink(f))
    out = []
    for f in files:
        with gzip.open(f, 'rb') as g:
            text = WS_RUN.sub(' ', dec(g.read())).strip()
        if text:
            out.append((os.path.relpath(f, root), text))
    return out


def sample_manpages(pages, budget, max_page):
    """Pages picked in the order of sha256(path) while they fit in budget bytes; output in path order."""
    order = sorted(range(len(pages)), key=lambda i: hashlib.sha256(pages[i][0].encode()).hexdigest())
    picked, total = set(), 0
    for i in order:
        n = len(enc(pages[i][1])) + 1
        if n > max_page or total + n > budget:
            continue
        picked.add(i)
        total += n
    return [pages[i][1] for i in sorted(picked)]


def cut_point(s, limit_bytes):
    """Char index i, s[:i] at most limit_bytes bytes, moved back to a sentence end or a blank found
    in the last quarter."""
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(enc(s[:mid])) <= limit_bytes:
            lo = mid
        else:
            hi = mid - 1
    floor = (lo * 3) // 4
    window = s[floor:lo]
    best = None
    for m in SENTENCE_END.finditer(window):
        best = floor + m.end()
    if best is None:
        sp = window.rfind(' ')
        best = floor + sp + 1 if sp >= 0 else lo
    return max(best, 1)


def seedlike(sources, nlines, line_bytes, seed=12345):
    """Long lines concatenated from documents of all sources, each source contributing about the same
    number of bytes while it lasts (documents of a source are taken in a seeded random order)."""
    rng = random.Random(seed)
    queues = []
    for docs in sources:
        docs = list(docs)
        rng.shuffle(docs)
        queues.append(docs)
    used = [0] * len(queues)
    lines, buf = [], ''
    while len(lines) < nlines:
        while len(enc(buf)) < line_bytes:
            live = [i for i, q in enumerate(queues) if q]
            if not live:
                break
            i = min(live, key=lambda j: (used[j], j))
            doc = queues[i].pop()
            used[i] += len(enc(doc))
            buf = buf + ' ' + doc if buf else doc
        if not buf:
            break
        if len(enc(buf)) <= line_bytes:
            lines.append(buf.strip())
            buf = ''
            continue
        i = cut_point(buf, line_bytes)
        lines.append(buf[:i].strip())
        buf = buf[i:].strip()
    return [l for l in lines if l]


# ------------------------------------------------------------------------------ output
def write_corpus(path, lines):
    data = bytearray()
    for l in lines:
        b = enc(l)
        assert b'\n' not in b and b'\r' not in b, path
        data += b + b'\n'
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(path) + '.', dir=d)
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)
    return len(lines), len(data), hashlib.sha256(data).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True, help='output directory')
    ap.add_argument('--cache', default=default_cache(), help='where the .deb files are kept (default %(default)s)')
    ap.add_argument('--man-bytes', type=int, default=1_500_000, help='size of manpages.txt')
    ap.add_argument('--seed-lines', type=int, default=250, help='lines of seedlike_mini.txt')
    ap.add_argument('--seed-line-bytes', type=int, default=12_000, help='bytes per seedlike_mini line')
    a = ap.parse_args()

    debs = fetch(a.cache)
    os.makedirs(a.out, exist_ok=True)
    x = tempfile.mkdtemp(prefix='kwx-debs.')
    try:
        for p, deb in debs.items():
            extract(deb, os.path.join(x, p))
        fort = fortunes(x)
        msgs = gettext_strings(x)
        pages = manpages(x)
    finally:
        shutil.rmtree(x, ignore_errors=True)

    corpora = {
        'fortunes.txt': fort,
        'gettext.txt': msgs,
        'manpages.txt': sample_manpages(pages, a.man_bytes, max_page=max(1, a.man_bytes // 10)),
        'seedlike_mini.txt': seedlike([fort, msgs, [t for _, t in pages]], a.seed_lines, a.seed_line_bytes),
    }
    manifest = ['# packages']
    for p, deb in debs.items():
        manifest.append(f'{os.path.basename(deb)} {sha256_file(deb)}')
    manifest.append('# corpora: name lines bytes sha256')
    for name, lines in corpora.items():
        n, size, digest = write_corpus(os.path.join(a.out, name), lines)
        manifest.append(f'{name} {n} {size} {digest}')
        print(f'make_corpus.py: {name}: {n} lines, {size} bytes', file=sys.stderr)
    with open(os.path.join(a.out, 'MANIFEST.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(manifest) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
