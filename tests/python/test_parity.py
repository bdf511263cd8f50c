"""kwx's Python API against jieba 0.42.1 itself, on samples/message.txt and generated adversarial
text (tests/oracle/adversarial.py): every cut mode, tokenize, extract_tags with its options, stop
words, custom IDF tables, custom dictionaries, bytes input."""
import os
import subprocess
import sys
import textwrap
import types

import pytest

from parity import assert_same

CUT_MODES = {
    'accurate': dict(),
    'accurate-nohmm': dict(HMM=False),
    'full': dict(cut_all=True),
    'full-nohmm': dict(cut_all=True, HMM=False),
}


@pytest.fixture(scope='module')
def lines(message_lines, adversarial):
    return message_lines + adversarial['lines']


@pytest.mark.parametrize('mode', sorted(CUT_MODES))
def test_cut(jieba, kwx, lines, mode):
    kw = CUT_MODES[mode]
    assert_same(lines, lambda s: jieba.lcut(s, **kw), lambda s: kwx.lcut(s, **kw), 'lcut ' + mode)
    # cut is a generator, as jieba's, with the same items.
    assert isinstance(kwx.cut(lines[0], **kw), types.GeneratorType)
    assert_same(lines[:50], lambda s: list(jieba.cut(s, **kw)), lambda s: list(kwx.cut(s, **kw)),
                'cut ' + mode)


@pytest.mark.parametrize('hmm', [True, False])
def test_cut_for_search(jieba, kwx, lines, hmm):
    assert_same(lines, lambda s: jieba.lcut_for_search(s, HMM=hmm),
                lambda s: kwx.lcut_for_search(s, HMM=hmm), 'lcut_for_search')
    assert isinstance(kwx.cut_for_search(lines[0]), types.GeneratorType)
    assert_same(lines[:50], lambda s: list(jieba.cut_for_search(s, hmm)),
                lambda s: list(kwx.cut_for_search(s, hmm)), 'cut_for_search')


@pytest.mark.parametrize('mode', ['default', 'search'])
@pytest.mark.parametrize('hmm', [True, False])
def test_tokenize(jieba, kwx, lines, mode, hmm):
    assert isinstance(kwx.tokenize(lines[0]), types.GeneratorType)
    assert_same(lines, lambda s: list(jieba.tokenize(s, mode=mode, HMM=hmm)),
                lambda s: list(kwx.tokenize(s, mode=mode, HMM=hmm)), 'tokenize ' + mode)


@pytest.mark.parametrize('topK', [20, 5, 1, 0, None, -3, 100000, True])
def test_extract_tags(jieba, kwx, lines, topK):
    if topK not in (20, 0):
        lines = lines[::3]        # the odd topK values on a third of the lines: time
    assert_same(lines, lambda s: jieba.analyse.extract_tags(s, topK),
                lambda s: kwx.analyse.extract_tags(s, topK), 'extract_tags topK=%r' % topK)


@pytest.mark.parametrize('topK', [20, 0, -1])
def test_extract_tags_with_weight(jieba, kwx, lines, topK):
    def check(result):
        assert all(type(t) is tuple and type(t[0]) is str and type(t[1]) is float for t in result)
        return result
    assert_same(lines, lambda s: jieba.analyse.extract_tags(s, topK=topK, withWeight=True),
                lambda s: check(kwx.analyse.extract_tags(s, topK=topK, withWeight=True)),
                'extract_tags withWeight topK=%r' % topK)


def test_known_weights(kwx):
    # JIEBA-PARITY.md's checked values: bit-identical weights.
    s = '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。'
    tags = kwx.analyse.extract_tags(s, 5, withWeight=True)
    assert tags[:2] == [('CEO', 0.9195975002230768), ('升职', 0.8350888626384615)]


def test_stop_words_and_idf(jieba, kwx, lines, adversarial, stop_words_path):
    # Fresh TFIDF objects on both sides: the module-level ones are tested in a subprocess below.
    j = jieba.analyse.TFIDF(adversarial['idf'])
    k = kwx.analyse.TFIDF(adversarial['idf'])
    for path in (stop_words_path, adversarial['stop']):      # set_stop_words adds to the set
        j.set_stop_words(path)
        k.set_stop_words(path)
    assert_same(lines, lambda s: j.extract_tags(s, 0, withWeight=True),
                lambda s: k.extract_tags(s, 0, withWeight=True), 'TFIDF(idf) + stop words')
    assert k.median_idf == j.median_idf
    # Back to the default IDF table through set_idf_path, keeping the stop words.
    default_idf = os.path.join(os.path.dirname(jieba.__file__), 'analyse', 'idf.txt')
    j.set_idf_path(default_idf)
    k.set_idf_path(default_idf)
    assert_same(lines, lambda s: j.extract_tags(s, 30, True), lambda s: k.extract_tags(s, 30, True),
                'set_idf_path')


