"""jieba.analyse.analyzer on kwx: ChineseTokenizer and ChineseAnalyzer, a whoosh analyzer that
splits text with kwx's search-mode tokenize, then lower-cases, drops stop words and stems
(whoosh's own filters), giving the same tokens, positions and character offsets as jieba 0.42.1.
Needs whoosh (Debian package python3-whoosh); importing this module without it raises
ImportError, as jieba's does."""
import re

from whoosh.analysis import LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer
from whoosh.lang.porter import stem

import kwx

# jieba's list: English stop words and 的, 了, 和 (StopFilter applies it after LowercaseFilter).
STOP_WORDS = frozenset(('a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'can',
                        'for', 'from', 'have', 'if', 'in', 'is', 'it', 'may',
                        'not', 'of', 'on', 'or', 'tbd', 'that', 'the', 'this',
                        'to', 'us', 'we', 'when', 'will', 'with', 'yet',
                        'you', 'your', '的', '了', '和'))

# jieba's Han range (its re_han_default block, without the ASCII part). Used with .match, so only
# the word's first character is tested: a word that starts with Han is always kept.
accepted_chars = re.compile(r"[\u4E00-\u9FD5]+")


class ChineseTokenizer(Tokenizer):
    """Yields one whoosh Token per word of kwx.tokenize(text, mode="search"), skipping
    one-character words that are not Han (punctuation, spaces, single letters and digits)."""

    def __call__(self, text, **kargs):
        # As jieba: the keyword arguments whoosh passes (positions, chars, mode, removestops, ...)
        # are ignored; pos, startchar and endchar are always set, and pos is the character
        # offset of the word, not its ordinal. kwx.tokenize is looked up on each call, as jieba
        # looks up jieba.tokenize: the module's default tokenizer (kwx.dt), with its user words.
        words = kwx.tokenize(text, mode="search")
        # One Token reused for every word, the whoosh convention (filters must not keep it).
        token = Token()
        for w, start_pos, stop_pos in words:
            if not accepted_chars.match(w) and len(w) <= 1:
                continue
            token.original = token.text = w
            token.pos = start_pos
            token.startchar = start_pos
            token.endchar = stop_pos
            yield token


def ChineseAnalyzer(stoplist=STOP_WORDS, minsize=1, stemfn=stem, cachesize=50000):
    """jieba's analyzer: ChineseTokenizer | LowercaseFilter | StopFilter | StemFilter."""
    return (ChineseTokenizer() | LowercaseFilter() |
            StopFilter(stoplist=stoplist, minsize=minsize) |
            StemFilter(stemfn=stemfn, ignore=None, cachesize=cachesize))
