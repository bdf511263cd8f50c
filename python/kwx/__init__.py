"""kwx: the segmentation and keyword extraction of jieba 0.42.1, bit-exact, in C++.

A drop-in for the parts of jieba it implements: `import kwx as jieba` runs jieba code unchanged
(`jieba.lcut`, `jieba.cut_for_search`, `jieba.tokenize`, `jieba.Tokenizer`,
`jieba.analyse.extract_tags` with allowPOS/withFlag, `textrank`, `TFIDF`, `TextRank`,
`set_stop_words`, `set_idf_path`, `jieba.posseg`, user words (`load_userdict`, `add_word`,
`del_word`, `suggest_freq`, `get_FREQ`), `enable_parallel` (threads, not processes), `get_DAG`,
`calc`, and the whoosh `ChineseAnalyzer`) with the same results. What it does not implement
(paddle mode, ...; the README lists it) raises NotImplementedError naming the feature, never a
different answer.

Beyond jieba: `kwx.analyse.extract_tags_batch(lines, ...)`, `textrank_batch`,
`kwx.posseg.lcut_batch` and `kwx.extract_file(path, ...)` run
the C++ pipeline on all cores without the GIL; `kwx.format_tags` lays a result out as a line of
`kwx extract`. Every object pickles by its construction arguments (paths), and loaded data is
cached per process, so Tokenizer and TFIDF objects cross process boundaries cheaply.

Text: a str, or bytes decoded as jieba does (UTF-8, else GBK). A str that cannot be encoded to
UTF-8 (a lone surrogate such as '\\ud800') raises UnicodeEncodeError, a ValueError.
"""
import io
import operator
import os
from _thread import RLock as _RLock  # threading's RLock, without importing threading (2 ms)
from math import log

from . import _config
from . import _kwx
from . import _models
from ._compat import ModuleRegexes as _ModuleRegexes
from ._compat import abs_path as _abs_path
from ._compat import not_supported as _not_supported
from ._compat import strdecode

__version__ = _config.VERSION
jieba_version = '0.42.1'   # the jieba whose results kwx reproduces

DEFAULT_DICT = None
DEFAULT_DICT_NAME = 'dict.txt'

# jieba's module regexes (re_userdict, re_eng, re_han_default, re_skip_default: the module's
# __getattr__ hands them out). The C++ code implements them; replacing one (as jieba's users do,
# e.g. re_han_default to keep spaces inside words) changes the results as in jieba: the text is
# then split into blocks in Python with the replacement and each block cut in C++ (_own_blocks).
_U = 32  # re.U
_regexes = _ModuleRegexes(globals(), dict(
    re_userdict=('^(.+?)( [0-9]+)?( [a-z]+)?$', _U),
    re_eng=('[a-zA-Z0-9]', _U),
    re_han_default=('([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)', _U),
    re_skip_default=('(\r\n|\\s)', _U)))
_replaced = _regexes.replaced


def _own_blocks():
    """(re_han_default, re_skip_default) when one of them was replaced, else None (the C++ cut
    has jieba's). re_eng works inside blocks, where kwx cannot honour a replacement: refused."""
    if _replaced('re_eng'):
        raise _not_supported('a replaced re_eng (jieba uses it inside blocks)')
    if _replaced('re_han_default') or _replaced('re_skip_default'):
        return _regexes.get('re_han_default'), _regexes.get('re_skip_default')
    return None


def data_dir():
    """The directory the default data is loaded from ($KWX_DATA_DIR overrides)."""
    return _models.data_dir()


