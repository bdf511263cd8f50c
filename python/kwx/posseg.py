"""jieba.posseg on kwx: part-of-speech tagging with exactly jieba 0.42.1's words and flags.

`import kwx.posseg as pseg` runs jieba.posseg code unchanged: `pseg.cut(s)` (a generator of
`pair`), `pseg.lcut(s)`, `HMM=False`, `POSTokenizer(tokenizer)`, `pair` (with jieba's str(),
repr(), iteration, equality, ordering and hashing). Beyond jieba: `lcut_batch(lines, HMM, jobs)`
tags many texts on all cores with the GIL released.

The tagging itself is C++ (kwx::PosTagger): posseg's blocks, the dictionary's tags and
posseg's own HMM (compiled into kwx.dict), identical to jieba's for every input.
"""
import kwx as _kwx
from kwx._compat import ModuleRegexes as _ModuleRegexes
from kwx._compat import not_supported as _not_supported
from kwx._compat import strdecode


# jieba.posseg's module regexes (the module's __getattr__ hands them out, compiled on first use).
# The C++ tagger implements them; replacing re_han_internal or re_skip_internal changes the
# results as in jieba (the blocks are split here, each tagged in C++). The others work inside
# blocks, where kwx cannot honour a replacement: refused.
_U = 32  # re.U
_regexes = _ModuleRegexes(globals(), dict(
    re_han_detail=('([\u4E00-\u9FD5]+)', 0),
    re_skip_detail=('([\\.0-9]+|[a-zA-Z0-9]+)', 0),
    re_han_internal=('([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)', 0),
    re_skip_internal=('(\r\n|\\s)', 0),
    re_eng=('[a-zA-Z0-9]+', 0),
    re_num=('[\\.0-9]+', 0),
    re_eng1=('^[a-zA-Z0-9]$', _U)))


def __getattr__(name):
    if name in _regexes:
        return _regexes.get(name)
    raise AttributeError("module 'kwx.posseg' has no attribute %r" % name)


def _own_blocks():
    """(re_han_internal, re_skip_internal) when one of them was replaced, else None."""
    for name in ('re_han_detail', 're_skip_detail', 're_eng', 're_num', 're_eng1'):
        if _regexes.replaced(name):
            raise _not_supported('a replaced posseg.%s (jieba uses it inside blocks)' % name)
    if _regexes.replaced('re_han_internal') or _regexes.replaced('re_skip_internal'):
        return _regexes.get('re_han_internal'), _regexes.get('re_skip_internal')
    return None


class pair(object):
    """A word and its part-of-speech flag, as jieba.posseg.pair."""

    def __init__(self, word, flag):
        self.word = word
        self.flag = flag

    def __unicode__(self):
        return '%s/%s' % (self.word, self.flag)

    def __repr__(self):
        return 'pair(%r, %r)' % (self.word, self.flag)

    def __str__(self):
        return self.__unicode__()

    def __iter__(self):
        return iter((self.word, self.flag))

    def __lt__(self, other):
        return self.word < other.word

    def __eq__(self, other):
        return isinstance(other, pair) and self.word == other.word and self.flag == other.flag

    def __hash__(self):
        return hash(self.word)

    def encode(self, arg):
        return self.__unicode__().encode(arg)

    def __reduce__(self):
        return (pair, (self.word, self.flag))


def _check_word_tags(f):
    """jieba's POSTokenizer.load_word_tag refuses a dictionary with a line that is not exactly
    `word freq tag`: the same check, the same ValueError (it reads the file, as jieba does)."""
    f_name = getattr(f, 'name', f)
    try:
        for lineno, line in enumerate(f, 1):
            try:
                line = line.strip().decode('utf-8')
                if not line:
                    continue
                word, _, tag = line.split(' ')
            except Exception:
                raise ValueError(
                    'invalid POS dictionary entry in %s at Line %s: %s' % (f_name, lineno, line))
    finally:
        f.close()


