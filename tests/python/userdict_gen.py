#!/usr/bin/python3
"""Deterministic generator of jieba user dictionaries and of user-word operation sequences, for
the differential tests of kwx's user-dictionary API against jieba 0.42.1 (test_userdict.py).

Everything is drawn from a random.Random(seed): the same seed and the same input (jieba's dict.txt,
the text lines given) give byte-identical files and identical operation lists.

  Pools(dict_path, text_lines)          the material: dict.txt's words, tags and characters, Han
                                        runs of real text
  make_userdict(seed, pools, n)         -> (bytes of a load_userdict file, words to look up)
  make_probe_lines(rng, pools, words)   -> lines of text that contain the words in context
  make_ops(seed, pools, n)              -> a random sequence of add_word / del_word / suggest_freq /
                                           load_userdict operations with 'check' points
  apply_op(target, op, path_of)         runs one operation on a jieba or kwx module or Tokenizer
  userdict_words(data)                  the words load_userdict reads from a file's bytes (jieba's
                                        own parse, to know which keys to look up)

A user dictionary line is `word [freq] [tag]`, parsed by jieba with
re_userdict = '^(.+?)( [0-9]+)?( [a-z]+)?$' after bytes.strip(), a UTF-8 decode and
lstrip('\\ufeff') (jieba/__init__.py, load_userdict). The files cover: words from dict.txt (new
frequency, new tag, freq 0 = deletion), substrings of real text, words joined from or extending
dictionary words, words overlapping dictionary words, prefixes of other user words (before and
after them), single characters (Han, non-Han, ASCII), words with ASCII letters, digits, '+', '.',
'-', '_' and spaces inside ("iPhone 12" is the word "iPhone" with freq 12 for jieba!), freq 0,
freqs up to 10**12, leading zeros, lines with freq only, tag only, both, neither, lines that do
not parse as they look (upper-case tag, double space, tab, full-width digits), leading and
trailing blanks (ASCII ones are stripped, U+00A0 and U+3000 are not), blank lines, a UTF-8 BOM on
the first line (and, rarely, on a later one: jieba strips it from every line), CRLF line ends,
a lone CR inside a line, no newline after the last line.

As a script: userdict_gen.py --out-dir DIR [--seed N] [--entries N] writes a few dictionaries,
probe lines and an operation list there, for a look by hand.
"""
import argparse
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
DEFAULT_TEXT = os.path.join(SOURCE_DIR, 'samples', 'message.txt')

# jieba's (jieba/__init__.py): the line format of load_userdict.
RE_USERDICT = re.compile('^(.+?)( [0-9]+)?( [a-z]+)?$', re.U)
RE_HAN_RUN = re.compile('[\u4E00-\u9FD5]+')

# Words with ASCII inside, as users write them. Several do not mean what they look like in a
# user dictionary: "iPhone 12" is the word "iPhone" with freq 12, "Mac OS x" the word "Mac OS"
# with tag "x", "GB 2312" the word "GB" with freq 2312.
ASCII_WORDS = ['iPhone 12', 'iPhone12', 'iphone', 'IPHONE', 'C++', 'c++', 'C++11', 'C#语言',
               'easy_install', 'Edu Trust认证', 'AT&T', 'x86_64', 'e-mail', 'E-Mail', '3.14',
               '3.14%', '100%', 'U盘2代', 'B2B', 'iOS', 'Python3', 'python', 'node.js', 'Wi-Fi',
               'T恤衫2', '5G网络', '4S店', 'A股', 'Mac OS x', 'GB 2312', 'hello world', 'Hello', 'ok',
               'OK', 'a', 'Z', '7', '42', '2023年', '第3季度', 'K线图', 'X光片', 'pH值', 'PM2.5', 'H7N9',
               'MP3播放器', 'iPad Pro', 'Windows 10', 'COVID-19', '5.1假期', 'ABC', 'abc123', '_init_',
               'a.b', 'foo-bar', 'C', 'c', 'TV', 'ＡＢＣ', '１２３', 'ｉＰｈｏｎｅ']
# Single characters that are not in re_han (never joined with Han text by jieba's cut).
NON_HAN_CHARS = ['〇', 'ㄅ', '℃', '々', '・', '，', '。', '😀', '\u3400', '\u9fd6', '\uf900', '\U00020000']
PUNCT = list('，。！？；：“”（）《》、…「」') + list(',.!?;:()"\'/')
ODD_TAGS = ['x', 'eng', 'nz', 'userword', 'zz', 'nrfg', 'i', 'm']
ODD_API_TAGS = ['NZ', 'n2', 'user tag', '标签', 'N']    # add_word takes any str as a tag


