"""Keyword extraction and POS tagging over Dask collections, with the results of the CLI.

    import kwx.dask
    lines = kwx.dask.read_lines('corpus.txt')             # the CLI's lines, 1 MiB partitions
    tags = kwx.dask.extract_tags(lines, topK=100, stop_words='stop.txt')
    kwx.dask.to_text(tags, 'corpus_tags.txt')             # byte-identical to `kwx extract -k 100`
    kwx.dask.textrank(lines, topK=20)                     # = kwx extract --method textrank
    kwx.dask.extract_tags(lines, allowPOS=('ns', 'n'), withFlag=True)
    kwx.dask.posseg(lines)                                # [[pair(word, flag), ...], ...]
    kwx.dask.build_idf(lines, out='idf.txt')              # = kwx idf build corpus.txt -o idf.txt

Each partition goes to the C++ batch API (`TFIDF.extract_tags_batch`) in one call, with the GIL
released. What travels to the workers is a `kwx.analyse.TFIDF`, which pickles as its construction
arguments; the package caches loaded models per process, so every worker process loads the
dictionary once however many tasks it runs. Data paths (`idf_path`, `stop_words`) are opened on the
workers: on a real cluster they must exist there under the same name.

Dask parallelises over partitions, so by default each task uses one C++ thread (`jobs=1`): a worker
with N threads runs N partitions at once, and a task taking all cores would oversubscribe them.
"""
import functools
import os
import secrets

import dask
import dask.bag

from kwx import analyse
from kwx import format_tags

# About 30 ms of work per partition at one core's speed: large enough that the scheduler's
# per-task cost (about 1 ms on `distributed`) is noise, small enough to spread a few MB over many
# workers and keep each task's memory small.
DEFAULT_BLOCKSIZE = '1MiB'


def read_lines(urlpath, blocksize=DEFAULT_BLOCKSIZE, **kwargs):
    """A bag of the lines of `urlpath` (a path, glob or list, any fsspec URL) as `kwx extract`
    splits them: UTF-8, invalid bytes replaced by U+FFFD as Python's `decode('utf-8', 'replace')`
    does, and lines ended by '\\n' only.

    This is `dask.bag.read_text` with `encoding='utf-8', errors='replace', linedelimiter='\\n'`.
    read_text's default (`linedelimiter=None`) opens files in universal-newline mode, which also
    ends a line at a lone '\\r' and so yields more lines than the CLI for such input. Lines keep
    their '\\n' (and the '\\r' before it); `extract_tags` strips them. `blocksize=None` gives one
    partition per file (needed for compressed files, which cannot be split); other arguments go to
    read_text.
    """
    kwargs.setdefault('encoding', 'utf-8')
    kwargs.setdefault('errors', 'replace')
    kwargs.setdefault('linedelimiter', '\n')
    return dask.bag.read_text(urlpath, blocksize=blocksize, **kwargs)


def make_tfidf(idf_path=None, stop_words=None):
    """The `kwx.analyse.TFIDF` that `extract_tags` sends to the workers. `stop_words` is one path
    or a sequence of paths, added in order (as repeated `--stop-words`)."""
    tfidf = analyse.TFIDF(idf_path)
    for path in _paths(stop_words):
        tfidf.set_stop_words(path)
    return tfidf


def extract_tags(lines, topK=20, withWeight=False, allowPOS=(), idf_path=None, stop_words=None,
                 jobs=1, tfidf=None, withFlag=False):
    """A bag with the keywords of each line of the bag `lines`, in the same order: what
    `kwx.analyse.extract_tags(line, topK, withWeight, allowPOS, withFlag)` returns for each line.

    One trailing '\\n', and a '\\r' right before it, are removed from each line first, as the CLI
    does (read_text keeps line ends). `idf_path` and `stop_words` (a path or a list of paths) are as
    in `make_tfidf`; or pass a ready `tfidf`. `jobs` is the C++ threads per task (see the module
    docstring); `None` lets each task use all cores of its machine.
    """
    tfidf = _tfidf(tfidf, idf_path, stop_words)
    return lines.map_partitions(_extract_lines, tfidf, topK, withWeight, tuple(allowPOS), jobs,
                                bool(withFlag))


