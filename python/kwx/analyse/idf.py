"""Your own IDF table (kwx idf build): document frequencies over a corpus with the cut extraction
uses, written in jieba's idf.txt format for TFIDF(idf_path=...) / set_idf_path / kwx extract --idf.

    table = kwx.analyse.build_idf('corpus.txt', out='idf.txt')   # = kwx idf build corpus.txt -o idf.txt
    kwx.analyse.set_idf_path('idf.txt')
"""
import os

import kwx
from kwx import _kwx

DocumentFrequencies = _kwx.DocumentFrequencies

_MODES = {'accurate', 'full', 'search'}


def document_frequencies(lines_or_path, mode='accurate', HMM=True, jobs=None, tokenizer=None,
                         strict_utf8=False):
    """A DocumentFrequencies: for each word, the documents it occurs in (each word once per
    document), a document being an item of `lines_or_path` (an iterable of str, or bytes decoded as
    jieba decodes them) or a line of the file it names (a str or os.PathLike: lines split as
    `kwx idf build` splits them, invalid UTF-8 replaced, or with strict_utf8 a ValueError). The
    cut is `tokenizer`'s (default: kwx.dt, with its user words) in `mode` ('accurate' = cut,
    'full' = cut_all=True, 'search' = cut_for_search), on `jobs` threads (None = all cores)
    without the GIL. Mergeable (`.merge`) and picklable, for counting in pieces."""
    if mode not in _MODES:
        raise ValueError("kwx: mode must be 'accurate', 'full' or 'search', not %r" % (mode,))
    tokenizer = kwx.dt if tokenizer is None else tokenizer
    if not isinstance(tokenizer, kwx.Tokenizer) or kwx._own_blocks() is not None:
        raise NotImplementedError('kwx: document frequencies with replaced block regexes or a '
                                  'tokenizer of your own (kwx counts with its own cut only)')
    jobs = 0 if jobs is None else int(jobs)
    if isinstance(lines_or_path, (str, os.PathLike)):
        return tokenizer._dict().document_frequencies_file(os.fspath(lines_or_path), mode,
                                                           bool(HMM), jobs, bool(strict_utf8))
    return tokenizer._dict().document_frequencies(lines_or_path, mode, bool(HMM), jobs,
                                                  kwx.strdecode)


def build_idf(lines_or_path, out=None, mode='accurate', HMM=True, min_df=1, smooth=False,
              jobs=None, tokenizer=None, strict_utf8=False):
    """The idf.txt of `lines_or_path` (see document_frequencies): 'word idf' lines sorted by the
    words' UTF-8 bytes, idf = math.log(N / df) (smooth=True: math.log((N + 1) / (df + 1)) + 1),
    words in fewer than `min_df` documents left out; byte-identical to `kwx idf build`'s on the
    same documents. Returns the table as a str; with `out` (a path), writes it there (complete or
    not at all: a temporary file renamed into place) and returns the path."""
    counts = document_frequencies(lines_or_path, mode=mode, HMM=HMM, jobs=jobs,
                                  tokenizer=tokenizer, strict_utf8=strict_utf8)
    text = counts.idf_text(int(min_df), bool(smooth))
    if out is None:
        return text
    return write_atomically(text, out)


def write_atomically(text, out):
    """Writes `text` (UTF-8) to the path `out` under a temporary name in its directory, renamed
    into place when complete; returns the path."""
    out = os.fspath(out)
    directory = os.path.dirname(os.path.abspath(out))
    import tempfile  # here, not at import: it pulls in shutil, random and more (3 ms of `import kwx`)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(out))
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(text.encode('utf-8'))
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return out
