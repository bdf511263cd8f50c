"""Pickling by construction arguments, the per-process cache of loaded data, and the patterns
that fail with jieba: a bound method of an object holding a lock and a database connection used
from threads, and TFIDF objects sent to other processes."""
import concurrent.futures
import multiprocessing
import os
import pickle
import sqlite3
import threading

import pytest

from conftest import SAMPLES_DIR, split_lines


@pytest.fixture(scope='module')
def lines():
    with open(os.path.join(SAMPLES_DIR, 'message.txt'), 'rb') as f:
        return split_lines(f.read())


@pytest.fixture(scope='module')
def small_dict(tmp_path_factory, jieba):
    with open(os.path.join(os.path.dirname(jieba.__file__), 'dict.txt'), encoding='utf-8') as f:
        entries = f.read().splitlines()[::2]
    path = tmp_path_factory.mktemp('dict') / 'half_dict.txt'
    path.write_text('\n'.join(entries) + '\n', encoding='utf-8')
    return str(path)


def round_trip(obj):
    data = pickle.dumps(obj)
    assert len(data) < 2000, 'pickled the loaded data instead of the construction arguments'
    return pickle.loads(data)


def test_tokenizers(kwx, lines, small_dict):
    for tok in (kwx.dt, kwx.Tokenizer(), kwx.Tokenizer(small_dict)):
        expected = [tok.lcut(s) for s in lines]
        copy = round_trip(tok)
        assert type(copy) is kwx.Tokenizer and copy.dictionary == tok.dictionary
        assert [copy.lcut(s) for s in lines] == expected
        # The loaded dictionary came from the process cache: no second copy.
        assert copy._dict() is tok._dict()
    assert [kwx.Tokenizer(small_dict).lcut(s) for s in lines] != [kwx.lcut(s) for s in lines]


def test_tfidf(kwx, lines, small_dict, adversarial, stop_words_path):
    custom = kwx.analyse.TFIDF(adversarial['idf'])
    custom.set_stop_words(stop_words_path)
    custom.set_stop_words(adversarial['stop'])
    custom.tokenizer = kwx.Tokenizer(small_dict)
    for t in (kwx.analyse.default_tfidf, kwx.analyse.TFIDF(), custom):
        expected = [t.extract_tags(s, 20, True) for s in lines]
        copy = round_trip(t)
        assert [copy.extract_tags(s, 20, True) for s in lines] == expected
        assert copy.extract_tags_batch(lines, 20, True) == expected
        assert copy._extractor() is t._extractor()
    # Bound methods pickle through their object.
    method = round_trip(custom.extract_tags)
    assert method(lines[0], 5) == custom.extract_tags(lines[0], 5)


def test_core_objects_are_not_picklable(kwx):
    # The C++ objects are reached through the picklable Python ones only.
    with pytest.raises(TypeError):
        pickle.dumps(kwx.dt._dict())
    with pytest.raises(TypeError):
        pickle.dumps(kwx.analyse.default_tfidf._extractor())


class KeywordStore:
    """The classic unpicklable class: a threading.local holding one sqlite3 connection per thread
    and a lock. Its method runs kwx's batch extraction and stores the results."""

    def __init__(self, db_path, tfidf):
        self.db_path = db_path
        self.local = threading.local()
        self.lock = threading.Lock()
        self.tfidf = tfidf
        with sqlite3.connect(db_path) as db:
            db.execute('CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, tags TEXT)')

    def db(self):
        if not hasattr(self.local, 'db'):
            self.local.db = sqlite3.connect(self.db_path, timeout=30)
        return self.local.db

    def process(self, batch):
        ids, texts = zip(*batch)
        results = self.tfidf.extract_tags_batch(texts, topK=10, jobs=2)
        db = self.db()
        with self.lock, db:
            db.executemany('INSERT INTO tags VALUES (?, ?)',
                           [(i, ' '.join(r)) for i, r in zip(ids, results)])
        return len(results)


def test_unpicklable_class_from_threads(kwx, lines, adversarial, tmp_path):
    all_lines = lines + adversarial['lines']
    store = KeywordStore(str(tmp_path / 'tags.db'), kwx.analyse.TFIDF())
    with pytest.raises(TypeError):
        pickle.dumps(store)                       # why multiprocessing cannot take it
    batches = [list(enumerate(all_lines))[i:i + 97] for i in range(0, len(all_lines), 97)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        assert sum(pool.map(store.process, batches)) == len(all_lines)
    # Plain threads too.
    store2 = KeywordStore(str(tmp_path / 'tags2.db'), kwx.analyse.TFIDF())
    threads = [threading.Thread(target=store2.process, args=(b,)) for b in batches[:6]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with sqlite3.connect(str(tmp_path / 'tags.db')) as db:
        stored = dict(db.execute('SELECT id, tags FROM tags'))
    assert stored == {i: ' '.join(kwx.analyse.extract_tags(s, 10)) for i, s in enumerate(all_lines)}
    with sqlite3.connect(str(tmp_path / 'tags2.db')) as db:
        assert db.execute('SELECT COUNT(*) FROM tags').fetchone()[0] == sum(map(len, batches[:6]))


def _extract_in_child(args):
    tfidf, text = args
    return os.getpid(), tfidf.extract_tags(text, 20, True)


@pytest.mark.parametrize('method', ['fork', 'spawn'])
def test_multiprocessing_with_pickled_tfidf(kwx, lines, adversarial, stop_words_path, method):
    tfidf = kwx.analyse.TFIDF(adversarial['idf'])
    tfidf.set_stop_words(stop_words_path)
    expected = [tfidf.extract_tags(s, 20, True) for s in lines]
    with multiprocessing.get_context(method).Pool(2) as pool:
        got = pool.map(_extract_in_child, [(tfidf, s) for s in lines], chunksize=3)
        # The classic call: a bound method of the extractor as the mapped function.
        assert pool.map(tfidf.extract_tags, lines) == [tfidf.extract_tags(s) for s in lines]
    assert [r for _, r in got] == expected
    assert all(pid != os.getpid() for pid, _ in got)


def test_process_pool_executor(kwx, lines):
    tfidf = kwx.analyse.TFIDF()
    chunks = [lines[i::3] for i in range(3)]
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        got = list(pool.map(tfidf.extract_tags_batch, chunks))
    assert got == [[tfidf.extract_tags(s) for s in c] for c in chunks]