def textrank(lines, topK=20, withWeight=False, allowPOS=('ns', 'n', 'vn', 'v'), withFlag=False,
             stop_words=None, jobs=1, textrank=None):
    """A bag with `kwx.analyse.textrank(line, topK, withWeight, allowPOS, withFlag)` of each line
    of the bag `lines` (line ends stripped as extract_tags does), in order. `stop_words` (a path or
    a list) are added to a new TextRank, or pass a ready `textrank` (a kwx.analyse.TextRank)."""
    if textrank is None:
        textrank = analyse.TextRank()
        for path in _paths(stop_words):
            textrank.set_stop_words(path)
    elif stop_words is not None:
        raise ValueError('pass either textrank or stop_words, not both')
    return lines.map_partitions(_textrank_lines, textrank, topK, withWeight, tuple(allowPOS),
                                bool(withFlag), jobs)


def posseg(lines, HMM=True, jobs=1):
    """A bag with `kwx.posseg.lcut(line, HMM)` of each line of the bag `lines` (line ends
    stripped), in order: lists of kwx.posseg.pair."""
    return lines.map_partitions(_posseg_lines, bool(HMM), jobs)


def document_frequencies(lines, mode='accurate', HMM=True, tokenizer=None, jobs=1):
    """A dask Item: the kwx.analyse.DocumentFrequencies of the bag `lines` (line ends stripped;
    a document = a line), counted per partition on the workers and merged. `tokenizer` (default:
    the workers' kwx.dt) travels as its construction arguments and changes."""
    return lines.reduction(functools.partial(_count_partition, mode=mode, hmm=bool(HMM),
                                             tokenizer=tokenizer, jobs=jobs),
                           _merge_counts)


def build_idf(lines, out=None, mode='accurate', HMM=True, min_df=1, smooth=False, tokenizer=None,
              jobs=1):
    """kwx.analyse.build_idf over a bag (see document_frequencies): the same table as
    `kwx idf build` on the same lines. Computes; returns the table, or writes it to `out` (as
    build_idf does) and returns the path."""
    counts = document_frequencies(lines, mode=mode, HMM=HMM, tokenizer=tokenizer,
                                  jobs=jobs).compute()
    text = counts.idf_text(int(min_df), bool(smooth))
    if out is None:
        return text
    from kwx.analyse import idf
    return idf.write_atomically(text, out)


def extract_tags_column(frame, column=None, topK=20, withWeight=False, allowPOS=(),
                        idf_path=None, stop_words=None, jobs=1, tfidf=None, withFlag=False):
    """A dask Series with the keywords of each text of a column, aligned with its index.

    `frame` is a dask DataFrame (then `column` names the text column) or a dask Series. Each value
    is one document, passed unchanged (no line-end stripping); a missing value (None, NaN) is an
    empty document and gets an empty list. The result has the column's name and object dtype.
    """
    import dask.dataframe   # here, not at the top: it needs pandas, which bags do not
    if isinstance(frame, dask.dataframe.DataFrame):
        if column is None:
            raise ValueError('extract_tags_column: a DataFrame needs column=')
        series = frame[column]
    elif isinstance(frame, dask.dataframe.Series):
        if column is not None and column != frame.name:
            raise ValueError(f'extract_tags_column: column={column!r} but the Series is '
                             f'{frame.name!r}')
        series = frame
    else:
        raise TypeError(f'extract_tags_column: expected a dask DataFrame or Series, got '
                        f'{type(frame).__name__}')
    tfidf = _tfidf(tfidf, idf_path, stop_words)
    return series.map_partitions(_extract_series, tfidf, topK, withWeight, tuple(allowPOS), jobs,
                                 bool(withFlag), meta=(series.name, 'object'))


def format_lines(tags, withWeight=False):
    """A bag of text lines (no '\\n'), each one keyword list formatted as a line of the CLI's text
    output (`kwx.format_tags`)."""
    return tags.map(format_tags, withWeight=withWeight)


def to_text(tags, path, withWeight=False):
    """Writes the keyword lists of `tags` (a bag from `extract_tags` or a Series from
    `extract_tags_column`) to one local file, one line each, in order, as `kwx extract` writes its
    text output; returns `path`.

    Partitions are computed on the current scheduler (a `distributed.Client` if one is active) and
    written as they arrive, in order, so the client holds few of them at a time. Like the CLI, the
    file is written under a temporary name beside `path` and renamed into place only when complete;
    a device such as /dev/stdout is written directly.
    """
    parts = [dask.delayed(_format_partition)(part, withWeight) for part in tags.to_delayed()]
    direct = os.path.exists(path) and not os.path.isfile(path)
    target = path if direct else f'{path}.{os.getpid()}.{secrets.token_hex(4)}.tmp'
    try:
        # 'x' for the temporary name: never clobber a file that happens to have it. Plain open()
        # rather than mkstemp, so the file gets the usual mode from the umask, as the CLI's does.
        with open(target, 'wb' if direct else 'xb') as out:
            for text in _in_order(parts):
                out.write(text.encode('utf-8'))
        if not direct:
            os.replace(target, path)
    except BaseException:
        if not direct:
            try:
                os.unlink(target)
            except FileNotFoundError:
                pass
        raise
    return path


