#!/usr/bin/python3
"""Compute Python jieba 0.42.1's answers for every line of a file (the oracle of kwx's tests).

Run with Debian's /usr/bin/python3 (python3-jieba). Usage:

  oracle.py --mode extract|textrank|accurate|nohmm|full|search|pos|posnohmm [--topk N]
            [--with-weight] [--allow-pos LIST] [--with-flag] [--stop-words FILE] [--idf FILE]
            [--jobs N] INPUT OUTPUT

INPUT / OUTPUT may be '-' (stdin / stdout). Lines are defined as kwx's CLI defines them: the input
is read as bytes; a line is the bytes up to b'\\n' (a final piece without b'\\n' is a line if it is
non-empty); one b'\\r' right before the b'\\n' is dropped; each line is decoded with
.decode('utf-8', 'replace'). One JSON value per input line is written, as
json.dumps(value, ensure_ascii=False, separators=(',', ':')):

  extract   jieba.analyse.extract_tags(line, topK=N, withWeight=...)  (N = 0: all)
            -> ["w1","w2"]  or, with --with-weight, [["w1",0.91],["w2",0.83]]
            With --allow-pos LIST: allowPOS=tuple(LIST) (and withFlag=True with --with-flag).
  textrank  jieba.analyse.textrank(line, topK=N, withWeight=...)  (N = 0: all); allowPOS is
            jieba's default ('ns','n','vn','v') unless --allow-pos LIST; --with-flag: withFlag=True
  accurate  jieba.lcut(line)
  nohmm     jieba.lcut(line, HMM=False)
  full      jieba.lcut(line, cut_all=True)
  search    jieba.lcut_for_search(line)
  pos       jieba.posseg.lcut(line)              -> [["w1","flag1"],["w2","flag2"]]
  posnohmm  jieba.posseg.lcut(line, HMM=False)

--allow-pos LIST is comma-separated, items taken literally (no blank stripped), empty items
dropped: "ns,n,vn,v" -> allowPOS=('ns','n','vn','v'); "" -> allowPOS=() (extract: no POS filter,
so --with-flag has no effect; textrank: no word passes, every answer is []).
Every jieba.posseg.pair becomes a [word, flag] list, every tuple a list, so with --with-flag:
[[["w1","n"],0.91],...] (with --with-weight) or [["w1","n"],...] (without).
--stop-words FILE calls jieba.analyse.set_stop_words, which adds the words to both extractors
(TF-IDF and TextRank); --idf FILE only concerns extract.

The output file is written atomically (temporary file + rename).
"""
import argparse
import json
import logging
import os
import sys
import tempfile

MODES = ('extract', 'accurate', 'nohmm', 'full', 'search', 'pos', 'posnohmm', 'textrank')
KEYWORD_MODES = ('extract', 'textrank')
TEXTRANK_DEFAULT_POS = ('ns', 'n', 'vn', 'v')    # jieba.analyse.textrank's default allowPOS


def split_lines(data):
    """bytes -> list of decoded lines, exactly as kwx's CLI splits its input."""
    pieces = data.split(b'\n')
    if pieces[-1] == b'':
        pieces.pop()            # b'' -> 0 lines; b'a\n' -> 1 line; b'a' -> 1 line
    out = []
    ended = data.endswith(b'\n')
    for i, p in enumerate(pieces):
        # Only a '\r' right before a '\n' is part of the line end: a last line "abc\r" with no
        # '\n' after it keeps its '\r', as the CLI does.
        if p.endswith(b'\r') and (i + 1 < len(pieces) or ended):
            p = p[:-1]
        out.append(p.decode('utf-8', 'replace'))
    return out


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(',', ':'))


# Set up in the parent before the worker processes are forked; the workers inherit it.
_OPTS = None


def _setup(opts):
    global _OPTS
    import jieba
    jieba.setLogLevel(logging.CRITICAL + 10)     # silence "Building prefix dict ..." and friends
    jieba.initialize()
    if opts.mode in KEYWORD_MODES:
        import jieba.analyse       # imports jieba.posseg too (its HMM tables, its word-tag table)
        if opts.idf:
            jieba.analyse.set_idf_path(opts.idf)
        if opts.stop_words:
            jieba.analyse.set_stop_words(opts.stop_words)
    elif opts.mode in ('pos', 'posnohmm'):
        import jieba.posseg        # loaded here, before the fork, so the workers share it
    _OPTS = opts


def uses_posseg_hmm(opts):
    """Whether the mode cuts with jieba.posseg's HMM (slow: pure Python, with POS states)."""
    return (opts.mode in ('pos', 'textrank')
            or (opts.mode == 'extract' and opts.allow_pos is not None and parse_pos_list(opts.allow_pos) != ()))


def parse_pos_list(s):
    """--allow-pos's value -> the allowPOS tuple (items literal, empty items dropped)."""
    return tuple(p for p in s.split(',') if p)


