"""jieba.analyse on kwx: TF-IDF and TextRank keyword extraction (extract_tags, textrank, TFIDF,
TextRank, set_stop_words, set_idf_path), plus extract_tags_batch, textrank_batch and
extract_file, which run on all cores without the GIL, and ChineseAnalyzer, the whoosh analyzer
(kwx.analyse.analyzer; without whoosh, calling it raises an ImportError naming python3-whoosh)."""
from .idf import DocumentFrequencies, build_idf, document_frequencies
from .textrank import TextRank
from .tfidf import TFIDF, KeywordExtractor


def ChineseAnalyzer(*args, **kwargs):
    """jieba's whoosh analyzer: kwx.analyse.analyzer.ChineseAnalyzer(stoplist=STOP_WORDS,
    minsize=1, stemfn=stem, cachesize=50000), which this calls.

    whoosh is imported on the first call, not here: it takes some 60 ms (its compat module loads
    urllib.request, http, ssl, email), about three times the rest of `import kwx`, which imports
    this package. Without whoosh, jieba.analyse simply has no ChineseAnalyzer (it swallows the
    ImportError); kwx keeps the name and raises an ImportError that says what to install."""
    try:
        from .analyzer import ChineseAnalyzer as analyzer
    except ImportError as error:
        raise ImportError('kwx: ChineseAnalyzer needs whoosh (Debian package python3-whoosh): %s'
                          % error, name='whoosh') from error
    return analyzer(*args, **kwargs)


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