class Tokenizer(object):
    """jieba.Tokenizer: segmentation with one dictionary (a dict.txt-format file; None = the
    default). Loaded on first use, as jieba does; pickles as its dictionary path."""

    def __init__(self, dictionary=DEFAULT_DICT):
        self.lock = _RLock()
        if dictionary == DEFAULT_DICT:
            self.dictionary = dictionary
        else:
            self.dictionary = _abs_path(dictionary)
        self.initialized = False
        # Accepted for compatibility; kwx needs no cache file (the compiled data is mmap'ed).
        self.tmp_dir = None
        self.cache_file = None
        self._model = None
        self._reset_changes()

    def _reset_changes(self):
        # User words (load_userdict, add_word, del_word, suggest_freq(tune=True)) live in a C++
        # DictionaryBuilder on the loaded dictionary, which stays shared and unchanged; a
        # snapshot with the changes is built when the words are next read. _changes is their
        # log, which pickling carries so that an unpickled Tokenizer has the same words.
        self._builder = None
        self._snapshot = None
        self._changes = []
        # jieba's posseg moves user_word_tag_tab into its own table at every cut (and empties
        # it): the changes before this index have been "moved" (see user_word_tag_tab).
        self._tags_moved = 0

    def __repr__(self):
        return '<Tokenizer dictionary=%r>' % self.dictionary

    def __reduce__(self):
        if not self._changes:
            return (Tokenizer, (self.dictionary,))
        return (_restore_tokenizer, (self.dictionary, tuple(self._changes)))

    def initialize(self, dictionary=None):
        if dictionary:
            abs_path = _abs_path(dictionary)
            if self.dictionary == abs_path and self.initialized:
                return
            self.dictionary = abs_path
            self.initialized = False
        with self.lock:
            if self.initialized:
                return
            self._model = _models.dictionary(self.dictionary)
            # jieba builds FREQ anew from the dictionary file: earlier user words are gone.
            self._reset_changes()
            self.initialized = True

    def check_initialized(self):
        if not self.initialized:
            self.initialize()

    def _dict(self):
        """The dictionary to segment with (the C++ object): the loaded one, or a snapshot of it
        with the user words, loading and building on first use."""
        if not self.initialized:
            self.initialize()
        if self._builder is None:
            return self._model
        with self.lock:
            if self._snapshot is None:
                self._snapshot = self._builder.build()
            return self._snapshot

    def _edit(self):
        """The builder that collects user words (call with self.lock held)."""
        self.check_initialized()
        if self._builder is None:
            self._builder = _kwx.DictionaryBuilder(self._model)
        return self._builder

    @property
    def total(self):
        """jieba's `total`: the sum of the frequencies of the dictionary's lines and of every
        word added since (jieba never subtracts)."""
        with self.lock:
            if self._builder is not None:
                return self._builder.total
        if not self.initialized:
            return 0  # jieba's total before the dictionary is loaded
        return self._dict().total

    @property
    def FREQ(self):
        """jieba's FREQ, read-only: FREQ[w], FREQ.get(w, d) and `w in FREQ` (words, and their
        prefixes with 0)."""
        return _FreqView(self)

    def _posseg_used(self):
        """A posseg cut is starting: jieba's makesure_userdict_loaded empties user_word_tag_tab."""
        self._tags_moved = len(self._changes)

    def _lookup(self, word):
        with self.lock:
            if self._builder is not None:
                return self._builder.lookup(word)
        return self._dict().lookup(word)

    def cut(self, sentence, cut_all=False, HMM=True, use_paddle=False):
        """The words of `sentence`, as a generator (as jieba.cut). cut_all=True is the full mode;
        HMM=False turns off the HMM for unknown words. use_paddle is not supported."""
        if use_paddle:
            raise _not_supported('use_paddle=True (paddle mode)')
        own = _own_blocks()
        if own is not None:
            yield from self._cut_own_blocks(strdecode(sentence), cut_all, HMM, *own)
            return
        yield from self._dict().cut(strdecode(sentence), 'full' if cut_all else 'accurate',
                                    bool(HMM))

    def lcut(self, sentence, cut_all=False, HMM=True, use_paddle=False):
        """list(cut(...)), without the generator."""
        if use_paddle:
            raise _not_supported('use_paddle=True (paddle mode)')
        if _own_blocks() is not None:
            return list(self.cut(sentence, cut_all, HMM))
        return self._dict().cut(strdecode(sentence), 'full' if cut_all else 'accurate', bool(HMM))

    def _cut_own_blocks(self, sentence, cut_all, HMM, re_han, re_skip):
        """jieba's cut with replaced block regexes: the blocks split here, each cut in C++."""
        dictionary = self._dict()
        mode = 'full' if cut_all else 'accurate'
        hmm = bool(HMM)
        for blk in re_han.split(sentence):
            if not blk:
                continue
            if re_han.match(blk):
                yield from dictionary.cut_block(blk, mode, hmm)
                continue
            for x in re_skip.split(blk):
                if re_skip.match(x):
                    yield x
                elif not cut_all:
                    yield from x
                else:
                    yield x

    def _search_grams(self, words):
        """jieba's cut_for_search over `words`: each word preceded by its dictionary 2- and
        3-grams (for the replaced-regex path; the C++ cut does this itself)."""
        freq = self.FREQ
        for w in words:
            if len(w) > 2:
                for i in range(len(w) - 1):
                    gram2 = w[i:i + 2]
                    if freq.get(gram2):
                        yield gram2
            if len(w) > 3:
                for i in range(len(w) - 2):
                    gram3 = w[i:i + 3]
                    if freq.get(gram3):
                        yield gram3
            yield w

    def cut_for_search(self, sentence, HMM=True):
        """jieba.cut_for_search: the words, each preceded by its dictionary 2- and 3-grams."""
        if _own_blocks() is not None:
            yield from self._search_grams(self.cut(sentence, HMM=HMM))
            return
        yield from self._dict().cut(strdecode(sentence), 'search', bool(HMM))

    def lcut_for_search(self, sentence, HMM=True):
        if _own_blocks() is not None:
            return list(self.cut_for_search(sentence, HMM))
        return self._dict().cut(strdecode(sentence), 'search', bool(HMM))

    _lcut = lcut
    _lcut_for_search = lcut_for_search

    def _lcut_no_hmm(self, sentence):
        return self.lcut(sentence, False, False)

    def _lcut_all(self, sentence):
        return self.lcut(sentence, True)

    def _lcut_for_search_no_hmm(self, sentence):
        return self.lcut_for_search(sentence, False)

    def tokenize(self, unicode_sentence, mode='default', HMM=True):
        """Yields (word, start, end) with code point offsets; mode 'default' or 'search' (any
        other value is 'search', as in jieba)."""
        if not isinstance(unicode_sentence, str):
            raise ValueError('jieba: the input parameter should be unicode.')
        if _own_blocks() is None:
            yield from self._dict().tokenize(unicode_sentence, mode != 'default', bool(HMM))
            return
        # jieba's tokenize over the replaced-regex cut.
        freq = self.FREQ
        start = 0
        for w in self.cut(unicode_sentence, HMM=HMM):
            width = len(w)
            if mode != 'default':
                for n in (2, 3):
                    if width > n:
                        for i in range(width - n + 1):
                            if freq.get(w[i:i + n]):
                                yield (w[i:i + n], start + i, start + i + n)
            yield (w, start, start + width)
            start += width

    def set_dictionary(self, dictionary_path):
        with self.lock:
            abs_path = _abs_path(dictionary_path)
            if not os.path.isfile(abs_path):
                raise Exception('jieba: file does not exist: ' + abs_path)
            self.dictionary = abs_path
            self.initialized = False

    def get_dict_file(self):
        if self.dictionary == DEFAULT_DICT:
            return open(_models.default_files()['dict'], 'rb')
        return open(self.dictionary, 'rb')

    def load_userdict(self, f):
        """jieba's load_userdict: a path, or a file object (binary or text), one
        `word [freq] [tag]` per line (jieba's re_userdict); a line without freq gets
        suggest_freq(word) on everything before it. Unlike jieba, all or nothing: a line that is
        not UTF-8 raises ValueError (naming the file and the line) and nothing of the file is
        added."""
        self.check_initialized()
        if isinstance(f, str):
            name = f
            with open(f, 'rb') as fh:
                data = fh.read()
        else:
            name = _resolve_filename(f)
            # Lines as the file object yields them (a text file splits them its own way).
            lines = list(f)
            data = b''.join(lines) if lines and not isinstance(lines[0], str) else lines
        decoded = None
        if not isinstance(data, list) and _replaced('re_userdict'):
            # The C++ parser has jieba's re_userdict: with another one, the lines are read here.
            decoded = _decode_userdict_lines(bytes(data), name)
        with self.lock:
            builder = self._edit()
            if decoded is not None:
                self._add_lines(builder, decoded)
            elif isinstance(data, list):
                # A text-mode file: jieba strips each line with str.strip() and decodes nothing.
                self._add_lines(builder, [ln.strip() for ln in data])
            else:
                data = bytes(data)
                builder.load_userdict(data, name)
                self._changes.append(('userdict', data, name))
            self._snapshot = None

    def _add_lines(self, builder, lines):
        """load_userdict's lines, stripped (and decoded) as jieba does for the kind of file."""
        entries = []   # all lines parsed before any is added
        for line in lines:
            if not line:
                continue
            word, freq, tag = _regexes.get('re_userdict').match(line).groups()
            freq = int(freq.strip()) if freq is not None else None
            entries.append((word, freq, tag.strip() if tag is not None else ''))
        for word, freq, tag in entries:
            freq = builder.add_word(word, freq, tag)
            self._changes.append(('word', word, freq, tag))

    def add_word(self, word, freq=None, tag=None):
        """jieba's add_word: sets the word's frequency (None: suggest_freq(word)) and tag (if
        given), adds the frequency to `total`; freq 0 also keeps the HMM from proposing it.
        Threads already running a batch keep the words they started with."""
        word = strdecode(word)
        if freq is not None:
            freq = int(freq)
        tag = tag if tag else ''
        with self.lock:
            builder = self._edit()
            freq = builder.add_word(word, freq, tag)
            self._changes.append(('word', word, freq, tag))
            self._snapshot = None

    def del_word(self, word):
        """jieba's del_word: add_word(word, 0)."""
        self.add_word(word, 0)

    def suggest_freq(self, segment, tune=False):
        """jieba's suggest_freq: for a str, a frequency that makes the word come out whole;
        for a tuple of segments, one that makes it come out in those pieces. tune=True adds the
        word with it."""
        with self.lock:
            builder = self._edit()
            if isinstance(segment, str):
                word = segment
                freq = builder.suggest_freq(word)
            else:
                segment = tuple(map(strdecode, segment))
                word = ''.join(segment)
                freq = builder.suggest_freq_segments(list(segment))
            if tune:
                self.add_word(word, freq)
            return freq

    def _replay(self, changes):
        with self.lock:
            builder = self._edit()
            for change in changes:
                if change[0] == 'userdict':
                    builder.load_userdict(change[1], change[2])
                else:
                    builder.add_word(change[1], change[2], change[3])
                self._changes.append(change)
            self._snapshot = None

    def get_DAG(self, sentence):
        """jieba's get_DAG: {k: [i, ...]}, the ends i of the dictionary words that start at k
        (k alone when none does)."""
        self.check_initialized()
        freq = self.FREQ
        DAG = {}
        N = len(sentence)
        for k in range(N):
            tmplist = []
            i = k
            frag = sentence[k]
            while i < N:
                f = freq.get(frag)
                if f is None:
                    break
                if f:
                    tmplist.append(i)
                i += 1
                frag = sentence[k:i + 1]
            if not tmplist:
                tmplist.append(k)
            DAG[k] = tmplist
        return DAG

    def calc(self, sentence, DAG, route):
        """jieba's calc: fills `route` with the best (log probability, end) from each position
        over `DAG`, the same floats as jieba's."""
        N = len(sentence)
        route[N] = (0, 0)
        logtotal = log(self.total)
        get = self.FREQ.get
        for idx in range(N - 1, -1, -1):
            route[idx] = max((log(get(sentence[idx:x + 1]) or 1) -
                              logtotal + route[x + 1][0], x) for x in DAG[idx])

    @property
    def user_word_tag_tab(self):
        """jieba's user_word_tag_tab: the tags given to added words (add_word, load_userdict),
        read-only (kwx tags in C++: use add_word(word, tag=...) to change one). As in jieba, a
        posseg cut with this tokenizer (also extract_tags with allowPOS, textrank) empties it."""
        tags = _ReadOnlyDict()
        for change in self._changes[self._tags_moved:]:
            if change[0] == 'userdict':
                for word, _, tag in _userdict_entries(change[1]):
                    if tag:
                        dict.__setitem__(tags, word, tag)
            elif change[3]:
                dict.__setitem__(tags, change[1], change[3])
        return tags


