"""Finding the default data and loading data files, once per process.

Every loaded object is cached by what it was loaded from: the resolved path plus the file's
identity (device, inode, size, modification time), so a file replaced on disk is loaded again,
and an unpickled Tokenizer or TFIDF in a process that already has its data costs nothing. The
compiled dictionary (kwx.dict) is mmap'ed, so processes on one machine share its pages through
the OS page cache instead of each holding a copy.
"""
import os
from _thread import RLock  # threading.RLock, without importing threading (2 ms of import kwx)

from . import _config
from . import _kwx

_HERE = os.path.dirname(os.path.abspath(__file__))

# Loading a text dictionary takes about half a second: one lock makes concurrent first uses from
# several threads load it once. It is re-created in a forked child, where another thread of the
# parent may have held it.
_lock = RLock()
_cache = {}


def _reset_after_fork():
    global _lock
    _lock = RLock()


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_reset_after_fork)


def _search_dirs():
    """Where this package's build put the default data (_config.DATA_DIRS, made absolute); the
    rules of the search itself ($KWX_DATA_DIR first, ...) are the C++ ones (kwx::DataFiles)."""
    return [os.path.normpath(os.path.join(_HERE, d)) for d in _config.DATA_DIRS]


def default_files():
    """The resolved default data files (a dict: dict, hmm_model, idf, compiled, data_dir), found
    by the same C++ code as the CLI's."""
    return _kwx.resolve_data_files(_search_dirs())


def data_dir():
    """The directory the default data is loaded from: $KWX_DATA_DIR if set, else the build tree's
    or the install prefix's share/kwx (baked in at build time)."""
    return os.path.abspath(default_files()['data_dir'])


def _file_key(path):
    st = os.stat(path)   # FileNotFoundError names the path, as jieba's open() would
    return (os.path.realpath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _cached(key, load):
    with _lock:
        value = _cache.get(key)
        if value is None:
            value = load()
            _cache[key] = value
        return value


def _default_pair():
    """(Dictionary, IdfTable) of the default data, loaded by the CLI's C++ code (kwx::LoadData):
    the compiled file when there is an up-to-date one, else the text files."""
    files = default_files()
    if files['compiled']:
        key = ('default', _file_key(files['compiled']))
    else:
        key = ('default',) + tuple(_file_key(files[k]) for k in ('dict', 'hmm_model', 'idf'))
        if os.path.isfile(files['pos_model']):
            key += (_file_key(files['pos_model']),)
    return _cached(key, lambda: _kwx.load_data(_search_dirs()))


def dictionary(path=None, hmm_model=None):
    """The Dictionary loaded from a dict.txt-format file (None: the default data)."""
    if path is None:
        return _default_pair()[0]
    files = default_files()
    if hmm_model is None:
        hmm_model = files['hmm_model']
    # jieba.posseg's HMM tables of the default data, for POSTokenizer over this dictionary.
    pos_model = files['pos_model'] if os.path.isfile(files['pos_model']) else ''
    key = ('dict', _file_key(path), _file_key(hmm_model)) + ((_file_key(pos_model),) if pos_model else ())
    return _cached(key, lambda: _kwx.load_dictionary(path, hmm_model, pos_model))


def idf_table(path=None):
    """The IdfTable loaded from an idf.txt-format file (None: the default data)."""
    if path is None:
        return _default_pair()[1]
    return _cached(('idf', _file_key(path)), lambda: _kwx.load_idf(path))


def stop_words(paths):
    """The built-in stop words plus the lines of each file of `paths`, in order."""
    paths = tuple(paths)
    key = ('stop',) + tuple(_file_key(p) for p in paths)
    return _cached(key, lambda: _kwx.load_stop_words(list(paths)))


def extractor(dictionary_obj, idf_obj, stop_words_obj, shared=True):
    """The extractor over loaded parts (building one maps the IDF table onto the dictionary).
    shared=False: the IDF table or the stop words are a caller's own (not from this cache)."""
    if dictionary_obj.is_snapshot or not shared:
        # A Tokenizer's user words (or a caller's own part): an object that comes and goes (the
        # cache's keys are ids, stable only for the data cached here for the life of the process).
        return _kwx.Extractor(dictionary_obj, idf_obj, stop_words_obj)
    # The parts are cached for the life of the process, so their ids are stable keys.
    key = ('extractor', id(dictionary_obj), id(idf_obj), id(stop_words_obj))
    return _cached(key, lambda: _kwx.Extractor(dictionary_obj, idf_obj, stop_words_obj))


def textrank(dictionary_obj, stop_words_obj, shared=True):
    """The TextRank extractor over loaded parts (the dictionary must have the posseg HMM)."""
    if dictionary_obj.is_snapshot or not shared:
        return _kwx.TextRank(dictionary_obj, stop_words_obj)
    key = ('textrank', id(dictionary_obj), id(stop_words_obj))
    return _cached(key, lambda: _kwx.TextRank(dictionary_obj, stop_words_obj))
