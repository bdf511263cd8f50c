"""jieba's module regexes replaced by the user (a known way to customise jieba, e.g. keeping spaces
inside words): kwx's cut, cut_for_search, tokenize, posseg, extract_tags (± allowPOS),
load_userdict and parallel mode give jieba's results with the same replacement, and the regexes
that kwx cannot honour are refused with NotImplementedError."""
import re

import pytest

from parity import assert_same, plain

# Spaces inside blocks (words with spaces from a user dictionary come out whole), and tabs alone
# as separators.
HAN_WITH_SPACE = re.compile('([\u4E00-\u9FD5a-zA-Z0-9+#&\\._% ]+)', re.U)
SKIP_TAB = re.compile('(\r\n|\t)', re.U)
# Blocks of Han characters only: English and digits go through the non-block path.
HAN_ONLY = re.compile('([\u4E00-\u9FD5]+)', re.U)

USER_WORDS = [('北京 大学', 100, 'nt'), ('Pro Max', 50, 'nz'), ('机器 学习', None, None),
              ('开源 软件', 20, 'n')]
EXTRA_LINES = [
    '我在北京 大学读书\tC++ 很好', 'iPhone 12 Pro Max 很好用，机器 学习和开源 软件',
    'hello world  abc\tdef\r\nxyz 3.14% e-mail', '', ' ', '\t', '中 国 人 民 银 行',
    '北京 大学 北京 大学 北京大学', '混合 text 和 数字 123 456.78 与 符号 #&_',
]


@pytest.fixture(scope='module')
def lines(message_lines, adversarial):
    return EXTRA_LINES + message_lines + adversarial['lines'][:120]


def tokenizers(module):
    """A Tokenizer with USER_WORDS and a TFIDF over it (the module's dt stays untouched)."""
    tok = module.Tokenizer()
    for word, freq, tag in USER_WORDS:
        tok.add_word(word, freq, tag)
    tfidf = module.analyse.TFIDF()
    tfidf.tokenizer = tok
    tfidf.postokenizer = module.posseg.POSTokenizer(tok)
    return tok, tfidf


CALLS = {
    'cut': lambda t, x, s: t.lcut(s),
    'cut_all': lambda t, x, s: list(t.cut(s, cut_all=True)),
    'cut no HMM': lambda t, x, s: list(t.cut(s, HMM=False)),
    'cut_for_search': lambda t, x, s: list(t.cut_for_search(s)),
    'lcut_for_search no HMM': lambda t, x, s: t.lcut_for_search(s, HMM=False),
    'tokenize': lambda t, x, s: list(t.tokenize(s)),
    'tokenize search': lambda t, x, s: list(t.tokenize(s, mode='search', HMM=False)),
    'posseg': lambda t, x, s: plain(x.postokenizer.lcut(s)),
    'posseg no HMM': lambda t, x, s: plain(x.postokenizer.lcut(s, HMM=False)),
    'extract_tags': lambda t, x, s: x.extract_tags(s, topK=None, withWeight=True),
    'extract_tags allowPOS': lambda t, x, s: plain(x.extract_tags(
        s, topK=None, withWeight=True, allowPOS=('n', 'nt', 'nz', 'eng', 'x'), withFlag=True)),
}


def replace(monkeypatch, module, han=None, skip=None):
    if han is not None:
        monkeypatch.setattr(module, 're_han_default', han)
        monkeypatch.setattr(module.posseg, 're_han_internal', han)
    if skip is not None:
        monkeypatch.setattr(module, 're_skip_default', skip)
        monkeypatch.setattr(module.posseg, 're_skip_internal', skip)


@pytest.mark.parametrize('regexes', ['han with space', 'han and skip', 'han only'])
def test_replaced_block_regexes_as_jieba(jieba, kwx, lines, monkeypatch, regexes):
    import jieba.posseg  # noqa: F401
    han, skip = {'han with space': (HAN_WITH_SPACE, None),
                 'han and skip': (HAN_WITH_SPACE, SKIP_TAB),
                 'han only': (HAN_ONLY, None)}[regexes]
    expected_parts, actual_parts = tokenizers(jieba), tokenizers(kwx)
    default = {name: [call(*actual_parts, s) for s in EXTRA_LINES] for name, call in CALLS.items()}
    for module in (jieba, kwx):
        replace(monkeypatch, module, han, skip)
    for name, call in CALLS.items():
        assert_same(lines, lambda s: call(*expected_parts, s), lambda s: call(*actual_parts, s),
                    '%s with %s' % (name, regexes))
    # The replacement is not ignored: the words changed (it is the only difference).
    changed = [name for name, call in CALLS.items()
               if [call(*actual_parts, s) for s in EXTRA_LINES] != default[name]]
    assert len(changed) == len(CALLS), 'unchanged by %s: %s' % (
        regexes, sorted(set(CALLS) - set(changed)))


