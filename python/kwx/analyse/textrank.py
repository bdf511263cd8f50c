"""jieba.analyse.TextRank on kwx: the same keywords, order and weights (as doubles), computed in
C++ (kwx::TextRankExtractor), plus textrank_batch without the GIL."""
import kwx
import kwx.posseg
from kwx import _models
from kwx._compat import jobs_arg as _jobs_arg
from kwx._compat import not_supported as _not_supported
from kwx._compat import strdecode
from kwx._compat import top_k as _top_k

from .tfidf import KeywordExtractor, pos_list


class TextRank(KeywordExtractor):
    """jieba.analyse.TextRank: textrank (= extract_tags) over the words of `self.tokenizer`
    (kwx.posseg.dt unless replaced) with `stop_words`, a set as jieba's: the built-in words plus
    set_stop_words files, changed in place or replaced as in jieba. Pickles as its stop-word paths
    (and a changed set as itself)."""

    def __init__(self):
        self.tokenizer = self.postokenizer = kwx.posseg.dt
        self.pos_filt = frozenset(('ns', 'n', 'vn', 'v'))
        self.span = 5
        self._init_stop_words()

    def __reduce__(self):
        return (_restore, (self._stop_paths, self._stop_set))

    def __repr__(self):
        return '<kwx.analyse.TextRank stop_words=%r>' % (self._stop_paths,)

    def _extractor(self):
        if kwx.posseg._own_blocks() is not None:
            raise _not_supported('textrank with a replaced posseg.re_han_internal or '
                                 're_skip_internal')
        if self.span != 5:
            raise _not_supported('TextRank.span other than 5')
        tokenizer = self.tokenizer
        if not isinstance(tokenizer, kwx.posseg.POSTokenizer):
            raise _not_supported('TextRank.tokenizer other than a kwx.posseg.POSTokenizer')
        tokenizer.tokenizer._posseg_used()
        dictionary = tokenizer.tokenizer._dict()
        stop_words, shared = self._stop_words_obj()
        built = self._extractors.get(id(dictionary))
        if built is None or built[0] is not dictionary or built[1] is not stop_words:
            built = (dictionary, stop_words, _models.textrank(dictionary, stop_words, shared))
            if dictionary.is_snapshot:
                # Keep one snapshot's extractor: the Tokenizer's words changed since the others.
                self._extractors = {k: v for k, v in self._extractors.items() if not v[0].is_snapshot}
            self._extractors[id(dictionary)] = built
        return built[2]

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


def _restore(stop_paths, stop_set=None):
    textrank = TextRank()
    for path in stop_paths:
        textrank.set_stop_words(path)
    if stop_set is not None:
        textrank.stop_words = stop_set
    return textrank