class POSTokenizer(object):
    """jieba.posseg.POSTokenizer over a kwx.Tokenizer (None: a new default one). Other attributes
    are the tokenizer's, as in jieba; pickles as its tokenizer."""

    def __init__(self, tokenizer=None):
        self.tokenizer = tokenizer or _kwx.Tokenizer()
        self._check_tags()

    def _check_tags(self):
        # The default dictionary is jieba's dict.txt, whose lines all carry a tag.
        if self.tokenizer.dictionary != _kwx.DEFAULT_DICT:
            _check_word_tags(self.tokenizer.get_dict_file())

    def __repr__(self):
        return '<POSTokenizer tokenizer=%r>' % self.tokenizer

    def __reduce__(self):
        return (POSTokenizer, (self.tokenizer,))

    def __getattr__(self, name):
        if name in ('cut_for_search', 'lcut_for_search', 'tokenize'):
            raise NotImplementedError   # as jieba's POSTokenizer
        if name.startswith('__') or name == 'tokenizer':
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def initialize(self, dictionary=None):
        self.tokenizer.initialize(dictionary)
        self._check_tags()

    def cut(self, sentence, HMM=True):
        """The words of `sentence` with their flags, as a generator of pair."""
        yield from self.lcut(sentence, HMM)

    def lcut(self, sentence, HMM=True):
        self.tokenizer._posseg_used()
        own = _own_blocks()
        if own is not None:
            return list(self._cut_own_blocks(strdecode(sentence), HMM, *own))
        return self.tokenizer._dict().posseg(strdecode(sentence), bool(HMM), pair)

    def _cut_own_blocks(self, sentence, HMM, re_han, re_skip):
        """posseg's cut with replaced block regexes: the blocks split here, each tagged in C++."""
        dictionary = self.tokenizer._dict()
        hmm = bool(HMM)
        for blk in re_han.split(sentence):
            if re_han.match(blk):
                yield from dictionary.posseg_block(blk, hmm, pair)
                continue
            for x in re_skip.split(blk):
                if re_skip.match(x):
                    yield pair(x, 'x')
                    continue
                for xx in x:
                    if _regexes.get('re_num').match(xx):
                        yield pair(xx, 'm')
                    elif _regexes.get('re_eng').match(x):   # x, not xx: jieba's
                        yield pair(xx, 'eng')
                    else:
                        yield pair(xx, 'x')

    def _lcut_internal(self, sentence):
        return self.lcut(sentence)

    def _lcut_internal_no_hmm(self, sentence):
        return self.lcut(sentence, False)

    def lcut_batch(self, lines, HMM=True, jobs=None):
        """[lcut(line, HMM) for line in lines], computed on `jobs` threads (None = all cores)
        with the GIL released; the same results, in order. Ctrl-C raises KeyboardInterrupt."""
        if _own_blocks() is not None:
            return [self.lcut(line, HMM) for line in lines]
        self.tokenizer._posseg_used()
        return self.tokenizer._dict().posseg_batch(lines, bool(HMM), _jobs_arg(jobs), strdecode,
                                                   pair)


def _jobs_arg(jobs):
    return 0 if jobs is None else int(jobs)


# jieba.posseg has these through `from .._compat import *`.
setLogLevel = _kwx.setLogLevel
enable_paddle = _kwx.enable_paddle

# The default instance, over kwx.dt (sharing its dictionary, as jieba's does jieba.dt's).
dt = POSTokenizer(_kwx.dt)

initialize = dt.initialize


def _lcut_internal(s):
    return dt._lcut_internal(s)


def _lcut_internal_no_hmm(s):
    return dt._lcut_internal_no_hmm(s)


def cut(sentence, HMM=True, use_paddle=False):
    """jieba.posseg.cut: a generator of pair(word, flag)."""
    if use_paddle:
        raise _not_supported('use_paddle=True (paddle mode)')
    if _kwx.pool is None:
        yield from dt.cut(sentence, HMM=HMM)
        return
    # kwx.enable_parallel: jieba's parallel posseg, each line of the text tagged on its own.
    parts = strdecode(sentence).splitlines(True)
    for words in dt.lcut_batch(parts, HMM, _kwx.pool.jobs):
        yield from words


def lcut(sentence, HMM=True, use_paddle=False):
    if use_paddle:
        raise _not_supported('use_paddle=True (paddle mode)')
    return list(cut(sentence, HMM))


def lcut_batch(lines, HMM=True, jobs=None):
    """lcut on every item of `lines` (str or bytes) on all cores without the GIL, in order."""
    return dt.lcut_batch(lines, HMM, jobs)
