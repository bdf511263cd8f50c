"""jieba.analyse on kwx: TF-IDF and TextRank keyword extraction (extract_tags, textrank, TFIDF,
TextRank, set_stop_words, set_idf_path), plus extract_tags_batch, textrank_batch and
extract_file, which run on all cores without the GIL."""
from kwx._compat import not_supported as _not_supported

from .textrank import TextRank
from .tfidf import TFIDF, KeywordExtractor


def ChineseAnalyzer(*args, **kwargs):
    raise _not_supported('ChineseAnalyzer (the whoosh analyzer)')


default_tfidf = TFIDF()
default_textrank = TextRank()

# As in jieba, `tfidf` is the default extractor's method (it shadows the submodule's name).
extract_tags = tfidf = default_tfidf.extract_tags
set_idf_path = default_tfidf.set_idf_path
extract_tags_batch = default_tfidf.extract_tags_batch
extract_file = default_tfidf.extract_file
textrank = default_textrank.extract_tags
textrank_batch = default_textrank.textrank_batch


def set_stop_words(stop_words_path):
    default_tfidf.set_stop_words(stop_words_path)
    default_textrank.set_stop_words(stop_words_path)
