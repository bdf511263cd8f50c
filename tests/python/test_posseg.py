"""kwx.posseg against jieba.posseg 0.42.1 itself: words and flags (HMM on and off) on
samples/message.txt and generated adversarial text, the pair class, POSTokenizer over a custom
dictionary (and jieba's refusal of one without tags), lcut_batch, pickling."""
import os
import pickle
import types

import pytest

from parity import assert_same


@pytest.fixture(scope='module')
def jpseg(jieba):
    import jieba.posseg
    return jieba.posseg


@pytest.fixture(scope='module')
def kpseg(kwx):
    import kwx.posseg
    return kwx.posseg


@pytest.fixture(scope='module')
def lines(message_lines, adversarial):
    return message_lines + adversarial['lines']


def plain(pairs):
    return [(p.word, p.flag) for p in pairs]


@pytest.mark.parametrize('hmm', [True, False])
def test_lcut(jpseg, kpseg, lines, hmm):
    assert_same(lines, lambda s: plain(jpseg.lcut(s, HMM=hmm)),
                lambda s: plain(kpseg.lcut(s, HMM=hmm)), 'posseg.lcut HMM=%s' % hmm)
    # cut is a generator of pair, as jieba's; the module's default POSTokenizer gives the same.
    assert isinstance(kpseg.cut(lines[0], HMM=hmm), types.GeneratorType)
    assert_same(lines[:40], lambda s: plain(jpseg.cut(s, HMM=hmm)),
                lambda s: plain(kpseg.dt.cut(s, HMM=hmm)), 'posseg.dt.cut')


def test_lcut_batch(kpseg, lines):
    for hmm in (True, False):
        expected = [plain(kpseg.lcut(s, HMM=hmm)) for s in lines]
        for jobs in (1, 2, None):
            got = kpseg.lcut_batch(lines, HMM=hmm, jobs=jobs)
            assert [plain(r) for r in got] == expected
    assert kpseg.lcut_batch([]) == []
    assert plain(kpseg.lcut_batch([b'\xe4\xb8\xad\xe5\x9b\xbd'])[0]) == [('中国', 'ns')]


def test_pair_behaves_as_jiebas(jpseg, kpseg):
    j, k = jpseg.pair('北京', 'ns'), kpseg.pair('北京', 'ns')
    assert (str(k), repr(k), list(k), hash(k)) == (str(j), repr(j), list(j), hash(j))
    assert k == kpseg.pair('北京', 'ns') and k != kpseg.pair('北京', 'n') and k != ('北京', 'ns')
    assert sorted([kpseg.pair('b', 'x'), kpseg.pair('a', 'y')])[0].word == 'a'
    assert k.encode('utf-8') == j.encode('utf-8')
    word, flag = kpseg.lcut('北京')[0]
    assert (word, flag) == ('北京', 'ns')
    assert pickle.loads(pickle.dumps(k)) == k


def test_postokenizer_over_a_custom_dictionary(jieba, kwx, jpseg, kpseg, lines, tmp_path):
    with open(os.path.join(os.path.dirname(jieba.__file__), 'dict.txt'), encoding='utf-8') as f:
        entries = f.read().splitlines()[::3]
    entries += ['拖拉机学院 30 n', '人生巅峰 20 nz', 'kwx 5 eng', '北京 7 nt']
    path = tmp_path / 'small_dict.txt'
    path.write_text('\n'.join(entries) + '\n', encoding='utf-8')
    jt = jpseg.POSTokenizer(jieba.Tokenizer(str(path)))
    kt = kpseg.POSTokenizer(kwx.Tokenizer(str(path)))
    assert repr(kt) == repr(jt)
    sample = lines[::4]
    for hmm in (True, False):
        assert_same(sample, lambda s: plain(jt.lcut(s, HMM=hmm)), lambda s: plain(kt.lcut(s, HMM=hmm)),
                    'POSTokenizer(Tokenizer(dict)) HMM=%s' % hmm)
    # Other attributes are the tokenizer's; the search modes are not posseg's.
    assert kt.lcut is not None and kt.total == jt.total
    with pytest.raises(NotImplementedError):
        kt.lcut_for_search('北京')
    # Pickled, it keeps its dictionary.
    kt2 = pickle.loads(pickle.dumps(kt))
    assert plain(kt2.lcut('北京欢迎你')) == plain(jt.lcut('北京欢迎你'))


def test_dictionary_without_tags_is_refused_as_jieba_does(jieba, kwx, jpseg, kpseg, tmp_path):
    path = tmp_path / 'no_tags.txt'
    path.write_text('北京 10 ns\n欢迎 5\n', encoding='utf-8')
    with pytest.raises(ValueError) as expected:
        jpseg.POSTokenizer(jieba.Tokenizer(str(path)))
    with pytest.raises(ValueError) as actual:
        kpseg.POSTokenizer(kwx.Tokenizer(str(path)))
    assert str(actual.value) == str(expected.value)
