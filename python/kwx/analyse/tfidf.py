"""jieba.analyse.TFIDF on kwx, plus batch extraction without the GIL."""
import os

import kwx
from kwx import _models
from kwx._compat import abs_path as _abs_path
from kwx._compat import jobs_arg as _jobs_arg
from kwx._compat import not_supported as _not_supported
import kwx.posseg  # noqa: F401  (TFIDF.postokenizer)
from kwx._compat import strdecode
from kwx._compat import top_k as _top_k


# Stands for an allowPOS item that is not a str: it is in the set, so the POS path is taken, and
# no flag equals it (flags are non-empty strings without NUL... and never this one).
_NOT_A_FLAG = '\x00kwx: not a str\x00'


def pos_list(allowPOS):
    """jieba's `frozenset(allowPOS)` as the list the C++ extractors take ([] when allowPOS is
    falsy: no POS filter for extract_tags; a str is a set of its characters, as in jieba)."""
    if not allowPOS:
        return []
    return [x if isinstance(x, str) else _NOT_A_FLAG for x in allowPOS]


def _check_file(abs_path):
    if not os.path.isfile(abs_path):
        raise Exception('jieba: file does not exist: ' + abs_path)


class KeywordExtractor(object):
    # jieba's built-in stop words (frozen: kwx keeps its stop words in C++, so changing this set
    # could not change the results; use set_stop_words).
    STOP_WORDS = frozenset((
        "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
        "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
        "this", "then", "at", "have", "all", "not", "one", "has", "or", "that"
    ))

    def extract_tags(self, *args, **kwargs):
        raise NotImplementedError