def test_custom_dictionary(jieba, kwx, lines, tmp_path):
    # A smaller dictionary (every third entry of jieba's, plus words jieba does not have): other
    # routes, other HMM fallbacks, another total.
    with open(os.path.join(os.path.dirname(jieba.__file__), 'dict.txt'), encoding='utf-8') as f:
        entries = f.read().splitlines()[::3]
    entries += ['拖拉机学院 30 n', '人生巅峰 20 n', 'kwx 5 eng']
    path = tmp_path / 'small_dict.txt'
    path.write_text('\n'.join(entries) + '\n', encoding='utf-8')
    jt = jieba.Tokenizer(str(path))
    kt = kwx.Tokenizer(str(path))
    assert repr(kt) == repr(jt)
    sample = lines[::4]
    assert_same(sample, jt.lcut, kt.lcut, 'Tokenizer(dict).lcut')
    assert_same(sample, lambda s: jt.lcut(s, HMM=False), lambda s: kt.lcut(s, HMM=False), 'no HMM')
    assert_same(sample, lambda s: jt.lcut(s, True), lambda s: kt.lcut(s, True), 'full')
    assert_same(sample, jt.lcut_for_search, kt.lcut_for_search, 'search')
    assert_same(sample, lambda s: list(jt.tokenize(s, 'search')),
                lambda s: list(kt.tokenize(s, 'search')), 'tokenize search')
    assert kt.total == jt.total
    # extract_tags segments with the extractor's tokenizer.
    j = jieba.analyse.TFIDF()
    j.tokenizer = jt
    k = kwx.analyse.TFIDF()
    k.tokenizer = kt
    assert_same(sample, lambda s: j.extract_tags(s, 0, True), lambda s: k.extract_tags(s, 0, True),
                'TFIDF with Tokenizer(dict)')
    # set_dictionary switches a tokenizer (and the extractors using it) to another dictionary.
    jt2 = jieba.Tokenizer()
    kt2 = kwx.Tokenizer()
    assert_same(sample[:20], jt2.lcut, kt2.lcut, 'default Tokenizer')
    jt2.set_dictionary(str(path))
    kt2.set_dictionary(str(path))
    assert_same(sample, jt2.lcut, kt2.lcut, 'after set_dictionary')
    k.tokenizer = kt2
    assert_same(sample[:40], lambda s: j.extract_tags(s, 0, True),
                lambda s: k.extract_tags(s, 0, True), 'TFIDF after set_dictionary')


def test_bytes_input(jieba, kwx, message_lines):
    # jieba decodes bytes as UTF-8, and if that fails as GBK ignoring errors.
    texts = [s.encode('utf-8') for s in message_lines[:20]]
    texts += [s.encode('gbk', 'ignore') for s in message_lines[:20]]
    texts += [b'\xff\xfe abc \x80\x81\xfe\xff \xe4\xb8', b'', b'\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7']
    texts += [bytearray('中文 bytearray'.encode())]
    for t in texts:
        assert kwx.lcut(t) == jieba.lcut(t)
        assert kwx.lcut(t, cut_all=True) == jieba.lcut(t, cut_all=True)
        assert kwx.lcut_for_search(t) == jieba.lcut_for_search(t)
        assert kwx.analyse.extract_tags(t, 0, True) == jieba.analyse.extract_tags(t, 0, True)


def test_module_level_stop_words_and_idf(adversarial, stop_words_path):
    # jieba.analyse.set_stop_words / set_idf_path change the process-wide default extractor: run
    # both libraries in a fresh process.
    script = textwrap.dedent('''
        import json, logging, sys
        sys.path.insert(0, %(oracle)r)
        from oracle import split_lines
        import jieba, jieba.analyse, kwx
        jieba.setLogLevel(logging.CRITICAL + 10)
        lines = split_lines(open(%(text)r, 'rb').read())
        for lib in (jieba, kwx):
            lib.analyse.set_stop_words(%(stop1)r)
            lib.analyse.set_stop_words(%(stop2)r)
            lib.analyse.set_idf_path(%(idf)r)
        bad = [i for i, s in enumerate(lines)
               if jieba.analyse.extract_tags(s, 50, True) != kwx.analyse.extract_tags(s, 50, True)]
        same_fn = kwx.analyse.extract_tags(lines[0], 0) == kwx.analyse.tfidf(lines[0], 0)
        print(json.dumps([len(lines), bad[:5], same_fn]))
    ''') % dict(oracle=os.path.join(os.path.dirname(__file__), '..', 'oracle'),
                text=adversarial['text'], stop1=stop_words_path, stop2=adversarial['stop'],
                idf=adversarial['idf'])
    out = subprocess.run([sys.executable, '-c', script], check=True, capture_output=True, text=True)
    n, bad, same_fn = __import__('json').loads(out.stdout)
    assert n > 1000 and bad == [] and same_fn