def _restore_tokenizer(dictionary, changes):
    t = Tokenizer(dictionary)
    t._replay(changes)
    return t


def _userdict_entries(data):
    """(word, freq, tag) of each line of a user dictionary's bytes, as jieba's load_userdict
    reads a binary file (the C++ parser accepted these bytes: they are UTF-8)."""
    for ln in io.BytesIO(data):
        line = ln.strip().decode('utf-8').lstrip('\ufeff')
        if not line:
            continue
        word, freq, tag = _regexes.original('re_userdict').match(line).groups()
        yield word, freq, tag.strip() if tag is not None else None


def _decode_userdict_lines(data, name):
    """The lines of a binary user dictionary as jieba's load_userdict decodes them."""
    lines = []
    for ln in io.BytesIO(data):
        try:
            lines.append(ln.strip().decode('utf-8').lstrip('\ufeff'))   # bytes.strip: ASCII only
        except UnicodeDecodeError:
            raise ValueError('dictionary file %s must be utf-8' % name)
    return lines


class _ReadOnlyDict(dict):
    """A dict that refuses changes: kwx would not see them."""

    def _refuse(self, *args, **kwargs):
        raise _not_supported('changing user_word_tag_tab', 'use add_word(word, tag=...)')

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse


def _resolve_filename(f):
    try:
        return f.name
    except AttributeError:
        return repr(f)