class Pools(object):
    """The material words and text are drawn from."""

    def __init__(self, dict_path=None, text_lines=None):
        if dict_path is None:
            dict_path = jieba_dict_path()
        self.dict_words = []
        self.freq = {}
        self.tags = {}
        with open(dict_path, 'rb') as f:
            for raw in f:
                word, freq, tag = raw.decode('utf-8').split()
                self.dict_words.append(word)
                self.freq[word] = int(freq)
                self.tags[word] = tag
        # Words that occur in text: frequent ones, of 2 to 4 characters, all Han.
        self.common = [w for w in self.dict_words if self.freq[w] >= 2000 and 2 <= len(w) <= 4
                       and RE_HAN_RUN.fullmatch(w)]
        self.common_chars = [w for w in self.dict_words if len(w) == 1 and self.freq[w] >= 5000
                             and RE_HAN_RUN.fullmatch(w)]
        self.rare_chars = [w for w in self.dict_words if len(w) == 1 and self.freq[w] < 20
                           and RE_HAN_RUN.fullmatch(w)]
        self.by_first = {}
        for w in self.common:
            self.by_first.setdefault(w[0], []).append(w)
        self.tag_list = sorted(set(self.tags.values()))
        if text_lines is None:
            with open(DEFAULT_TEXT, encoding='utf-8') as f:
                text_lines = f.read().splitlines()
        self.text_lines = [s for s in text_lines if s.strip()]
        self.han_runs = [r for s in self.text_lines for r in RE_HAN_RUN.findall(s) if len(r) >= 2]
        if not self.han_runs:
            self.han_runs = self.common[:]

    # ------------------------------------------------------------------------------- words
    def dict_word(self, rng):
        return rng.choice(self.common) if rng.random() < 0.7 else rng.choice(self.dict_words)

    def text_word(self, rng):
        run = rng.choice(self.han_runs)
        n = min(len(run), rng.choice((2, 2, 3, 3, 4, 5)))
        i = rng.randrange(len(run) - n + 1)
        return run[i:i + n]

    def joined_word(self, rng):
        return rng.choice(self.common) + rng.choice(self.common)

    def extended_word(self, rng):
        w = self.dict_word(rng)
        c = rng.choice(self.common_chars)
        return w + c if rng.random() < 0.5 else c + w

    def overlapping_word(self, rng):
        # w1 + w2 where w2 starts with w1's last character, sharing it: 拖拉机 + 机场 -> 拖拉机场.
        for _ in range(20):
            w1 = rng.choice(self.common)
            nxt = self.by_first.get(w1[-1])
            if nxt:
                return w1 + rng.choice(nxt)[1:]
        return self.joined_word(rng)

    def crossing_word(self, rng):
        # The end of one dictionary word and the start of the next: 拖拉|机学|院.
        w1, w2 = rng.choice(self.common), rng.choice(self.common)
        return w1[rng.randrange(1, len(w1)):] + w2[:rng.randrange(1, len(w2))]

    def single_char(self, rng):
        r = rng.random()
        if r < 0.5:
            return rng.choice(self.common_chars)
        if r < 0.75:
            return rng.choice(self.rare_chars)
        if r < 0.9:
            return rng.choice(NON_HAN_CHARS)
        return rng.choice('aZ7+-._%#&')

    def ascii_word(self, rng):
        r = rng.random()
        if r < 0.6:
            return rng.choice(ASCII_WORDS)
        a = rng.choice([w for w in ASCII_WORDS if ' ' not in w])
        return a + self.dict_word(rng) if r < 0.8 else self.dict_word(rng) + a

    def spaced_word(self, rng):
        # Han words with a blank inside (never a token of jieba's cut, but in FREQ and total).
        return rng.choice(self.common) + rng.choice(' \t') + rng.choice(self.common)

    def word(self, rng):
        kind = rng.choices(
            ['dict', 'text', 'joined', 'extended', 'overlap', 'crossing', 'char', 'ascii',
             'spaced'],
            [25, 15, 10, 10, 10, 8, 10, 9, 3])[0]
        return getattr(self, {'dict': 'dict_word', 'text': 'text_word', 'joined': 'joined_word',
                              'extended': 'extended_word', 'overlap': 'overlapping_word',
                              'crossing': 'crossing_word', 'char': 'single_char',
                              'ascii': 'ascii_word', 'spaced': 'spaced_word'}[kind])(rng)


def jieba_dict_path():
    """jieba's dict.txt, found without importing jieba (which would not load it anyway)."""
    import importlib.util
    spec = importlib.util.find_spec('jieba')
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError('jieba is not importable: run with /usr/bin/python3 (python3-jieba)')
    return os.path.join(list(spec.submodule_search_locations)[0], 'dict.txt')


