"""kwx's Python API against jieba on real Chinese text: a sample of the corpora that
tests/oracle/make_corpus.py builds from Debian packages (fortunes, gettext catalogs, man pages,
long seed-like lines). Needs the packages (apt-get download, cached in ~/.cache/kwx-test): ctest
label `network`."""
import os
import subprocess
import sys

import pytest

from conftest import ORACLE_DIR, split_lines
from parity import assert_same, plain


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp('corpora')
    run = subprocess.run([sys.executable, os.path.join(ORACLE_DIR, 'make_corpus.py'), '--out', str(out),
                          '--man-bytes', '300000', '--seed-lines', '8'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert run.returncode == 0, 'make_corpus.py failed (no network and no cached .debs?):\n' + run.stderr

    def read(name):
        with open(out / name, 'rb') as f:
            return split_lines(f.read())
    lines = read('fortunes.txt')[::20] + read('gettext.txt')[::5] + read('manpages.txt')[::3]
    lines += read('seedlike_mini.txt')
    assert sum(len(s) for s in lines) > 100000
    return lines


def test_cut(jieba, kwx, corpus):
    assert_same(corpus, jieba.lcut, kwx.lcut, 'lcut')
    assert_same(corpus, lambda s: jieba.lcut(s, HMM=False), lambda s: kwx.lcut(s, HMM=False),
                'lcut HMM=False')
    assert_same(corpus, lambda s: jieba.lcut(s, cut_all=True), lambda s: kwx.lcut(s, cut_all=True),
                'lcut cut_all')
    assert_same(corpus, jieba.lcut_for_search, kwx.lcut_for_search, 'lcut_for_search')


def test_tokenize(jieba, kwx, corpus):
    assert_same(corpus, lambda s: list(jieba.tokenize(s, mode='search')),
                lambda s: list(kwx.tokenize(s, mode='search')), 'tokenize search')


def test_extract_tags(jieba, kwx, corpus, stop_words_path):
    assert_same(corpus, lambda s: jieba.analyse.extract_tags(s, topK=100, withWeight=True),
                lambda s: kwx.analyse.extract_tags(s, topK=100, withWeight=True), 'extract_tags')
    j = jieba.analyse.TFIDF()
    j.set_stop_words(stop_words_path)
    k = kwx.analyse.TFIDF()
    k.set_stop_words(stop_words_path)
    expected = [j.extract_tags(s, 20) for s in corpus]
    assert [k.extract_tags(s, 20) for s in corpus] == expected
    assert k.extract_tags_batch(corpus, 20, jobs=2) == expected


def test_posseg(jieba, kwx, corpus):
    import jieba.posseg
    import kwx.posseg
    for hmm in (True, False):
        assert_same(corpus, lambda s: plain(jieba.posseg.lcut(s, HMM=hmm)),
                    lambda s: plain(kwx.posseg.lcut(s, HMM=hmm)), 'posseg.lcut HMM=%s' % hmm)


def test_allow_pos_and_textrank(jieba, kwx, corpus):
    wide = ('n', 'nr', 'ns', 'v', 'vn', 'eng', 'x', 'm')
    assert_same(corpus, lambda s: plain(jieba.analyse.extract_tags(s, 100, True, ('ns', 'n', 'vn', 'v'), True)),
                lambda s: plain(kwx.analyse.extract_tags(s, 100, True, ('ns', 'n', 'vn', 'v'), True)),
                'extract_tags allowPOS withFlag')
    assert_same(corpus, lambda s: jieba.analyse.textrank(s, 100, True),
                lambda s: kwx.analyse.textrank(s, 100, True), 'textrank')
    assert_same(corpus, lambda s: plain(jieba.analyse.textrank(s, 0, True, wide, True)),
                lambda s: plain(kwx.analyse.textrank(s, 0, True, wide, True)), 'textrank wide withFlag')