class _FreqView(object):
    """A Tokenizer's FREQ, read-only, as jieba's dict answers lookups."""

    def __init__(self, tokenizer):
        self._tokenizer = tokenizer

    def get(self, k, d=None):
        # jieba's FREQ is empty until the dictionary is loaded (get_FREQ does not load it).
        if not self._tokenizer.initialized or not isinstance(k, str):
            return d
        try:
            f = self._tokenizer._lookup(k)
        except (UnicodeEncodeError, TypeError):
            # A lone surrogate (pybind11 reports the failed conversion as a TypeError): no word
            # has one (add_word refuses them).
            return d
        return d if f is None else f

    def __getitem__(self, k):
        f = self.get(k)
        if f is None:
            raise KeyError(k)
        return f

    def __contains__(self, k):
        return self.get(k) is not None

    def __iter__(self):
        raise _not_supported('iterating over FREQ (the prefix dictionary as a Python dict)')

    def __len__(self):
        raise _not_supported('len(FREQ) (the prefix dictionary as a Python dict)')

    def __setitem__(self, k, v):
        raise _not_supported('assigning to FREQ', 'use add_word')


# The default tokenizer and the module-level functions, bound to it as in jieba.
dt = Tokenizer()

cut = dt.cut
lcut = dt.lcut
cut_for_search = dt.cut_for_search
lcut_for_search = dt.lcut_for_search
tokenize = dt.tokenize
initialize = dt.initialize
set_dictionary = dt.set_dictionary
get_dict_file = dt.get_dict_file
load_userdict = dt.load_userdict
add_word = dt.add_word
del_word = dt.del_word
suggest_freq = dt.suggest_freq
get_DAG = dt.get_DAG
calc = dt.calc