# ---------------------------------------------------------------------------------- frequencies
def random_freq(rng, huge=False):
    """None (load_userdict / add_word then computes suggest_freq(word)), 0, small, medium, big;
    with huge, rarely 10**9 to 10**12 (then `total` grows far past dict.txt's 60101967, which
    changes the whole route: every word costs more)."""
    kind = rng.choices([None, 0, 'small', 'medium', 'big', 'huge'],
                       [26, 8, 24, 34, 6, 0.4 if huge else 0])[0]
    if kind is None or kind == 0:
        return kind
    if kind == 'small':
        return rng.randint(1, 10)
    if kind == 'medium':
        return rng.randint(11, 20000)
    if kind == 'big':
        return rng.randint(10 ** 5, 10 ** 7)
    return rng.choice([10 ** 9, 2 ** 40 + 1, 10 ** 12, 999999999999])


def random_tag(rng, pools, api=False):
    r = rng.random()
    if r < 0.5:
        return None
    if r < 0.75:
        return pools.tags[rng.choice(pools.dict_words)]     # as often as in dict.txt
    if r < 0.85:
        return rng.choice(pools.tag_list)
    if api and r < 0.93:
        return rng.choice(ODD_API_TAGS + [''])
    return rng.choice(ODD_TAGS)


# ---------------------------------------------------------------------------------- user dicts
def render_line(rng, word, freq, tag):
    """The text of one line for (word, freq, tag), sometimes with blanks or a twist."""
    parts = [word]
    if freq is not None:
        f = str(freq)
        if rng.random() < 0.04:
            f = '0' * rng.randint(1, 3) + f            # leading zeros: int('007') == 7
        parts.append(f)
    if tag is not None:
        parts.append(tag)
    sep = ' '
    r = rng.random()
    line = sep.join(parts)
    if len(parts) > 1 and r < 0.03:
        line = parts[0] + '  ' + ' '.join(parts[1:])   # two blanks: the word ends with a blank
    elif len(parts) > 1 and r < 0.05:
        line = parts[0] + '\t' + ' '.join(parts[1:])   # a tab: all one word
    elif tag is not None and r < 0.07:
        line = ' '.join(parts[:-1] + [tag.upper()])    # upper case: not a tag, part of the word
    elif freq is not None and r < 0.08:
        line = ' '.join([word, str(freq).translate(FULLWIDTH_DIGITS)] + parts[2:])
    r = rng.random()
    if r < 0.08:
        line = rng.choice([' ', '  ', '\t', '\x0b', '\x0c', ' \t ']) + line   # stripped
    r = rng.random()
    if r < 0.12:
        line += rng.choice([' ', '   ', '\t', ' \t', '\x0b', '\x0c'])         # stripped
    elif r < 0.14:
        line += rng.choice(['\xa0', '\u3000'])   # not stripped by bytes.strip(): part of the line
    return line


FULLWIDTH_DIGITS = {ord(str(d)): chr(0xFF10 + d) for d in range(10)}


def make_entries(rng, pools, n, huge=False):
    """n (word, freq, tag) entries; some words come with prefixes of themselves, before or after."""
    entries = []
    while len(entries) < n:
        w = pools.word(rng)
        e = (w, random_freq(rng, huge), random_tag(rng, pools))
        if len(w) >= 3 and rng.random() < 0.25:
            p = (w[:rng.randrange(1, len(w))], random_freq(rng, huge), random_tag(rng, pools))
            entries.extend([p, e] if rng.random() < 0.5 else [e, p])
        else:
            entries.append(e)
        if rng.random() < 0.04 and entries:
            # the same word again later in the file, with other values
            old = rng.choice(entries)[0]
            entries.append((old, random_freq(rng, huge), random_tag(rng, pools)))
    return entries[:n]


def render_userdict(rng, entries, bom=None, crlf=None):
    """The bytes of a user dictionary file with these entries, blank lines among them."""
    if bom is None:
        bom = rng.random() < 0.5
    if crlf is None:
        crlf = rng.choice(['lf', 'crlf', 'mixed'])
    out = []
    for i, (word, freq, tag) in enumerate(entries):
        if rng.random() < 0.04:
            out.append(rng.choice(['', '', ' ', '\t', '  \t ']))     # blank lines
        line = render_line(rng, word, freq, tag)
        if i > 0 and rng.random() < 0.005:
            line = '\ufeff' + line        # a BOM on a later line: jieba strips it there too
        if rng.random() < 0.003:
            line = line + '\r' + 'x'      # a lone CR inside a line: part of the word
        out.append(line)
    ends = []
    for _ in out:
        if crlf == 'lf':
            ends.append('\n')
        elif crlf == 'crlf':
            ends.append('\r\n')
        else:
            ends.append(rng.choice(['\n', '\r\n']))
    if rng.random() < 0.5:
        ends[-1] = ''                      # no newline after the last line
    text = ''.join(line + end for line, end in zip(out, ends))
    data = text.encode('utf-8')
    if bom:
        data = b'\xef\xbb\xbf' + data
    return data


