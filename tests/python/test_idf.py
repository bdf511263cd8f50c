"""kwx.analyse.build_idf / document_frequencies and kwx.dask.build_idf: the same table as
`kwx idf build` on the same documents, and jieba's own counts."""
import math
import os
import pickle
import subprocess

import pytest

from conftest import kwx_cli, split_lines


def cli_table(path, *args):
    return subprocess.run([kwx_cli(), 'idf', 'build', path, '-o', '-', *args],
                          stdout=subprocess.PIPE, check=True).stdout.decode('utf-8')


def jieba_table(jieba, lines, mode='accurate', hmm=True):
    """The table computed with jieba itself (the formula and format kwx documents)."""
    df = {}
    for line in lines:
        words = jieba.cut(line, HMM=hmm) if mode == 'accurate' else jieba.cut_for_search(line, HMM=hmm)
        for w in set(words):
            if w and not any(c.isspace() for c in w):
                df[w] = df.get(w, 0) + 1
    rows = sorted(df.items(), key=lambda item: item[0].encode())
    return ''.join('%s %r\n' % (w, math.log(len(lines) / d)) for w, d in rows)


@pytest.fixture(scope='module')
def corpus(tmp_path_factory, message_lines):
    lines = [line for line in message_lines if line][:300] + ['', '  ', 'The C++ 程序设计语言']
    path = tmp_path_factory.mktemp('idf') / 'corpus.txt'
    path.write_bytes(''.join(line + '\n' for line in lines).encode('utf-8'))
    return str(path), lines


def test_file_and_lines_give_the_clis_table_and_jiebas(kwx, jieba, corpus):
    path, lines = corpus
    expected = jieba_table(jieba, lines)
    assert cli_table(path) == expected
    assert kwx.analyse.build_idf(path) == expected
    assert kwx.analyse.build_idf(lines, jobs=1) == expected
    assert kwx.analyse.build_idf([line.encode('utf-8') for line in lines]) == expected  # strdecode
    search = jieba_table(jieba, lines, mode='search', hmm=False)
    assert kwx.analyse.build_idf(path, mode='search', HMM=False) == search
    assert cli_table(path, '--mode', 'search', '--no-hmm') == search
    assert kwx.analyse.build_idf(path, min_df=3, smooth=True) == cli_table(path, '--min-df', '3', '--smooth')


def test_out_writes_the_file_and_jieba_reads_it(kwx, jieba, corpus, tmp_path):
    path, lines = corpus
    out = tmp_path / 'idf.txt'
    assert kwx.analyse.build_idf(path, out=out) == str(out)
    tfidf = jieba.analyse.TFIDF(idf_path=str(out))
    ours = kwx.analyse.TFIDF(idf_path=str(out))
    for line in lines[:50]:
        assert ours.extract_tags(line, topK=10, withWeight=True) == tfidf.extract_tags(
            line, topK=10, withWeight=True)
    assert os.listdir(tmp_path) == ['idf.txt']  # no temporary file left


def test_counts_merge_and_pickle(kwx, corpus):
    path, lines = corpus
    whole = kwx.analyse.document_frequencies(lines)
    first = kwx.analyse.document_frequencies(lines[:100])
    rest = pickle.loads(pickle.dumps(kwx.analyse.document_frequencies(lines[100:])))
    first.merge(rest)
    assert first.documents == whole.documents == len(lines)
    assert first.items() == whole.items()
    assert first.idf_text() == whole.idf_text()
    word = max(whole.items().items(), key=lambda item: item[1])[0]
    assert whole.frequency(word) == max(whole.items().values())
    assert len(whole) == len(whole.items())
    twice = kwx.analyse.document_frequencies(lines)
    twice.merge(twice)
    assert twice.documents == 2 * len(lines)
    assert twice.frequency(word) == 2 * whole.frequency(word)


def test_user_words_count_as_the_cut_makes_them(kwx, tmp_path):
    tok = kwx.Tokenizer()
    tok.add_word('杭研大厦', 10)
    lines = ['他来到了网易杭研大厦', '杭研大厦']
    assert '杭研大厦 0.0\n' in kwx.analyse.build_idf(lines, tokenizer=tok)
    assert '杭研大厦' not in kwx.analyse.build_idf(lines)


def test_refusals(kwx, tmp_path):
    with pytest.raises(ValueError):
        kwx.analyse.build_idf(['x'], mode='fast')
    with pytest.raises(OSError):
        kwx.analyse.build_idf(str(tmp_path / 'missing.txt'))
    bad = tmp_path / 'bad.txt'
    bad.write_bytes(b'\xff\n')
    with pytest.raises(ValueError):
        kwx.analyse.build_idf(str(bad), strict_utf8=True)
    assert kwx.analyse.build_idf(str(bad)) == '\ufffd 0.0\n'


def test_dask_build_idf_is_the_clis_table(kwx, corpus):
    dask = pytest.importorskip('dask')
    import dask.bag  # noqa: F401
    import kwx.dask
    path, lines = corpus
    bag = kwx.dask.read_lines(path, blocksize=256)
    assert bag.npartitions > 2
    with dask.config.set(scheduler='processes'):
        assert kwx.dask.build_idf(bag) == cli_table(path)
    with dask.config.set(scheduler='sync'):
        assert kwx.dask.build_idf(bag, min_df=2, smooth=True) == cli_table(path, '--min-df', '2',
                                                                             '--smooth')
