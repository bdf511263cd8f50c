"""jieba.analyse.TFIDF on kwx, plus batch extraction without the GIL."""
import os
from operator import itemgetter

import kwx
from kwx import _models
from kwx._compat import abs_path as _abs_path
from kwx._compat import jobs_arg as _jobs_arg
from kwx._compat import not_supported as _not_supported
import kwx.posseg  # noqa: F401  (TFIDF.postokenizer)
from kwx._compat import strdecode
from kwx._compat import top_k as _top_k

from ._tracked import Snapshot, TrackedDict, TrackedSet


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


def _stop_file_lines(abs_path):
    """The entries set_stop_words adds: the file decoded as UTF-8, split by str.splitlines()."""
    with open(abs_path, 'rb') as f:
        return f.read().decode('utf-8').splitlines()


def _utf8_only(words):
    """The str among `words` that have a UTF-8 form: no other can equal a segmented word."""
    out = []
    for w in words:
        if isinstance(w, str):
            try:
                w.encode('utf-8')
            except UnicodeEncodeError:
                continue
            out.append(w)
    return out


class KeywordExtractor(object):
    """jieba's base of TFIDF and TextRank: the stop words.

    `stop_words` is a set, as jieba's: the built-in English words plus the lines of every
    set_stop_words file. Changing it (add, discard, update, ... or assigning another set) changes
    the results, as in jieba; kwx copies it into C++ at the next call after a change."""

    # jieba's built-in stop words (frozen: each extractor's `stop_words` is its own copy).
    STOP_WORDS = frozenset((
        "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
        "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
        "this", "then", "at", "have", "all", "not", "one", "has", "or", "that"
    ))

    def _init_stop_words(self):
        self._stop_paths = ()
        self._stop_cxx = None            # the C++ StopWords of the paths; None = built-in only
        self._stop_set = None            # the Python set, once read or assigned: it decides then
        self._stop_built = None          # (Snapshot of _stop_set, its C++ StopWords)
        self._extractors = {}            # id(dictionary) -> (dictionary, parts..., extractor)

    @property
    def stop_words(self):
        if self._stop_set is None:
            words = TrackedSet(self.STOP_WORDS)
            for path in self._stop_paths:
                words.update(_stop_file_lines(path))
            self._stop_set = words
            # The same words as the paths' C++ copy: no new copy until the set changes.
            self._stop_built = (Snapshot(words), self._stop_words_of_paths())
        return self._stop_set

    @stop_words.setter
    def stop_words(self, words):
        self._stop_set = words

    def set_stop_words(self, stop_words_path):
        """Adds every line of the file (str.splitlines(), raw) to the stop words."""
        abs_path = _abs_path(stop_words_path)
        _check_file(abs_path)
        if self._stop_set is not None:
            for line in _stop_file_lines(abs_path):   # as jieba: into the current set
                self._stop_set.add(line)
            return
        paths = self._stop_paths + (abs_path,)
        self._stop_cxx = _models.stop_words(paths)    # read and checked now, as jieba does
        self._stop_paths = paths

    def _stop_words_of_paths(self):
        if self._stop_cxx is None:
            return _models.stop_words(())
        return self._stop_cxx

    def _stop_words_obj(self):
        """The C++ StopWords holding the current stop words, and whether it is one that
        _models caches (a shared, long-lived object)."""
        words = self._stop_set
        if words is None:
            return self._stop_words_of_paths(), True
        built = self._stop_built
        if built is None or not built[0].matches(words):
            built = (Snapshot(words), kwx._kwx.stop_words_from(_utf8_only(words)))
            self._stop_built = built
        return built[1], built[1] is self._stop_words_of_paths()

    def extract_tags(self, *args, **kwargs):
        raise NotImplementedError