class TFIDF(KeywordExtractor):
    """jieba.analyse.TFIDF: extract_tags with an IDF table (idf_path; None = the default) and
    stop words (the built-in English ones plus set_stop_words files), segmenting with
    `self.tokenizer` (kwx.dt unless replaced).

    Pickles as its construction arguments (the tokenizer's dictionary path, the IDF path, the
    stop-word paths), which are read again, from the cache of loaded data if the process has them,
    where it is unpickled.
    """

    def __init__(self, idf_path=None):
        self.tokenizer = kwx.dt
        self.postokenizer = kwx.posseg.dt   # allowPOS: words and flags from posseg, as jieba
        self._stop_paths = ()
        self._stop_words = None          # the C++ StopWords; None = the built-in ones only
        self._extractors = {}            # id(dictionary) -> (dictionary, extractor)
        if idf_path:
            # Loaded now, as jieba does (a missing or malformed file fails here).
            self._idf_path = _abs_path(idf_path)
            self._idf = _models.idf_table(self._idf_path)
        else:
            self._idf_path = None
            self._idf = None             # the default table, loaded on first use

    def __reduce__(self):
        # The tokenizers pickle with their user words (their dictionary path and change log).
        return (_restore, (self.tokenizer, self.postokenizer.tokenizer, self._idf_path,
                           self._stop_paths))

    def __repr__(self):
        return '<kwx.analyse.TFIDF idf_path=%r stop_words=%r>' % (self._idf_path, self._stop_paths)

    def set_stop_words(self, stop_words_path):
        """Adds every line of the file (str.splitlines(), raw) to the stop words."""
        abs_path = _abs_path(stop_words_path)
        _check_file(abs_path)
        paths = self._stop_paths + (abs_path,)
        self._stop_words = _models.stop_words(paths)   # read and checked now, as jieba does
        self._stop_paths = paths
        self._extractors = {}

    def set_idf_path(self, idf_path):
        new_abs_path = _abs_path(idf_path)
        _check_file(new_abs_path)
        if new_abs_path != self._idf_path:
            self._idf = _models.idf_table(new_abs_path)
            self._idf_path = new_abs_path
            self._extractors = {}

    @property
    def median_idf(self):
        return self._idf_table().median

    @property
    def stop_words(self):
        raise _not_supported('TFIDF.stop_words (the stop-word set as a Python set)',
                             'add words with set_stop_words(path)')

    @property
    def idf_freq(self):
        raise _not_supported('TFIDF.idf_freq (the IDF table as a Python dict)')

    def _idf_table(self):
        if self._idf is None:
            self._idf = _models.idf_table(None)
        return self._idf

    def _extractor(self, allowPOS=()):
        """The C++ extractor over the dictionary that segments: the tokenizer's, or with allowPOS
        the POS tokenizer's (jieba segments with posseg.dt then, whatever self.tokenizer is)."""
        tokenizer = self.postokenizer.tokenizer if allowPOS else self.tokenizer
        dictionary = tokenizer._dict()
        built = self._extractors.get(id(dictionary))
        if built is None or built[0] is not dictionary:
            stop_words = self._stop_words
            if stop_words is None:
                stop_words = _models.stop_words(())
            built = (dictionary, _models.extractor(dictionary, self._idf_table(), stop_words))
            if dictionary.is_snapshot:
                # Keep one snapshot's extractor: the Tokenizer's words changed since the others.
                self._extractors = {k: v for k, v in self._extractors.items() if not v[0].is_snapshot}
            self._extractors[id(dictionary)] = built
        return built[1]

    def extract_tags(self, sentence, topK=20, withWeight=False, allowPOS=(), withFlag=False):
        """jieba's extract_tags: the topK keywords (None or 0 = all, negative = all but the last),
        as words or, with withWeight, (word, weight) pairs; descending weight, ties in order of
        first occurrence. allowPOS keeps the words of jieba.posseg's cut whose flag is in it;
        withFlag (with allowPOS) makes the keywords kwx.posseg.pair objects."""
        pos = pos_list(allowPOS)
        return self._extractor(pos).extract(strdecode(sentence), _top_k(topK), bool(withWeight),
                                            pos, bool(withFlag), kwx.posseg.pair)

    def extract_tags_batch(self, lines, topK=20, withWeight=False, allowPOS=(), withFlag=False,
                           jobs=None):
        """[extract_tags(line, topK, withWeight, allowPOS, withFlag) for line in lines], computed
        by the C++ pipeline on `jobs` threads (None = all cores) with the GIL released; the same
        results, in order. `lines` is any iterable of str (or bytes). Ctrl-C raises
        KeyboardInterrupt promptly."""
        pos = pos_list(allowPOS)
        return self._extractor(pos).extract_batch(lines, _top_k(topK), bool(withWeight), pos,
                                                  bool(withFlag), kwx.posseg.pair,
                                                  _jobs_arg(jobs), strdecode)

    def extract_file(self, path, out=None, topK=20, withWeight=False, jobs=None, format='text',
                     strict_utf8=False, allowPOS=(), withFlag=False):
        """extract_tags on every line of the file `path`, streamed through the C++ pipeline on
        `jobs` threads (None = all cores) without the GIL. Lines are split as `kwx extract` splits
        them (at '\\n', a '\\r' before it dropped; invalid UTF-8 replaced by U+FFFD, or with
        strict_utf8 a ValueError).

        With `out` (a path; '-' = file descriptor 1), writes exactly what
        `kwx extract path -o out -k topK [--with-weight] [--allow-pos ...] [--with-flag]
        [--format format]` writes, under a temporary name renamed into place when complete, and
        returns a dict: output, lines, bytes, seconds, jobs, repaired_lines, first_repaired_line.
        Without `out`, returns the list of results, as extract_tags_batch."""
        if out is not None:
            out = os.fspath(out)
        pos = pos_list(allowPOS)
        return self._extractor(pos).extract_file(os.fspath(path), out, _top_k(topK),
                                                 bool(withWeight), pos, bool(withFlag),
                                                 kwx.posseg.pair, format, _jobs_arg(jobs),
                                                 bool(strict_utf8))


def _restore(tokenizer, pos_tokenizer, idf_path, stop_paths):
    tfidf = TFIDF(idf_path)
    # Tokenizers of its own, not this process's kwx.dt, whose dictionary may have been changed
    # with set_dictionary or add_word; free when the process has the data already.
    tfidf.tokenizer = tokenizer
    tfidf.postokenizer = kwx.posseg.POSTokenizer(tokenizer if pos_tokenizer is tokenizer else pos_tokenizer)
    for path in stop_paths:
        tfidf.set_stop_words(path)
    return tfidf