def test_module_level_calls_and_parallel_mode(jieba, kwx, monkeypatch):
    for module in (jieba, kwx):
        replace(monkeypatch, module, HAN_WITH_SPACE)
    text = '\n'.join(EXTRA_LINES)
    assert kwx.lcut(text) == jieba.lcut(text)
    assert list(kwx.cut_for_search(text)) == list(jieba.cut_for_search(text))
    assert plain(kwx.posseg.lcut(text)) == plain(jieba.posseg.lcut(text))
    assert '北京 大学' not in kwx.lcut(text)   # the word is only in the Tokenizers above
    # jieba's parallel mode cuts each line with jieba.cut: serially in jieba, the same words.
    serial = [w for line in text.splitlines(True) for w in jieba.lcut(line, cut_all=True)]
    kwx.enable_parallel(2)
    try:
        assert list(kwx.cut(text, cut_all=True)) == serial
        assert list(kwx.posseg.cut(text)) == list(kwx.posseg.dt.lcut(text))
    finally:
        kwx.disable_parallel()


def test_batch_calls_follow_the_replacement(jieba, kwx, lines, monkeypatch):
    _, expected = tokenizers(jieba)
    _, actual = tokenizers(kwx)
    for module in (jieba, kwx):
        replace(monkeypatch, module, HAN_WITH_SPACE, SKIP_TAB)
    assert actual.extract_tags_batch(lines, topK=5) == [expected.extract_tags(s, topK=5)
                                                        for s in lines]
    assert ([plain(x) for x in actual.postokenizer.lcut_batch(lines)]
            == [plain(expected.postokenizer.lcut(s)) for s in lines])
    with pytest.raises(NotImplementedError, match='extract_file'):
        actual.extract_file(__file__)
    with pytest.raises(NotImplementedError, match='textrank'):
        kwx.analyse.TextRank().textrank('北京 大学')


def test_replaced_re_userdict(jieba, kwx, tmp_path, monkeypatch):
    # Words with spaces and a tag of capitals: jieba's documented way to load them.
    regex = re.compile('^(.+?)( [0-9]+)?( [a-zA-Z]+)?$', re.U)
    path = tmp_path / 'user.txt'
    path.write_bytes('\ufeff北京 大学 30 NT\n开源 软件\n\n云计算 7 Nz\r\n'.encode('utf-8'))
    results = []
    for module in (jieba, kwx):
        monkeypatch.setattr(module, 're_userdict', regex)
        replace(monkeypatch, module, HAN_WITH_SPACE)
        tok = module.Tokenizer()
        tok.load_userdict(str(path))
        with open(path, 'rb') as f:
            tok.load_userdict(f)
        pos = module.posseg.POSTokenizer(tok)
        results.append((tok.lcut('北京 大学和开源 软件，云计算'), tok.FREQ.get('北京 大学'),
                        tok.FREQ.get('开源 软件'), tok.total,
                        plain(pos.lcut('北京 大学和云计算'))))
    assert results[1] == results[0]
    assert results[1][0][0] == '北京 大学'


def test_not_utf8_user_dictionary_with_replaced_re_userdict(kwx, tmp_path, monkeypatch):
    monkeypatch.setattr(kwx, 're_userdict', re.compile('^(.+?)( [0-9]+)?$', re.U))
    path = tmp_path / 'latin1.txt'
    path.write_bytes('caf\xe9 3\n'.encode('latin-1'))
    tok = kwx.Tokenizer()
    with pytest.raises(ValueError, match='must be utf-8'):
        tok.load_userdict(str(path))


@pytest.mark.parametrize('module_name, name', [
    ('kwx', 're_eng'), ('kwx.posseg', 're_han_detail'), ('kwx.posseg', 're_skip_detail'),
    ('kwx.posseg', 're_eng'), ('kwx.posseg', 're_num'), ('kwx.posseg', 're_eng1')])
def test_regexes_used_inside_blocks_are_refused(kwx, monkeypatch, module_name, name):
    import importlib
    module = importlib.import_module(module_name)
    monkeypatch.setattr(module, name, re.compile('[a-z]'))
    with pytest.raises(NotImplementedError, match=name):
        if module_name == 'kwx':
            kwx.lcut('abc 北京')
        else:
            module.lcut('abc 北京')


def test_an_equal_recompiled_regex_is_not_a_replacement(kwx, monkeypatch):
    monkeypatch.setattr(kwx, 're_eng', re.compile('[a-zA-Z0-9]', re.U))
    monkeypatch.setattr(kwx, 're_han_default', re.compile(kwx.re_han_default.pattern, re.U))
    assert kwx._own_blocks() is None
    assert kwx.lcut('北京大学 abc') == ['北京大学', ' ', 'abc']