class TFIDF(KeywordExtractor):
    """jieba.analyse.TFIDF: extract_tags with an IDF table (idf_path; None = the default) and
    stop words (the built-in English words plus set_stop_words files), segmenting with
    `self.tokenizer` (kwx.dt unless replaced).

    `idf_freq` (a dict), `median_idf` and `stop_words` (a set) are jieba's, and changing them
    changes the results as in jieba. The first read of `idf_freq` reads the IDF file into a dict
    (about 0.3 s and 40 MB for the default one); while it is unchanged, extraction keeps using the
    C++ table, and after a change kwx copies it into C++ once, at the next call.

    Pickles as its construction arguments (the tokenizer's dictionary path, the IDF path, the
    stop-word paths; a changed stop-word set or IDF dict goes as itself), which are read again,
    from the cache of loaded data if the process has them, where it is unpickled.
    """

    def __init__(self, idf_path=None):
        self.tokenizer = kwx.dt
        self.postokenizer = kwx.posseg.dt   # allowPOS: words and flags from posseg, as jieba
        self._init_stop_words()
        self._idf_dict = None            # jieba's IDFLoader.idf_freq, read from the file on demand
        self._idf_freq = _LOADERS        # what `idf_freq` is: the loader's dict, or one assigned
        self._median = None              # an assigned median_idf; None = the table's
        self._idf_built = None           # (Snapshot of the dict, median, C++ IdfTable)
        if idf_path:
            # Loaded now, as jieba does (a missing or malformed file fails here).
            self._idf_path = _abs_path(idf_path)
            self._idf = _models.idf_table(self._idf_path)
        else:
            self._idf_path = None
            self._idf = None             # the default table, loaded on first use

    def __reduce__(self):
        # The tokenizers pickle with their user words (their dictionary path and change log).
        changed = {}
        if self._stop_set is not None:
            changed['stop_words'] = self._stop_set
        if self._idf_freq is not _LOADERS or (self._idf_dict is not None and self._idf_dict.version):
            changed['idf_freq'] = self.idf_freq
        if self._median is not None:
            changed['median_idf'] = self._median
        return (_restore, (self.tokenizer, self.postokenizer.tokenizer, self._idf_path,
                           self._stop_paths, changed))

    def __repr__(self):
        return '<kwx.analyse.TFIDF idf_path=%r stop_words=%r>' % (self._idf_path, self._stop_paths)

    def set_idf_path(self, idf_path):
        new_abs_path = _abs_path(idf_path)
        _check_file(new_abs_path)
        current = self._idf_path or _abs_path(_models.default_files()['idf'])
        if new_abs_path != current:
            self._idf = _models.idf_table(new_abs_path)
            self._idf_path = new_abs_path
            self._idf_dict = None
        # As jieba: idf_freq and median_idf are the loader's again (its dict, changes and all,
        # when the path is the same).
        self._idf_freq = _LOADERS
        self._median = None

    @property
    def idf_freq(self):
        """jieba's idf_freq: word -> IDF, in the file's order."""
        if self._idf_freq is not _LOADERS:
            return self._idf_freq
        if self._idf_dict is None:
            path = self._idf_path or _models.default_files()['idf']
            self._idf_dict = TrackedDict(_read_idf_file(path))
        return self._idf_dict

    @idf_freq.setter
    def idf_freq(self, value):
        self._idf_freq = value

    @property
    def median_idf(self):
        """jieba's median_idf: the IDF of words not in idf_freq (the file's median unless set)."""
        return self._idf_table().median if self._median is None else self._median

    @median_idf.setter
    def median_idf(self, value):
        self._median = value

    def _idf_table(self):
        if self._idf is None:
            self._idf = _models.idf_table(None)
        return self._idf

    def _idf_obj(self):
        """The C++ IdfTable of the current idf_freq and median_idf, and whether it is the loaded
        file's (cached by _models)."""
        table = self._idf_table()
        words = self._idf_freq
        if words is _LOADERS:
            words = self._idf_dict
            if self._median is None and (words is None or words.version == 0):
                return table, True
            words = self.idf_freq
        median = table.median if self._median is None else self._median
        built = self._idf_built
        if built is None or built[1] != median or not built[0].matches(words):
            built = (Snapshot(words), median, _idf_from(words, median))
            self._idf_built = built
        return built[2], False

    def _extractor(self, allowPOS=()):
        """The C++ extractor over the dictionary that segments: the tokenizer's, or with allowPOS
        the POS tokenizer's (jieba segments with posseg.dt then, whatever self.tokenizer is)."""
        tokenizer = self.postokenizer.tokenizer if allowPOS else self.tokenizer
        if allowPOS:
            tokenizer._posseg_used()
        dictionary = tokenizer._dict()
        stop_words, shared_stop_words = self._stop_words_obj()
        idf, shared_idf = self._idf_obj()
        built = self._extractors.get(id(dictionary))
        if (built is None or built[0] is not dictionary or built[1] is not idf
                or built[2] is not stop_words):
            extractor = _models.extractor(dictionary, idf, stop_words,
                                          shared=shared_stop_words and shared_idf)
            built = (dictionary, idf, stop_words, extractor)
            if dictionary.is_snapshot:
                # Keep one snapshot's extractor: the Tokenizer's words changed since the others.
                self._extractors = {k: v for k, v in self._extractors.items() if not v[0].is_snapshot}
            self._extractors[id(dictionary)] = built
        return built[3]

    def _segments_in_python(self, allowPOS):
        """Whether the words must come from the tokenizer's Python cut: the module's block regexes
        were replaced (the C++ extractor has jieba's), or the tokenizer is not kwx's."""
        if allowPOS:
            return (not isinstance(self.postokenizer, kwx.posseg.POSTokenizer)
                    or kwx.posseg._own_blocks() is not None)
        return not isinstance(self.tokenizer, kwx.Tokenizer) or kwx._own_blocks() is not None

    def _extract_tags_python(self, sentence, topK, withWeight, allowPOS, withFlag):
        """jieba's extract_tags over the tokenizer's cut, line for line, with the IDF table and
        stop words of the C++ path (the same floats, in the same order of operations)."""
        if allowPOS:
            allowPOS = frozenset(allowPOS)
            words = self.postokenizer.cut(sentence)
        else:
            words = self.tokenizer.cut(sentence)
        stop_words = self._stop_words_obj()[0]
        freq = {}
        for w in words:
            if allowPOS:
                if w.flag not in allowPOS:
                    continue
                elif not withFlag:
                    w = w.word
            wc = w.word if allowPOS and withFlag else w
            if len(wc.strip()) < 2 or wc.lower() in stop_words:
                continue
            freq[w] = freq.get(w, 0.0) + 1.0
        total = sum(freq.values())
        idf = self._idf_obj()[0]
        for k in freq:
            kw = k.word if allowPOS and withFlag else k
            freq[k] *= idf.get(kw) / total
        if withWeight:
            tags = sorted(freq.items(), key=itemgetter(1), reverse=True)
        else:
            tags = sorted(freq, key=freq.__getitem__, reverse=True)
        return tags[:topK] if topK else tags

    def extract_tags(self, sentence, topK=20, withWeight=False, allowPOS=(), withFlag=False):
        """jieba's extract_tags: the topK keywords (None or 0 = all, negative = all but the last),
        as words or, with withWeight, (word, weight) pairs; descending weight, ties in order of
        first occurrence. allowPOS keeps the words of jieba.posseg's cut whose flag is in it;
        withFlag (with allowPOS) makes the keywords kwx.posseg.pair objects."""
        if self._segments_in_python(allowPOS):
            return self._extract_tags_python(sentence, topK, withWeight, allowPOS, withFlag)
        pos = pos_list(allowPOS)
        return self._extractor(pos).extract(strdecode(sentence), _top_k(topK), bool(withWeight),
                                            pos, bool(withFlag), kwx.posseg.pair)

    def extract_tags_batch(self, lines, topK=20, withWeight=False, allowPOS=(), withFlag=False,
                           jobs=None):
        """[extract_tags(line, topK, withWeight, allowPOS, withFlag) for line in lines], computed
        by the C++ pipeline on `jobs` threads (None = all cores) with the GIL released; the same
        results, in order. `lines` is any iterable of str (or bytes). Ctrl-C raises
        KeyboardInterrupt promptly."""
        if self._segments_in_python(allowPOS):
            return [self.extract_tags(line, topK, withWeight, allowPOS, withFlag) for line in lines]
        pos = pos_list(allowPOS)
        return self._extractor(pos).extract_batch(lines, _top_k(topK), bool(withWeight), pos,
                                                  bool(withFlag), kwx.posseg.pair,
                                                  _jobs_arg(jobs), strdecode)

    def extract_file(self, path, out=None, topK=20, withWeight=False, jobs=None, format='text',
                     strict_utf8=False, allowPOS=(), withFlag=False, db=None, table='keywords',
                     resume=False, input_format='lines', text_field=None, id_field=None,
                     header=True, skip_bad=False):
        """extract_tags on every line of the file `path`, streamed through the C++ pipeline on
        `jobs` threads (None = all cores) without the GIL. Lines are split as `kwx extract` splits
        them (at '\\n', a '\\r' before it dropped; invalid UTF-8 replaced by U+FFFD, or with
        strict_utf8 a ValueError).

        With `out` (a path; '-' = file descriptor 1), writes exactly what
        `kwx extract path -o out -k topK [--with-weight] [--allow-pos ...] [--with-flag]
        [--format format]` writes, under a temporary name renamed into place when complete, and
        returns a dict: output, lines, bytes, seconds, jobs, repaired_lines, first_repaired_line.
        Without `out`, returns the list of results, as extract_tags_batch.

        With `db` (a SQLite path), writes the rows `kwx extract path --db db` writes into
        `table`, a transaction per chunk, and with `resume` continues an interrupted run of the
        same file, settings and data (see the README's --db); returns the summary dict with the
        run's ID. `input_format` ('jsonl', 'tsv', 'csv'), `text_field`, `id_field`, `header` and
        `skip_bad` read records with IDs, as the CLI's options (with `out` or `db`)."""
        if self._segments_in_python(allowPOS):
            raise _not_supported('extract_file with replaced block regexes or a tokenizer of '
                                 'your own', 'use extract_tags_batch')
        if out is not None:
            out = os.fspath(out)
        pos = pos_list(allowPOS)
        records = dict(input_format=input_format, text_field=text_field or '',
                       id_field=id_field or '', header=bool(header), skip_bad=bool(skip_bad))
        description = ''
        if db is None and table != 'keywords':
            raise ValueError("kwx: extract_file(table=...) needs db=")
        if db is not None and format != 'text':
            raise ValueError("kwx: extract_file(format=...) does not apply to db= (rows have "
                             "one layout)")
        if db is not None:
            db = os.fspath(db)
            description = self._run_description(_top_k(topK), pos, bool(withFlag), records)
        return self._extractor(pos).extract_file(os.fspath(path), out, _top_k(topK),
                                                 bool(withWeight), pos, bool(withFlag),
                                                 kwx.posseg.pair, format, _jobs_arg(jobs),
                                                 bool(strict_utf8), db=db, table=table,
                                                 resume=bool(resume), description=description,
                                                 **records)

    def _run_description(self, top_k, pos, with_flag, records):
        """What decides extract_file's rows into a database besides the input, for a resume to
        check: the settings, the tokenizer's dictionary and change log, the stop words and IDF
        (their files' size and modification time, or the changed set or dict itself, hashed in
        a canonical order), as the CLI describes its runs."""
        import hashlib
        tokenizer = self.postokenizer.tokenizer if pos else self.tokenizer
        defaults = _models.default_files()
        files = [tokenizer.dictionary or defaults['dict'], self._idf_path or defaults['idf']]
        files += list(self._stop_paths)
        state = [repr(tokenizer.__reduce__()[1])]
        if self._stop_set is not None:
            state.append(repr(sorted(self._stop_set)))
        if self._idf_freq is not _LOADERS or (self._idf_dict is not None
                                              and self._idf_dict.version):
            state.append(repr(sorted(self.idf_freq.items())))
        state.append(repr(self._median))
        for path in files:
            try:
                st = os.stat(path)
                state.append('%s %d %d' % (path, st.st_size, st.st_mtime_ns))
            except OSError:
                state.append(path + ' missing')
        digest = hashlib.sha256('\n'.join(state).encode('utf-8', 'surrogatepass')).hexdigest()
        return ('python extract_file; topK=%d; allowPOS=%r; withFlag=%r; %s; state sha256 %s'
                % (top_k, pos, with_flag,
                   '; '.join('%s=%r' % kv for kv in sorted(records.items())), digest))