def _paths(stop_words):
    if stop_words is None:
        return []
    if isinstance(stop_words, (str, bytes, os.PathLike)):
        return [stop_words]
    return list(stop_words)


def _tfidf(tfidf, idf_path, stop_words):
    if tfidf is None:
        return make_tfidf(idf_path, stop_words)
    if idf_path is not None or stop_words is not None:
        raise ValueError('pass either tfidf or idf_path/stop_words, not both')
    return tfidf


def _strip_line_end(line):
    # The CLI's rule: a line ends at '\n'; a '\r' is dropped only right before that '\n' (a last
    # line 'abc\r' without '\n' keeps its '\r').
    if line.endswith('\n'):
        line = line[:-1]
        if line.endswith('\r'):
            line = line[:-1]
    return line


def _extract_lines(lines, tfidf, topK, withWeight, allowPOS, jobs, withFlag=False):
    texts = [_strip_line_end(line) for line in lines]
    return tfidf.extract_tags_batch(texts, topK=topK, withWeight=withWeight, allowPOS=allowPOS,
                                    withFlag=withFlag, jobs=jobs)


def _textrank_lines(lines, textrank, topK, withWeight, allowPOS, withFlag, jobs):
    texts = [_strip_line_end(line) for line in lines]
    return textrank.textrank_batch(texts, topK=topK, withWeight=withWeight, allowPOS=allowPOS,
                                   withFlag=withFlag, jobs=jobs)


def _count_partition(lines, mode, hmm, tokenizer, jobs):
    return analyse.document_frequencies([_strip_line_end(line) for line in lines], mode=mode,
                                        HMM=hmm, jobs=jobs, tokenizer=tokenizer)


def _merge_counts(parts):
    total = analyse.DocumentFrequencies()
    for part in parts:
        total.merge(part)
    return total


def _posseg_lines(lines, hmm, jobs):
    from kwx import posseg as _posseg
    return _posseg.lcut_batch([_strip_line_end(line) for line in lines], HMM=hmm, jobs=jobs)


def _extract_series(series, tfidf, topK, withWeight, allowPOS, jobs, withFlag=False):
    import numpy
    import pandas
    # An empty field read by read_csv is NaN; it is an empty document, as '' is.
    texts = ['' if value is None or (isinstance(value, float) and value != value) else value
             for value in series.tolist()]
    tags = tfidf.extract_tags_batch(texts, topK=topK, withWeight=withWeight, allowPOS=allowPOS,
                                    withFlag=withFlag, jobs=jobs)
    # Filled element by element: numpy and pandas turn a list of equal-length lists into a 2-D
    # array, not a column of lists.
    column = numpy.empty(len(tags), dtype=object)
    for i, value in enumerate(tags):
        column[i] = value
    return pandas.Series(column, index=series.index, name=series.name)


def _format_partition(tags, withWeight):
    # One string per partition: fewer, larger objects to send back to the client than one per
    # line. Every line gets its '\n', so that concatenating the partitions, empty ones included
    # (read_text makes them when a line is longer than the block size), gives the CLI's output.
    # (bag.to_textfiles(last_endline=True) would write a '\n' for an empty partition.)
    return ''.join(format_tags(t, withWeight=withWeight) + '\n' for t in tags)


def _in_order(parts):
    """Yields the computed value of each delayed in `parts`, in order, without holding them all."""
    # The scheduler dask.compute would use: a distributed.Client's get if one is the default.
    client = getattr(dask.base.get_scheduler(), '__self__', None)
    try:
        import distributed
    except ImportError:
        distributed = None
    if distributed is not None and isinstance(client, distributed.Client):
        # All submitted at once, so the cluster stays busy; each result is released as soon as it
        # is written, so the cluster holds only the partitions not written yet.
        futures = client.compute(parts)
        for i, future in enumerate(futures):
            yield future.result()
            futures[i] = None
            future.release()
        return
    # Local schedulers: windows of a few partitions per thread, computed together.
    window = max(4, 2 * (os.cpu_count() or 1))
    for start in range(0, len(parts), window):
        yield from dask.compute(*parts[start:start + window])
