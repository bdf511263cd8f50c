"""jieba.analyse.TextRank on kwx: the same keywords, order and weights (as doubles), computed in
C++ (kwx::TextRankExtractor), plus textrank_batch without the GIL."""
import os

import kwx
import kwx.posseg
from kwx import _models
from kwx._compat import abs_path as _abs_path
from kwx._compat import jobs_arg as _jobs_arg
from kwx._compat import not_supported as _not_supported
from kwx._compat import strdecode
from kwx._compat import top_k as _top_k

from .tfidf import KeywordExtractor, pos_list


class TextRank(KeywordExtractor):
    """jieba.analyse.TextRank: textrank (= extract_tags) over the words of `self.tokenizer`
    (kwx.posseg.dt unless replaced) with the built-in stop words plus set_stop_words files.
    Pickles as its stop-word paths."""

    def __init__(self):
        self.tokenizer = self.postokenizer = kwx.posseg.dt
        self.pos_filt = frozenset(('ns', 'n', 'vn', 'v'))
        self.span = 5
        self._stop_paths = ()
        self._stop_words = None          # the C++ StopWords; None = the built-in ones only
        self._extractors = {}            # id(dictionary) -> (dictionary, extractor)

    def __reduce__(self):
        return (_restore, (self._stop_paths,))

    def __repr__(self):
        return '<kwx.analyse.TextRank stop_words=%r>' % (self._stop_paths,)

    def set_stop_words(self, stop_words_path):
        """Adds every line of the file (str.splitlines(), raw) to the stop words."""
        abs_path = _abs_path(stop_words_path)
        if not os.path.isfile(abs_path):
            raise Exception('jieba: file does not exist: ' + abs_path)
        paths = self._stop_paths + (abs_path,)
        self._stop_words = _models.stop_words(paths)
        self._stop_paths = paths
        self._extractors = {}

    @property
    def stop_words(self):
        raise _not_supported('TextRank.stop_words (the stop-word set as a Python set)',
                             'add words with set_stop_words(path)')

    def _extractor(self):
        if self.span != 5:
            raise _not_supported('TextRank.span other than 5')
        tokenizer = self.tokenizer
        if not isinstance(tokenizer, kwx.posseg.POSTokenizer):
            raise _not_supported('TextRank.tokenizer other than a kwx.posseg.POSTokenizer')
        dictionary = tokenizer.tokenizer._dict()
        built = self._extractors.get(id(dictionary))
        if built is None or built[0] is not dictionary:
            stop_words = self._stop_words
            if stop_words is None:
                stop_words = _models.stop_words(())
            built = (dictionary, _models.textrank(dictionary, stop_words))
            if dictionary.is_snapshot:
                # Keep one snapshot's extractor: the Tokenizer's words changed since the others.
                self._extractors = {k: v for k, v in self._extractors.items() if not v[0].is_snapshot}
            self._extractors[id(dictionary)] = built
        return built[1]

    def textrank(self, sentence, topK=20, withWeight=False, allowPOS=('ns', 'n', 'vn', 'v'),
                 withFlag=False):
        """jieba's textrank: the topK keywords (None or 0 = all, negative = all but the last) of
        the co-occurrence graph of the words whose flag is in allowPOS, as words (kwx.posseg.pair
        with withFlag) or, with withWeight, (word, weight) pairs."""
        self.pos_filt = frozenset(allowPOS)
        return self._extractor().extract(strdecode(sentence), _top_k(topK), bool(withWeight),
                                         pos_list(allowPOS), bool(withFlag), kwx.posseg.pair)

    extract_tags = textrank

    def textrank_batch(self, lines, topK=20, withWeight=False, allowPOS=('ns', 'n', 'vn', 'v'),
                       withFlag=False, jobs=None):
        """[textrank(line, ...) for line in lines] on `jobs` threads (None = all cores) with the
        GIL released; the same results, in order."""
        return self._extractor().extract_batch(lines, _top_k(topK), bool(withWeight),
                                               pos_list(allowPOS), bool(withFlag),
                                               kwx.posseg.pair, _jobs_arg(jobs), strdecode)


def _restore(stop_paths):
    textrank = TextRank()
    for path in stop_paths:
        textrank.set_stop_words(path)
    return textrank