# Stands for "the IDF loader's dict" in TFIDF._idf_freq (read from the file only when wanted).
_LOADERS = object()


def _read_idf_file(path):
    """jieba's IDFLoader: the file decoded as UTF-8, each line `word idf` (stripped)."""
    with open(path, 'rb') as f:
        content = f.read().decode('utf-8')
    idf_freq = {}
    for line in content.splitlines():
        word, freq = line.strip().split(' ')
        idf_freq[word] = float(freq)
    return idf_freq


def _idf_value(word, value):
    # jieba multiplies by idf / total: an int or float works there (a bool is an int); NaN would
    # make jieba's order depend on its sort's internals.
    if not isinstance(value, (int, float)):
        raise _not_supported('an IDF value of type %s (for %r in idf_freq)'
                             % (type(value).__name__, word))
    value = float(value)
    if value != value:
        raise _not_supported('a NaN IDF value (for %r in idf_freq or median_idf)' % (word,))
    return value


def _idf_from(words, median):
    """A C++ IdfTable of a dict of word -> IDF (str keys with a UTF-8 form: no other can equal a
    segmented word) and the median."""
    median = _idf_value('median_idf', median)
    keys = _utf8_only(words.keys())
    return kwx._kwx.idf_from_entries([(k, _idf_value(k, words[k])) for k in keys], median)


def _restore(tokenizer, pos_tokenizer, idf_path, stop_paths, changed=None):
    tfidf = TFIDF(idf_path)
    # Tokenizers of its own, not this process's kwx.dt, whose dictionary may have been changed
    # with set_dictionary or add_word; free when the process has the data already.
    tfidf.tokenizer = tokenizer
    tfidf.postokenizer = kwx.posseg.POSTokenizer(tokenizer if pos_tokenizer is tokenizer else pos_tokenizer)
    for path in stop_paths:
        tfidf.set_stop_words(path)
    for name, value in (changed or {}).items():
        setattr(tfidf, name, value)
    return tfidf