def __getattr__(name):
    # jieba's module-level user_word_tag_tab is dt's (bound at import; here looked up each time).
    if name == 'user_word_tag_tab':
        return dt.user_word_tag_tab
    if name in _regexes:
        return _regexes.get(name)
    # kwx.posseg and kwx.analyse are imported when first used (`import kwx` then `kwx.analyse.x`
    # works as after `import kwx.analyse`), not with kwx: a program that only cuts does not pay
    # for them.
    if name in ('posseg', 'analyse'):
        import importlib
        return importlib.import_module('kwx.' + name)
    raise AttributeError("module 'kwx' has no attribute %r" % name)


def get_FREQ(k, d=None):
    """jieba's get_FREQ: dt.FREQ.get(k, d)."""
    return dt.FREQ.get(k, d)


def _lcut(s):
    return dt._lcut(s)


def _lcut_no_hmm(s):
    return dt._lcut_no_hmm(s)


def _lcut_all(s):
    return dt._lcut_all(s)


def _lcut_for_search(s):
    return dt._lcut_for_search(s)


def _lcut_for_search_no_hmm(s):
    return dt._lcut_for_search_no_hmm(s)


class _ThreadJobs(object):
    """What enable_parallel sets `pool` to: the number of threads (kwx uses threads of its own,
    with the GIL released, where jieba starts processes)."""

    def __init__(self, jobs):
        self.jobs = jobs

    def __repr__(self):
        return '<kwx parallel mode: %d threads>' % self.jobs

    def close(self):
        pass


# jieba's `pool`: None, or (after enable_parallel) what runs the lines of a text in parallel.
pool = None


def _parallel_words(parts, mode, HMM):
    if _own_blocks() is not None:   # replaced block regexes: the lines one after the other
        if mode == 'search':
            return [w for part in parts for w in dt.lcut_for_search(part, HMM)]
        return [w for part in parts for w in dt.lcut(part, mode == 'full', HMM)]
    if len(parts) <= 1:   # no threads for one line
        return dt._dict().cut(parts[0], mode, bool(HMM)) if parts else []
    return dt._dict().cut_batch_joined(parts, mode, bool(HMM), pool.jobs)