def make_userdict(seed, pools, n=1000, bom=None, crlf=None, huge=False, reuse=()):
    """(bytes of a user dictionary with n entries, the words to look up in FREQ). huge: a few
    frequencies of 10**9 to 10**12. reuse: words (of another file) of which a third of the entries
    give new values, so that the order in which the files are loaded matters."""
    rng = random.Random('userdict-%s' % (seed,))
    entries = make_entries(rng, pools, n, huge)
    if reuse:
        reuse = sorted(reuse)
        for i in rng.sample(range(n), n // 3):
            w = rng.choice(reuse)
            entries[i] = (w, rng.choice([0, 1, 3, 50, 5000, 300000, None]),
                          random_tag(rng, pools))
    data = render_userdict(rng, entries, bom=bom, crlf=crlf)
    words = sorted(set(userdict_words(data)) | {e[0] for e in entries})
    return data, words


def userdict_words(data):
    """The words jieba's load_userdict adds for a file's bytes (its parse: bytes.strip() per
    b'\\n'-line, decode, lstrip BOM, skip empty, re_userdict)."""
    words = []
    for ln in data.split(b'\n'):
        line = ln.strip()
        try:
            line = line.decode('utf-8').lstrip('\ufeff')
        except UnicodeDecodeError:
            continue
        if not line:
            continue
        words.append(RE_USERDICT.match(line).group(1))
    return words


def with_prefixes(words):
    """The words and every prefix of them (what add_word puts into FREQ with 0)."""
    out = set()
    for w in words:
        for i in range(1, len(w) + 1):
            out.add(w[:i])
    return sorted(out)


# ---------------------------------------------------------------------------------- text
def make_probe_lines(rng, pools, words, n=200):
    """Lines of text in which the given words occur among dictionary words, real text, other
    user words, punctuation and ASCII: where a user word changes jieba's route."""
    words = [w for w in words if w.strip()] or pools.common[:50]
    lines = []
    for _ in range(n):
        pieces = []
        for _ in range(rng.randint(3, 10)):
            r = rng.random()
            if r < 0.45:
                pieces.append(rng.choice(words))
            elif r < 0.6:
                pieces.append(rng.choice(pools.common))
            elif r < 0.72:
                pieces.append(pools.text_word(rng))
            elif r < 0.8:
                pieces.append(rng.choice(pools.common_chars))
            elif r < 0.88:
                pieces.append(rng.choice(PUNCT))
            elif r < 0.94:
                pieces.append(rng.choice(ASCII_WORDS))
            else:
                pieces.append(rng.choice([' ', '  ', '\t']))
        lines.append(''.join(pieces))
    # Each word alone, and twice in a row.
    for w in rng.sample(words, min(len(words), n // 4)):
        lines.append(w if rng.random() < 0.5 else w + w)
    return lines


# ---------------------------------------------------------------------------------- operations
def make_ops(seed, pools, n=150, check_every=8, probe_lines=12, userdict_entries=60,
             del_heavy=False):
    """A list of operations, JSON-able:
      ('add_word', word, freq, tag)      freq None -> omitted argument (likewise tag); freq may be
                                         a str of digits (add_word does int(freq))
      ('del_word', word)
      ('suggest_freq', segment, tune)    segment a str, or a list of str (a tuple for the call)
      ('load_userdict', data_hex, how)   how: 'path' or 'binary' (file object opened 'rb')
      ('check', [line, ...])             compare everything on these lines
    Words are drawn so that many are touched more than once (deleted and added again,
    tuned and deleted, ...); the check lines contain the words touched lately. del_heavy: about
    half of the operations are del_word (of frequent words, which the HMM would often join
    again: finalseg's force split)."""
    rng = random.Random('ops-%s' % (seed,))
    touched = []
    ops = []

    def pick_word():
        if touched and rng.random() < 0.35:
            return rng.choice(touched)
        return pools.word(rng) if rng.random() < 0.6 else rng.choice(pools.common)

    for i in range(n):
        kind = rng.choices(['add', 'del', 'suggest_str', 'suggest_seg', 'load'],
                           [18, 45, 15, 16, 6] if del_heavy else [32, 22, 20, 20, 6])[0]
        if kind == 'add':
            w = pick_word()
            freq = random_freq(rng, huge=True)
            if freq is not None and rng.random() < 0.1:
                freq = str(freq)
            ops.append(('add_word', w, freq, random_tag(rng, pools, api=True)))
        elif kind == 'del':
            w = pick_word() if rng.random() < 0.5 else rng.choice(pools.common)
            ops.append(('del_word', w))
        elif kind == 'suggest_str':
            w = pick_word() if rng.random() < 0.5 else pools.joined_word(rng)
            ops.append(('suggest_freq', w, rng.random() < 0.8))
        elif kind == 'suggest_seg':
            r = rng.random()
            if r < 0.6:
                w = pick_word()
                if len(w) < 2:
                    w = rng.choice(pools.common)
                cut = sorted(rng.sample(range(1, len(w)), min(len(w) - 1, rng.choice((1, 1, 2)))))
                seg = [w[a:b] for a, b in zip([0] + cut, cut + [len(w)])]
            else:
                seg = [rng.choice(pools.common), rng.choice(pools.common)]
            ops.append(('suggest_freq', seg, rng.random() < 0.8))
        else:
            entries = make_entries(rng, pools, userdict_entries)
            data = render_userdict(rng, entries)
            ops.append(('load_userdict', data.hex(), rng.choice(['path', 'binary'])))
            touched.extend(e[0] for e in entries[:10])
        last = ops[-1]
        if last[0] in ('add_word', 'del_word'):
            touched.append(last[1])
        elif last[0] == 'suggest_freq':
            touched.append(last[1] if isinstance(last[1], str) else ''.join(last[1]))
        if (i + 1) % check_every == 0 or i == n - 1:
            ops.append(('check', make_probe_lines(rng, pools, touched[-check_every * 2:],
                                                  probe_lines)))
    return ops


def op_words(op):
    """The words an operation touches (to look up in FREQ afterwards)."""
    if op[0] in ('add_word', 'del_word'):
        return [op[1]]
    if op[0] == 'suggest_freq':
        return [op[1]] if isinstance(op[1], str) else list(op[1]) + [''.join(op[1])]
    if op[0] == 'load_userdict':
        return userdict_words(bytes.fromhex(op[1]))
    return []


def apply_op(target, op, path_of):
    """Runs a non-'check' operation on `target` (jieba, kwx, or a Tokenizer of either) and
    returns what the call returns. path_of(data) -> the path of a file holding `data`."""
    name = op[0]
    if name == 'add_word':
        _, word, freq, tag = op
        kwargs = {}
        if freq is not None:
            kwargs['freq'] = freq
        if tag is not None:
            kwargs['tag'] = tag
        return target.add_word(word, **kwargs)
    if name == 'del_word':
        return target.del_word(op[1])
    if name == 'suggest_freq':
        seg = op[1] if isinstance(op[1], str) else tuple(op[1])
        return target.suggest_freq(seg, op[2])
    if name == 'load_userdict':
        path = path_of(bytes.fromhex(op[1]))
        if op[2] == 'path':
            return target.load_userdict(path)
        with open(path, 'rb') as f:
            return target.load_userdict(f)
    raise ValueError('not an operation to apply: %r' % (op[0],))


def file_path_cache(directory):
    """path_of for apply_op: each distinct content written once to `directory`."""
    paths = {}

    def path_of(data):
        if data not in paths:
            paths[data] = os.path.join(directory, 'ops_userdict_%d.txt' % len(paths))
            with open(paths[data], 'wb') as f:
                f.write(data)
        return paths[data]
    return path_of


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('--seed', default='1')
    ap.add_argument('--entries', type=int, default=1000)
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    pools = Pools()
    all_words = []
    for k in range(3):
        data, words = make_userdict('%s-%d' % (args.seed, k), pools, args.entries)
        all_words += words
        with open(os.path.join(args.out_dir, 'userdict_%d.txt' % k), 'wb') as f:
            f.write(data)
    with open(os.path.join(args.out_dir, 'probe.txt'), 'w', encoding='utf-8') as f:
        for line in make_probe_lines(random.Random(args.seed), pools, all_words):
            f.write(line.replace('\n', ' ') + '\n')
    with open(os.path.join(args.out_dir, 'ops.json'), 'w', encoding='utf-8') as f:
        json.dump(make_ops(args.seed, pools), f, ensure_ascii=False, indent=0)


if __name__ == '__main__':
    main()