def _plain(v):
    """jieba's answer -> JSON-able: pair(word, flag) -> [word, flag], tuples -> lists."""
    import jieba.posseg
    if isinstance(v, jieba.posseg.pair):
        return [v.word, v.flag]
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _answer(line):
    import jieba
    m = _OPTS.mode
    if m == 'extract' and _OPTS.allow_pos is None:
        import jieba.analyse
        r = jieba.analyse.extract_tags(line, topK=_OPTS.topk, withWeight=_OPTS.with_weight)
        if _OPTS.with_weight:
            r = [[w, x] for w, x in r]
        return r
    if m == 'extract':
        import jieba.analyse
        return _plain(jieba.analyse.extract_tags(line, topK=_OPTS.topk, withWeight=_OPTS.with_weight,
                                                 allowPOS=parse_pos_list(_OPTS.allow_pos),
                                                 withFlag=_OPTS.with_flag))
    if m == 'textrank':
        import jieba.analyse
        pos = TEXTRANK_DEFAULT_POS if _OPTS.allow_pos is None else parse_pos_list(_OPTS.allow_pos)
        return _plain(jieba.analyse.textrank(line, topK=_OPTS.topk, withWeight=_OPTS.with_weight,
                                             allowPOS=pos, withFlag=_OPTS.with_flag))
    if m == 'pos':
        import jieba.posseg
        return [[p.word, p.flag] for p in jieba.posseg.lcut(line)]
    if m == 'posnohmm':
        import jieba.posseg
        return [[p.word, p.flag] for p in jieba.posseg.lcut(line, HMM=False)]
    if m == 'accurate':
        return jieba.lcut(line)
    if m == 'nohmm':
        return jieba.lcut(line, HMM=False)
    if m == 'full':
        return jieba.lcut(line, cut_all=True)
    if m == 'search':
        return jieba.lcut_for_search(line)
    raise ValueError(m)


def _work(chunk):
    return ''.join(dumps(_answer(line)) + '\n' for line in chunk).encode('utf-8')


def _chunks(lines, target_chars=65536, max_lines=2000):
    """Consecutive groups of lines of about target_chars characters (order is kept)."""
    chunk, size = [], 0
    for line in lines:
        chunk.append(line)
        size += len(line) + 1
        if size >= target_chars or len(chunk) >= max_lines:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def run(opts, data):
    """-> output bytes."""
    lines = split_lines(data)
    _setup(opts)
    jobs = opts.jobs if opts.jobs and opts.jobs > 0 else (os.cpu_count() or 1)
    if uses_posseg_hmm(opts):
        # jieba.posseg's HMM costs up to ~7 ms per character on a run of Han characters its tables
        # do not know (one 3000-char line of adversarial.txt: 20 s): smaller groups keep both
        # workers busy around such lines.
        chunks = list(_chunks(lines, target_chars=4096, max_lines=200))
    else:
        chunks = list(_chunks(lines))
    if jobs == 1 or len(chunks) <= 1:
        return b''.join(_work(c) for c in chunks)
    import multiprocessing
    ctx = multiprocessing.get_context('fork')
    with ctx.Pool(min(jobs, len(chunks))) as pool:
        return b''.join(pool.imap(_work, chunks, chunksize=1))


def write_atomic(path, data):
    if path == '-':
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(path) + '.', suffix='.tmp', dir=d)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mode', required=True, choices=MODES)
    ap.add_argument('--topk', type=int, default=20, help='extract, textrank: keywords per line (0 = all)')
    ap.add_argument('--with-weight', action='store_true', help='extract, textrank: [word, weight] pairs')
    ap.add_argument('--allow-pos', metavar='LIST',
                    help='extract, textrank: allowPOS, comma-separated (textrank default: ns,n,vn,v)')
    ap.add_argument('--with-flag', action='store_true',
                    help='extract, textrank: withFlag=True, words as [word, flag]')
    ap.add_argument('--stop-words', metavar='FILE',
                    help='extract, textrank: jieba.analyse.set_stop_words')
    ap.add_argument('--idf', metavar='FILE', help='extract: jieba.analyse.set_idf_path')
    ap.add_argument('--jobs', type=int, default=0, help='worker processes (default: all cores)')
    ap.add_argument('input', metavar='INPUT')
    ap.add_argument('output', metavar='OUTPUT')
    opts = ap.parse_args(argv)
    if opts.mode not in KEYWORD_MODES and (opts.with_weight or opts.stop_words or opts.idf
                                           or opts.allow_pos is not None or opts.with_flag):
        ap.error('--with-weight, --allow-pos, --with-flag, --stop-words and --idf need '
                 '--mode extract or textrank')
    if opts.mode == 'textrank' and opts.idf:
        ap.error('--idf needs --mode extract')
    return opts


def main(argv=None):
    opts = parse_args(argv)
    try:
        import jieba  # noqa: F401
    except ImportError as e:
        print(f'oracle.py: {sys.executable} cannot import jieba ({e}); run scripts/setup.sh '
              '(or: apt-get install python3-jieba)', file=sys.stderr)
        return 2
    if opts.input == '-':
        data = sys.stdin.buffer.read()
    else:
        with open(opts.input, 'rb') as f:
            data = f.read()
    write_atomic(opts.output, run(opts, data))
    return 0


if __name__ == '__main__':
    sys.exit(main())