def _pcut(sentence, cut_all=False, HMM=True):
    # jieba's parallel cut: the text's lines (str.splitlines(keepends=True)) cut separately, the
    # words of all of them in order.
    parts = strdecode(sentence).splitlines(True)
    yield from _parallel_words(parts, 'full' if cut_all else 'accurate', HMM)


def _pcut_for_search(sentence, HMM=True):
    parts = strdecode(sentence).splitlines(True)
    yield from _parallel_words(parts, 'search', HMM)


def enable_parallel(processnum=None):
    """jieba's enable_parallel: from now on the module's `cut`, `cut_for_search` and
    `kwx.posseg.cut` split a text into lines and cut them on `processnum` threads (None = all
    cores), the words in order. As in jieba, each line is cut on its own (the same words as the
    serial call, except that full mode gives an extra '' where a line break falls inside a run
    of punctuation), and custom Tokenizers stay serial. Unlike jieba's worker
    processes, the threads see words added later (jieba's keep the words of the moment they
    started), and it works on every OS."""
    global pool, cut, cut_for_search
    dt.check_initialized()
    if processnum is None:
        processnum = _kwx.default_jobs()
    processnum = operator.index(processnum)
    if processnum < 1:
        raise ValueError('Number of processes must be at least 1')   # as multiprocessing.Pool
    pool = _ThreadJobs(processnum)
    cut = _pcut
    cut_for_search = _pcut_for_search


def disable_parallel():
    """jieba's disable_parallel: `cut` and `cut_for_search` are the serial dt.cut again."""
    global pool, cut, cut_for_search
    if pool:
        pool.close()
        pool = None
    cut = dt.cut
    cut_for_search = dt.cut_for_search


def enable_paddle():
    raise _not_supported('enable_paddle (paddle mode)')


def setLogLevel(log_level):
    """Accepted for compatibility: kwx does not log."""


def format_tags(tags, withWeight=False, format='text', line_number=1):
    """One extract_tags or textrank result as the line `kwx extract` writes for it, without the
    newline: words separated by one space, or with withWeight `word:weight` (weights as Python's
    repr). format='jsonl' gives the JSON array, 'tsv' the `line<TAB>rank<TAB>word<TAB>weight` rows. A
    withFlag result (kwx.posseg.pair words) is written as `kwx extract --with-flag` writes it:
    `word/flag`, ["word","flag"], or a flag column."""
    items = list(tags)
    first = items[0] if items else None
    if isinstance(first, tuple) and first:
        first = first[0]
    if first is not None and not isinstance(first, str) and hasattr(first, 'flag'):
        return _format_flagged(items, bool(withWeight), format, line_number)
    return _kwx.format_tags(items, bool(withWeight), format, line_number)


def _format_flagged(items, with_weight, format, line_number):
    import json
    rows = []
    for item in items:
        p, weight = item if with_weight else (item, None)
        rows.append((p.word, p.flag, weight))
    if format == 'text':
        return ' '.join('%s/%s' % (w, f) + (':' + repr(x) if with_weight else '') for w, f, x in rows)
    if format == 'jsonl':
        data = [[[w, f], x] if with_weight else [w, f] for w, f, x in rows]
        return json.dumps(data, ensure_ascii=False, separators=(',', ':'))
    if format == 'tsv':
        if not with_weight:
            raise TypeError('kwx: format_tags(format="tsv") needs (pair, weight) items')
        return '\n'.join('%d\t%d\t%s\t%s\t%r' % (line_number, rank, w, f, x)
                         for rank, (w, f, x) in enumerate(rows, 1))
    raise ValueError("kwx: format must be 'text', 'tsv' or 'jsonl', not %r" % (format,))


def extract_file(path, out=None, topK=20, withWeight=False, jobs=None, format='text',
                 strict_utf8=False, allowPOS=(), withFlag=False, **target):
    """extract_tags on every line (or record) of a file with the default TFIDF (its stop words and
    IDF table), on all cores, into a list, a file (out=) or a SQLite database (db=, resumable).
    See kwx.analyse.TFIDF.extract_file."""
    from . import analyse
    return analyse.default_tfidf.extract_file(path, out=out, topK=topK, withWeight=withWeight,
                                              jobs=jobs, format=format, strict_utf8=strict_utf8,
                                              allowPOS=allowPOS, withFlag=withFlag, **target)

