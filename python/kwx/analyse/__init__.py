"""jieba.analyse on kwx: TF-IDF keyword extraction (extract_tags, TFIDF, set_stop_words,
set_idf_path), plus extract_tags_batch and extract_file, which run on all cores without the GIL.
TextRank is not supported (yet) and raises NotImplementedError."""
from kwx._compat import not_supported as _not_supported

from .tfidf import TFIDF, KeywordExtractor


class TextRank(KeywordExtractor):
    def __init__(self, *args, **kwargs):
        raise _not_supported('TextRank (jieba.analyse.textrank)')


def textrank(*args, **kwargs):
    raise _not_supported('textrank (jieba.analyse.textrank)')


def ChineseAnalyzer(*args, **kwargs):
    raise _not_supported('ChineseAnalyzer (the whoosh analyzer)')


default_tfidf = TFIDF()

# As in jieba, `tfidf` is the default extractor's method (it shadows the submodule's name).
extract_tags = tfidf = default_tfidf.extract_tags
set_idf_path = default_tfidf.set_idf_path
extract_tags_batch = default_tfidf.extract_tags_batch
extract_file = default_tfidf.extract_file


def set_stop_words(stop_words_path):
    default_tfidf.set_stop_words(stop_words_path)
