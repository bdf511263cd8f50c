"""User dictionaries against jieba 0.42.1: load_userdict (path, binary and text file objects),
add_word, del_word, suggest_freq (str or tuple, tune or not), get_FREQ / FREQ.get and `total`, on
Tokenizer instances and on the module-level kwx.dt that kwx.posseg and kwx.analyse use; the CLI's
--user-dict; a non-UTF-8 user dictionary; pickling a Tokenizer with user words. The files and the
operation sequences come from userdict_gen.py (seeded).

jieba's Force_Split_Words (jieba/finalseg/__init__.py) is ONE set for the whole process: a word
given freq 0 (del_word, add_word(w, 0), a "w 0" line, suggest_freq(tuple, tune=True) giving 0)
is added to it, never removed, and then every Tokenizer's HMM cut (jieba.cut with HMM, and
extract_tags, which cuts with it) yields that word as single characters. kwx keeps these words
per Tokenizer. To compare like with like:
  * the in-process tests compare one jieba Tokenizer with one kwx Tokenizer, and the fixture
    `fresh_jieba` empties Force_Split_Words when it makes the jieba Tokenizer (and restores the
    set after the test): the jieba Tokenizer behaves as if it were alone in its process, which is
    what a kwx Tokenizer is. A test that needs a second jieba Tokenizer asks fresh_jieba again,
    which forgets the first one's words (the first one is not used afterwards);
  * the operation sequences on the module-level jieba.dt / kwx.dt (with posseg and analyse) run
    in a fresh subprocess each (python test_userdict.py sequence ...), where the only Tokenizer
    that gets words is dt;
  * nothing here changes jieba.dt or kwx.dt in the pytest process.
"""
import io
import json
import os
import pickle
import random
import re
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from conftest import SAMPLES_DIR, kwx_cli, split_lines  # noqa: E402
from parity import assert_same, plain  # noqa: E402
import userdict_gen as gen  # noqa: E402

PRISTINE_TOTAL = 60101967   # jieba's dict.txt: the sum of its frequencies

# jieba's test/userdict.txt (jieba 0.42.1) and the sentences of its test/test_userdict.py.
JIEBA_TEST_USERDICT = ['云计算 5', '李小福 2 nr', '创新办 3 i', 'easy_install 3 eng', '好用 300',
                       '韩玉赏鉴 3 nz', '八一双鹿 3 nz', '台中', '凱特琳 nz', 'Edu Trust认证 2000']
JIEBA_TEST_SENT = ('李小福是创新办主任也是云计算方面的专家; 什么是八一双鹿\n'
                   '例如我输入一个带“韩玉赏鉴”的标题，在自定义词库中也增加了此词为N类\n'
                   '「台中」正確應該不會被切開。mac上可分出「石墨烯」；此時又可以分出來凱特琳了。')
JIEBA_TUNE_LIST = [('今天天气不错', ('今天', '天气')),
                   ('如果放到post中将出错。', ('中', '将')),
                   ('我们中出了一个叛徒', ('中', '出'))]

ALLOW_POS = ('n', 'nr', 'ns', 'nz', 'v', 'vn', 'eng', 'x', 'i', 'l')


# ------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope='module')
def kwx(kwx):
    """conftest's kwx, with kwx.posseg and kwx.analyse imported."""
    import kwx.analyse  # noqa: F401
    import kwx.posseg  # noqa: F401
    return kwx


@pytest.fixture(scope='module')
def pools(message_lines, adversarial):
    return gen.Pools(text_lines=message_lines + adversarial['lines'])


@pytest.fixture(scope='module')
def real_lines(message_lines, adversarial):
    return message_lines + adversarial['lines'][::8]


@pytest.fixture(scope='module')
def jieba_base(jieba):
    """A jieba Tokenizer with dict.txt only, never changed: the state fresh ones start from."""
    t = jieba.Tokenizer()
    t.initialize()
    assert t.total == PRISTINE_TOTAL
    return t


@pytest.fixture
def fresh_jieba(jieba, jieba_base):
    """make() -> a new jieba Tokenizer with dict.txt's words, as if it were the only Tokenizer of
    its process: Force_Split_Words is emptied (see the module's docstring). The set is restored
    after the test."""
    force_split = jieba.finalseg.Force_Split_Words
    saved = set(force_split)

    def make():
        force_split.clear()
        t = jieba.Tokenizer()
        # What initialize() loads (from jieba's cache of dict.txt), without loading it again.
        t.FREQ = dict(jieba_base.FREQ)
        t.total = jieba_base.total
        t.initialized = True
        return t
    yield make
    force_split.clear()
    force_split.update(saved)


# ------------------------------------------------------------------------------------ helpers
def same_value(a, b):
    return type(a) is type(b) and a == b


def assert_same_freq(expected_get, actual_get, words, what):
    """FREQ lookups of the words and of all their prefixes (0 for a prefix, None if absent)."""
    keys = gen.with_prefixes(words)
    assert keys, what + ': nothing to look up'
    bad = [(k, expected_get(k), actual_get(k)) for k in keys
           if not same_value(expected_get(k), actual_get(k))]
    if bad:
        raise AssertionError('%s: FREQ differs for %d of %d words; first (word, jieba, kwx): %r'
                             % (what, len(bad), len(keys), bad[:5]))


def assert_same_cuts(jt, kt, lines, what):
    """Every segmentation of a jieba and a kwx Tokenizer, line by line."""
    assert_same(lines, jt.lcut, kt.lcut, what + ': lcut')
    assert_same(lines, lambda s: jt.lcut(s, HMM=False), lambda s: kt.lcut(s, HMM=False),
                what + ': lcut HMM=False')
    assert_same(lines, jt.lcut_for_search, kt.lcut_for_search, what + ': lcut_for_search')
    assert_same(lines, lambda s: jt.lcut(s, cut_all=True), lambda s: kt.lcut(s, cut_all=True),
                what + ': lcut cut_all=True')
    assert_same(lines, lambda s: list(jt.tokenize(s, HMM=False)),
                lambda s: list(kt.tokenize(s, HMM=False)), what + ': tokenize HMM=False')
    assert_same(lines, lambda s: list(jt.tokenize(s, mode='search')),
                lambda s: list(kt.tokenize(s, mode='search')), what + ': tokenize search')


def assert_changes_cuts(jieba_base, jt, lines, what, at_least=0.1):
    """The user words change jieba's answer on enough lines for the comparison to mean something
    (HMM=False: the force-split words play no part)."""
    changed = sum(jieba_base.lcut(s, HMM=False) != jt.lcut(s, HMM=False) for s in lines)
    assert changed >= at_least * len(lines), \
        '%s: the user words change only %d of %d lines' % (what, changed, len(lines))


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)
    return str(path)


def load_both(jt, kt, path, how):
    """load_userdict(path) on both, or with a file object opened in mode `how`."""
    if how == 'path':
        jt.load_userdict(path)
        kt.load_userdict(path)
        return
    kwargs = {} if how == 'rb' else {'encoding': 'utf-8'}
    for t in (jt, kt):
        with open(path, how, **kwargs) as f:
            t.load_userdict(f)


# --------------------------------------------------------------- (a) generated user dictionaries
def test_load_userdict_path_then_binary_file(jieba_base, fresh_jieba, kwx, pools, real_lines,
                                             tmp_path):
    """Two generated files of 1500 lines (one with a BOM and CRLF, one with mixed line ends) into
    the same Tokenizer: by path, then as a binary file object."""
    jt, kt = fresh_jieba(), kwx.Tokenizer()
    data1, words1 = gen.make_userdict('a1', pools, 1500, bom=True, crlf='crlf')
    data2, words2 = gen.make_userdict('a2', pools, 1500, bom=False, crlf='mixed',
                                      reuse=words1)
    p1 = write(tmp_path / 'user1.txt', data1)
    p2 = write(tmp_path / 'user2.txt', data2)
    rng = random.Random('a')

    load_both(jt, kt, p1, 'path')
    assert jt.total != PRISTINE_TOTAL
    assert same_value(jt.total, kt.total), 'total after file 1: jieba %r, kwx %r' % (jt.total,
                                                                                     kt.total)
    assert_same_freq(jt.FREQ.get, kt.FREQ.get, words1, 'file 1 by path')
    lines = real_lines + gen.make_probe_lines(rng, pools, words1, 250)
    assert_changes_cuts(jieba_base, jt, lines, 'file 1')
    assert_same_cuts(jt, kt, lines, 'file 1 by path')

    load_both(jt, kt, p2, 'rb')
    assert same_value(jt.total, kt.total), 'total after file 2: jieba %r, kwx %r' % (jt.total,
                                                                                     kt.total)
    assert_same_freq(jt.FREQ.get, kt.FREQ.get, words1 + words2, 'file 1 then file 2 (rb)')
    lines = real_lines[::2] + gen.make_probe_lines(rng, pools, words1 + words2, 250)
    assert_same_cuts(jt, kt, lines, 'file 1 then file 2 (rb)')
    # Not a prefix, not a word: None, and get's default.
    assert kt.FREQ.get('不在词典里的词语ABC') is None
    assert kt.FREQ.get('不在词典里的词语ABC', -7) == -7


def test_load_userdict_huge_freqs(fresh_jieba, kwx, pools, real_lines, tmp_path):
    """Frequencies up to 10**12 (total far above dict.txt's), then the same file again: every
    line adds its freq to total once more (jieba never subtracts the old one)."""
    jt, kt = fresh_jieba(), kwx.Tokenizer()
    data, words = gen.make_userdict('a-huge', pools, 1200, huge=True)
    path = write(tmp_path / 'huge.txt', data)
    load_both(jt, kt, path, 'path')
    assert jt.total > 10 ** 9, 'the generated file has no huge freq: change the seed'
    assert same_value(jt.total, kt.total), 'total: jieba %r, kwx %r' % (jt.total, kt.total)
    assert_same_freq(jt.FREQ.get, kt.FREQ.get, words, 'huge freqs')
    lines = real_lines[::2] + gen.make_probe_lines(random.Random('huge'), pools, words, 200)
    assert_same_cuts(jt, kt, lines, 'huge freqs')
    total_once = jt.total
    load_both(jt, kt, path, 'rb')
    assert jt.total > total_once
    assert same_value(jt.total, kt.total), 'total, file loaded twice: jieba %r, kwx %r' % (
        jt.total, kt.total)
    assert_same_freq(jt.FREQ.get, kt.FREQ.get, words, 'huge freqs, loaded twice')
    assert_same_cuts(jt, kt, lines[::3], 'huge freqs, loaded twice')


# Hand-made lines, each a case of jieba's parse (bytes.strip(), decode, lstrip BOM, re_userdict)
# or of the text-mode one (str.strip(), no decode, no BOM strip).
EDGE_LINES = [
    '云计算 5', '李小福 2 nr', 'iPhone 12', 'iPhone 12 3', 'Mac OS x', 'GB 2312', 'C++ 40 eng',
    'c++', 'Edu Trust认证 2000', '双空格  7', '两个 空格 7', '制表\t符 5', '大写标签 5 NZ', '数字标签 5 n2',
    '全角数字 ５', '前导零 007 nz', '007', '5', ' 5 ', '  前后空白  9  ', '\ufeff\ufeff 两个BOM 3',
    '\ufeff', '\ufeffBOM行 4 ns', '空\x00字符 3', '行尾分隔\x1c', '\x1c行首分隔 4', '不断行空格\xa0',
    '全角空格\u3000 9', '\u3000全角空格开头', '下一\x85行 2', '段落\u2029分隔 2', '竖\x0b制表 2 v',
    '换\x0c页 2', '单独\r回车 3', '中国 0', '人民 0 n', '的', '〇 5', 'ㄅ', '😀表情 8 x',
    '一个很长很长的用户自定义词语由许多汉字组成 1', '不 3', '手扶拖拉机专业 20 n', '拖拉机学 1',
    '学院手扶 0', '二〇二一年 5', '3.14% 9', 'x86_64 12', '.', '-', '词 999999999999',
]


def edge_keys(lines):
    """The words either parse could add for these lines (to look up in FREQ)."""
    keys = set()
    for line in lines:
        for piece in [line] + line.split('\r'):
            for s in (piece.strip(), piece.strip().lstrip('\ufeff'),
                      piece.encode('utf-8').strip().decode('utf-8').lstrip('\ufeff'),
                      piece.encode('utf-8').strip().decode('utf-8')):
                if s:
                    keys.add(gen.RE_USERDICT.match(s).group(1))
    return sorted(keys)


@pytest.mark.parametrize('how', ['rb', 'path', 'text', 'text newline=""', 'StringIO', 'BytesIO'])
def test_load_userdict_edge_lines(fresh_jieba, kwx, pools, how, tmp_path):
    """Hand-made lines through every way of giving the file: in a binary file every line is
    parsed as bytes; a text file object gives str lines (str.strip() removes U+00A0, U+3000,
    \\x1c.., no BOM is removed: the word is '\\ufeffBOM行'; universal newlines split at a lone
    CR, newline='' too, StringIO does not)."""
    jt, kt = fresh_jieba(), kwx.Tokenizer()
    text = ''.join(line + '\n' for line in EDGE_LINES)
    data = b'\xef\xbb\xbf' + text.encode('utf-8')
    path = write(tmp_path / 'edge.txt', data)
    if how in ('rb', 'path'):
        load_both(jt, kt, path, how)
    elif how == 'text':
        load_both(jt, kt, path, 'r')
    elif how == 'text newline=""':
        for t in (jt, kt):
            with open(path, 'r', encoding='utf-8', newline='') as f:
                t.load_userdict(f)
    elif how == 'StringIO':
        for t in (jt, kt):
            t.load_userdict(io.StringIO(data.decode('utf-8')))
    else:
        for t in (jt, kt):
            t.load_userdict(io.BytesIO(data))
    keys = edge_keys(EDGE_LINES)
    if how in ('rb', 'path', 'BytesIO'):
        assert jt.FREQ.get('iPhone') == 12 and jt.FREQ.get('双空格 ') == 7
        assert jt.FREQ.get('两个BOM') is None and jt.FREQ.get(' 两个BOM') == 3
    else:
        assert jt.FREQ.get('\ufeffBOM行') == 4 and jt.FREQ.get('BOM行') is None
    assert same_value(jt.total, kt.total), 'total: jieba %r, kwx %r' % (jt.total, kt.total)
    assert_same_freq(jt.FREQ.get, kt.FREQ.get, keys, 'edge lines (%s)' % how)
    words = [k for k in keys if k.strip()]
    lines = gen.make_probe_lines(random.Random('edge'), pools, words, 150)
    lines += ['我爱中国人民', '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪',
              'C++ 和 c++ 都是 iPhone 12 上的 x86_64', '二〇二一年圆周率是3.14%']
    assert_same_cuts(jt, kt, lines, 'edge lines (%s)' % how)


# ------------------------------------------------ force split (finalseg.Force_Split_Words)
def test_del_word_force_split(fresh_jieba, kwx, jieba):
    """del_word: the HMM no longer joins the word, also after it is added again with a freq too
    small for the route to take it (jieba never forgets a force-split word); posseg, which has its
    own HMM, is not affected."""
    s = '我爱中国人民'
    jt, kt = fresh_jieba(), kwx.Tokenizer()
    jp, kp = jieba.posseg.POSTokenizer(jt), kwx.posseg.POSTokenizer(kt)
    for t in (jt, kt):
        t.del_word('中国')
    assert jt.lcut(s) == ['我', '爱', '中', '国', '人民']
    assert kt.lcut(s) == jt.lcut(s)
    assert plain(kp.lcut(s)) == plain(jp.lcut(s)) == [('我', 'r'), ('爱', 'v'), ('中国', 'ns'),
                                                      ('人民', 'n')]
    assert same_value(kt.FREQ.get('中国'), jt.FREQ.get('中国'))
    for t in (jt, kt):
        t.add_word('中国', 100)
    assert jt.lcut(s) == ['我', '爱', '中', '国', '人民']
    assert kt.lcut(s) == jt.lcut(s)
    for t in (jt, kt):
        t.add_word('中国', 100, 'nz')
    assert plain(kp.lcut(s)) == plain(jp.lcut(s))
    assert plain(kp.lcut(s, HMM=False)) == plain(jp.lcut(s, HMM=False))
    # A "w 0" line is a del_word too.
    jt, kt = fresh_jieba(), kwx.Tokenizer()
    for t in (jt, kt):
        t.load_userdict(io.BytesIO('人民 0\n中国 0\n'.encode('utf-8')))
    assert jt.lcut(s) == ['我', '爱', '中', '国人', '民']
    assert kt.lcut(s) == jt.lcut(s)
    assert kt.lcut_for_search(s) == jt.lcut_for_search(s)


# ------------------------------------------------ (c) jieba's own test/userdict.txt and sentences
def test_jieba_test_userdict(fresh_jieba, kwx, jieba, tmp_path):
    path = write(tmp_path / 'userdict.txt', ''.join(s + '\n' for s in JIEBA_TEST_USERDICT).encode())
    jt, kt = fresh_jieba(), kwx.Tokenizer()
    jp, kp = jieba.posseg.POSTokenizer(jt), kwx.posseg.POSTokenizer(kt)
    for t in (jt, kt):
        t.load_userdict(path)
        t.add_word('石墨烯')
        t.add_word('凱特琳')
        t.del_word('自定义词')
    expected = jt.lcut(JIEBA_TEST_SENT)
    for w in ('李小福', '创新办', '云计算', '八一双鹿', '韩玉赏鉴', '台中', '石墨烯', '凱特琳'):
        assert w in expected, w     # the example works in jieba
    assert '自定义词' not in expected
    assert kt.lcut(JIEBA_TEST_SENT) == expected
    for hmm in (True, False):
        assert kt.lcut(JIEBA_TEST_SENT, HMM=hmm) == jt.lcut(JIEBA_TEST_SENT, HMM=hmm)
        assert kt.lcut_for_search(JIEBA_TEST_SENT, HMM=hmm) == \
            jt.lcut_for_search(JIEBA_TEST_SENT, HMM=hmm)
    assert kt.lcut(JIEBA_TEST_SENT, cut_all=True) == jt.lcut(JIEBA_TEST_SENT, cut_all=True)
    tagged = plain(jp.lcut(JIEBA_TEST_SENT))
    for pair in (('李小福', 'nr'), ('创新办', 'i'), ('云计算', 'x'), ('韩玉赏鉴', 'nz'),
                 ('凱特琳', 'nz'), ('石墨烯', 'x')):
        assert pair in tagged, pair
    assert plain(kp.lcut(JIEBA_TEST_SENT)) == tagged
    assert plain(kp.lcut(JIEBA_TEST_SENT, HMM=False)) == plain(jp.lcut(JIEBA_TEST_SENT, HMM=False))
    for s in ('easy_install is great', 'python 的正则表达式是好用的', 'Edu Trust认证'):
        assert kt.lcut(s) == jt.lcut(s)
        assert plain(kp.lcut(s)) == plain(jp.lcut(s))
    assert jt.lcut('easy_install is great')[0] == 'easy_install'
    for w in ('云计算', '台中', 'Edu Trust认证', 'Edu Trust', 'easy_install', '石墨烯', '自定义词'):
        assert same_value(kt.FREQ.get(w), jt.FREQ.get(w)), w
    # The frequency tune of test_userdict.py.
    for sent, seg in JIEBA_TUNE_LIST:
        word = ''.join(seg)
        assert kt.lcut(sent, HMM=False) == jt.lcut(sent, HMM=False)
        assert same_value(kt.FREQ.get(word), jt.FREQ.get(word))
        before = jt.lcut(sent, HMM=False)
        got = (jt.suggest_freq(seg, True), kt.suggest_freq(seg, True))
        assert same_value(got[1], got[0]), (seg, got)
        if seg != ('中', '出'):      # already cut so
            assert jt.lcut(sent, HMM=False) != before, sent
        assert kt.lcut(sent, HMM=False) == jt.lcut(sent, HMM=False)
        assert kt.lcut(sent) == jt.lcut(sent)
        assert same_value(kt.FREQ.get(word), jt.FREQ.get(word))
    # README's: suggest_freq('台中', True) after a cut that splits it.
    for t in (jt, kt):
        t.add_word('台中', 0)
    assert same_value(kt.suggest_freq('台中', False), jt.suggest_freq('台中', False))
    assert same_value(kt.suggest_freq('台中', True), jt.suggest_freq('台中', True))
    assert same_value(kt.total, jt.total)
    assert kt.lcut(JIEBA_TEST_SENT) == jt.lcut(JIEBA_TEST_SENT)
    assert plain(kp.lcut(JIEBA_TEST_SENT)) == plain(jp.lcut(JIEBA_TEST_SENT))


# ------------------------------------------------ (b) random sequences on jieba.dt and kwx.dt
@pytest.mark.parametrize('seed,del_heavy', [('b1', False), ('b2', True)])
def test_operation_sequence(seed, del_heavy):
    """add_word / del_word / suggest_freq / load_userdict in random order on the module-level
    Tokenizers, with lcut, posseg, extract_tags and textrank compared at every check point,
    get_FREQ and total after every operation. In a fresh process (Force_Split_Words)."""
    run = subprocess.run([sys.executable, os.path.abspath(__file__), 'sequence', seed, '150',
                          '1' if del_heavy else '0'], cwd=HERE, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=300)
    assert run.returncode == 0, 'sequence %s failed:\n%s' % (seed, run.stderr[-6000:])
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary['ops'] >= 150 and summary['checks'] >= 15, summary
    assert summary['force_split'] >= (20 if del_heavy else 5), summary
    assert summary['suggest_nonzero'] >= 10, summary
    assert summary['changed_lines'] >= 0.2 * summary['check_lines'], summary


def run_sequence(seed, n_ops, del_heavy):
    """The subprocess of test_operation_sequence: prints a JSON summary, raises AssertionError at
    the first difference."""
    import logging
    import jieba
    import jieba.analyse
    import jieba.posseg
    jieba.setLogLevel(logging.CRITICAL + 10)
    jieba.initialize()
    import kwx
    import kwx.analyse
    import kwx.posseg

    with open(os.path.join(SAMPLES_DIR, 'message.txt'), 'rb') as f:
        message = split_lines(f.read())
    pools = gen.Pools(text_lines=message)
    ops = gen.make_ops(seed, pools, n_ops, del_heavy=del_heavy)
    tmp = tempfile.mkdtemp(prefix='kwx-userdict-seq-')
    path_of = gen.file_path_cache(tmp)
    pristine = jieba.Tokenizer()
    pristine.initialize()
    analyses = [
        ('lcut', jieba.lcut, kwx.lcut),
        ('lcut HMM=False', lambda s: jieba.lcut(s, HMM=False), lambda s: kwx.lcut(s, HMM=False)),
        ('lcut cut_all', lambda s: jieba.lcut(s, cut_all=True),
         lambda s: kwx.lcut(s, cut_all=True)),
        ('lcut_for_search', jieba.lcut_for_search, kwx.lcut_for_search),
        ('posseg.lcut', lambda s: plain(jieba.posseg.lcut(s)), lambda s: plain(kwx.posseg.lcut(s))),
        ('posseg.lcut HMM=False', lambda s: plain(jieba.posseg.lcut(s, HMM=False)),
         lambda s: plain(kwx.posseg.lcut(s, HMM=False))),
        ('extract_tags', lambda s: jieba.analyse.extract_tags(s, 20, True),
         lambda s: kwx.analyse.extract_tags(s, 20, True)),
        ('extract_tags allowPOS withFlag',
         lambda s: plain(jieba.analyse.extract_tags(s, 20, True, ALLOW_POS, True)),
         lambda s: plain(kwx.analyse.extract_tags(s, 20, True, ALLOW_POS, True))),
        ('extract_tags allowPOS', lambda s: jieba.analyse.extract_tags(s, 20, True, ALLOW_POS),
         lambda s: kwx.analyse.extract_tags(s, 20, True, ALLOW_POS)),
        ('textrank', lambda s: jieba.analyse.textrank(s, 20, True),
         lambda s: kwx.analyse.textrank(s, 20, True)),
    ]
    checks = check_lines = changed = suggest_nonzero = 0
    for i, op in enumerate(ops):
        where = '%s op %d' % (seed, i)
        if op[0] == 'check':
            lines = op[1] + message[i % 4::4]
            doc = '\n'.join(op[1])
            for name, jf, kf in analyses:
                assert_same(lines + [doc], jf, kf, '%s (after %r): %s' % (where, ops[i - 1][:2],
                                                                         name))
            checks += 1
            check_lines += len(op[1])
            changed += sum(pristine.lcut(s, HMM=False) != jieba.lcut(s, HMM=False) for s in op[1])
            continue
        results = []
        for lib in (jieba, kwx):
            try:
                results.append(('ok', gen.apply_op(lib, op, path_of)))
            except Exception as e:     # the same exception type, or neither raises
                results.append(('raised', type(e).__name__))
        expected, actual = results
        if expected[0] != actual[0] or not same_value(expected[1], actual[1]):
            raise AssertionError('%s %r: jieba %r, kwx %r' % (where, op[:3], expected, actual))
        if op[0] == 'suggest_freq' and expected[1]:
            suggest_nonzero += 1
        assert_same_freq(jieba.get_FREQ, kwx.get_FREQ, gen.op_words(op) or ['的'],
                         '%s %r' % (where, op[:3]))
        if not same_value(jieba.dt.total, kwx.dt.total):
            raise AssertionError('%s %r: total: jieba %r, kwx %r' % (where, op[:3],
                                                                    jieba.dt.total, kwx.dt.total))
    assert kwx.get_FREQ('不在词典里的词语ABC', 'absent') == 'absent'
    print(json.dumps({'ops': sum(op[0] != 'check' for op in ops), 'checks': checks,
                      'check_lines': check_lines, 'changed_lines': changed,
                      'suggest_nonzero': suggest_nonzero,
                      'force_split': len(jieba.finalseg.Force_Split_Words)}))


# ------------------------------------------------ (d) the CLI's --user-dict
def run_cli(args, **kwargs):
    return subprocess.run([kwx_cli()] + [str(a) for a in args], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=120, **kwargs)


def cli_jsonl(args, out):
    run = run_cli(args + ['--format', 'jsonl', '-o', out])
    assert run.returncode == 0, 'kwx %s failed: %s' % (' '.join(map(str, args)),
                                                         run.stderr.decode('utf-8', 'replace'))
    with open(out, 'rb') as f:
        data = f.read()
    # Not splitlines(): a JSON string may hold U+2028, U+0085 as they are.
    assert data.endswith(b'\n') or not data
    return [json.loads(line) for line in data.decode('utf-8').split('\n')[:-1]]


def assert_same_lines(lines, expected, actual, what):
    assert len(actual) == len(expected), '%s: %d output lines for %d input lines' % (
        what, len(actual), len(expected))
    assert_same(list(range(len(lines))), lambda i: expected[i], lambda i: actual[i], what)


@pytest.fixture(scope='module')
def cli_case(tmp_path_factory, pools, message_lines, adversarial):
    """Two user dictionaries (the second re-sets a third of the first one's words) and a corpus
    in which their words occur."""
    d = tmp_path_factory.mktemp('cli')
    data1, words1 = gen.make_userdict('d1', pools, 800, bom=True)
    data2, words2 = gen.make_userdict('d2', pools, 800, reuse=words1, crlf='crlf')
    rng = random.Random('cli')
    lines = (message_lines + adversarial['lines'][::12]
             + gen.make_probe_lines(rng, pools, words1 + words2, 300))
    corpus = '\n'.join(s.replace('\n', ' ') for s in lines).encode('utf-8') + b'\n'
    return {'u1': write(d / 'user1.txt', data1), 'u2': write(d / 'user2.txt', data2),
            'corpus': write(d / 'corpus.txt', corpus), 'lines': split_lines(corpus), 'dir': d}


def test_cli_cut_user_dict(cli_case, fresh_jieba, jieba, tmp_path):
    c = cli_case
    lines, corpus = c['lines'], c['corpus']
    out = str(tmp_path / 'out.jsonl')

    def compare(jt, jp, dicts, what):
        opts = []
        for u in dicts:
            opts += ['--user-dict', u]
        assert_same_lines(lines, [jt.lcut(s) for s in lines],
                          cli_jsonl(['cut', corpus] + opts, out), what + ': cut')
        assert_same_lines(lines, [jt.lcut_for_search(s, HMM=False) for s in lines],
                          cli_jsonl(['cut', corpus, '--mode', 'search', '--no-hmm'] + opts, out),
                          what + ': cut --mode search --no-hmm')
        assert_same_lines(lines, [[list(p) for p in plain(jp.lcut(s))] for s in lines],
                          cli_jsonl(['cut', corpus, '--pos'] + opts, out), what + ': cut --pos')

    jt = fresh_jieba()
    jp = jieba.posseg.POSTokenizer(jt)   # one per Tokenizer: the first one to cut takes the tags
    jt.load_userdict(c['u1'])
    compare(jt, jp, [c['u1']], 'one --user-dict')
    jt.load_userdict(c['u2'])
    compare(jt, jp, [c['u1'], c['u2']], 'two --user-dict')
    one_two = [jt.lcut(s) for s in lines]
    # The other order gives other words.
    jt = fresh_jieba()
    jp = jieba.posseg.POSTokenizer(jt)
    jt.load_userdict(c['u2'])
    jt.load_userdict(c['u1'])
    assert [jt.lcut(s) for s in lines] != one_two, 'the order of the files does not matter here'
    compare(jt, jp, [c['u2'], c['u1']], 'two --user-dict, the other order')
    # --user-dict before the input file: the input is not taken for a second user dictionary.
    assert_same_lines(lines, [jt.lcut(s) for s in lines],
                      cli_jsonl(['cut', '--user-dict', c['u2'], '--user-dict', c['u1'], corpus],
                                out), '--user-dict before INPUT')


def test_cli_extract_user_dict(cli_case, fresh_jieba, jieba, tmp_path):
    c = cli_case
    lines, corpus = c['lines'], c['corpus']
    out = str(tmp_path / 'out.jsonl')
    jt = fresh_jieba()
    jp = jieba.posseg.POSTokenizer(jt)
    tfidf = jieba.analyse.TFIDF()
    tfidf.tokenizer, tfidf.postokenizer = jt, jp
    textrank = jieba.analyse.TextRank()
    textrank.tokenizer = textrank.postokenizer = jp

    def weighted(result):
        return [[w, x] for w, x in result]

    pristine = [tfidf.extract_tags(s, 30, True) for s in lines]
    for dicts in ([c['u1']], [c['u1'], c['u2']]):
        jt.load_userdict(dicts[-1])
        opts = []
        for u in dicts:
            opts += ['--user-dict', u]
        what = '%d --user-dict' % len(dicts)
        expected = [weighted(tfidf.extract_tags(s, 30, True)) for s in lines]
        assert expected != [weighted(r) for r in pristine]
        assert_same_lines(lines, expected,
                          cli_jsonl(['extract', corpus, '-k', 30, '--with-weight'] + opts, out),
                          what + ': extract')
        assert_same_lines(lines,
                          [weighted(tfidf.extract_tags(s, 30, True, ALLOW_POS)) for s in lines],
                          cli_jsonl(['extract', corpus, '-k', 30, '--with-weight', '--allow-pos',
                                     ','.join(ALLOW_POS)] + opts, out),
                          what + ': extract --allow-pos')
        assert_same_lines(lines, [weighted(textrank.textrank(s, 30, True)) for s in lines],
                          cli_jsonl(['extract', corpus, '-k', 30, '--with-weight', '--method',
                                     'textrank'] + opts, out), what + ': extract --method textrank')
    assert_same_lines(lines, [weighted(tfidf.extract_tags(s, 30, True)) for s in lines],
                      cli_jsonl(['extract', '--user-dict', c['u1'], '--user-dict', c['u2'], corpus,
                                 '-k', 30, '--with-weight'], out), '--user-dict before INPUT')


# ------------------------------------------------ (e) a user dictionary that is not UTF-8
BAD_BYTES = {'ff': b'\xff', 'gbk': '自定义'.encode('gbk'), 'surrogate': b'\xed\xa0\x80',
             'overlong': b'\xc0\xaf', 'truncated': b'\xe4\xb8'}
BAD_LINE = 13     # its line number in the file


def bad_userdict(bad):
    good = ['坏文件词一 5 nz', '坏文件词二', '中国 0', '坏文件词三 77', '', '坏文件长词语四 3 n']
    good += ['坏文件词%d %d' % (i, i) for i in range(5, 5 + BAD_LINE - 1 - len(good))]
    assert len(good) == BAD_LINE - 1
    data = '\n'.join(good).encode('utf-8') + b'\n'
    return data + '坏'.encode('utf-8') + BAD_BYTES[bad] + ' 3\n坏文件词末 4\n'.encode('utf-8')


@pytest.mark.parametrize('bad', sorted(BAD_BYTES))
def test_non_utf8_userdict(fresh_jieba, kwx, tmp_path, bad):
    path = write(tmp_path / 'bad_userdict.txt', bad_userdict(bad))
    s = '坏文件词一和坏文件长词语四，我爱中国人民'
    # jieba refuses the file, after adding the lines before the bad one.
    jt = fresh_jieba()
    with pytest.raises(ValueError, match='dictionary file .*bad_userdict.txt must be utf-8'):
        jt.load_userdict(path)
    assert jt.FREQ.get('坏文件词一') == 5
    # kwx refuses it too, and adds nothing of it (a deliberate difference).
    kt = kwx.Tokenizer()
    kt.add_word('之前的词', 3)
    kt.add_word('坏文件', 0)
    total, expected = kt.total, kt.lcut(s)
    for how in ('path', 'rb'):
        with pytest.raises(ValueError) as e:
            if how == 'path':
                kt.load_userdict(path)
            else:
                with open(path, 'rb') as f:
                    kt.load_userdict(f)
        message = str(e.value)
        assert 'must be utf-8' in message and path in message, message
        for w in ('坏文件词一', '坏文件词二', '坏文件词三', '坏文件长词语四', '坏文件长'):
            assert kt.FREQ.get(w) is None, (how, w, kt.FREQ.get(w))
        assert kt.FREQ.get('中国') > 0 and kt.FREQ.get('之前的词') == 3
        assert kt.FREQ.get('坏文件') == 0
        assert kt.total == total
        assert kt.lcut(s) == expected
    # And kwx.dt (the module-level load_userdict) is left as it was.
    kwx.dt.initialize()  # (an unloaded Tokenizer's total is 0, as jieba's)
    dt_total = kwx.dt.total
    with pytest.raises(ValueError, match='must be utf-8'):
        kwx.load_userdict(path)
    assert kwx.get_FREQ('坏文件词一') is None and kwx.dt.total == dt_total


@pytest.mark.parametrize('command', ['cut', 'extract'])
def test_cli_non_utf8_user_dict(command, cli_case, tmp_path):
    d = tmp_path / 'run'
    d.mkdir()
    with open(cli_case['corpus'], 'rb') as f:
        corpus = write(d / 'corpus.txt', f.read())
    bad = write(d / 'bad_user.txt', bad_userdict('gbk'))
    before = sorted(os.listdir(d))
    for extra in (['-o', str(d / 'out.txt')], [] if command == 'extract' else ['-o', '-']):
        run = run_cli([command, corpus, '--user-dict', cli_case['u1'], '--user-dict', bad] + extra)
        stderr = run.stderr.decode('utf-8', 'replace')
        assert 0 < run.returncode < 128, (run.returncode, stderr)
        assert bad in stderr, stderr
        assert re.search(r'(?<![0-9])%d(?![0-9])' % BAD_LINE, stderr.replace(bad, '')), stderr
        assert sorted(os.listdir(d)) == before     # no output file, no temporary left
        assert run.stdout == b''


# ------------------------------------------------ (f) pickling a Tokenizer with user words
def test_pickle_tokenizer_with_user_words(fresh_jieba, kwx, jieba, pools, real_lines, tmp_path):
    data1, words1 = gen.make_userdict('f1', pools, 400)
    data2, words2 = gen.make_userdict('f2', pools, 400, bom=True)
    data3, words3 = gen.make_userdict('f3', pools, 300, bom=False)
    p1, p2, p3 = (write(tmp_path / n, d) for n, d in
                  (('f1.txt', data1), ('f2.txt', data2), ('f3.txt', data3)))
    kt, jt = kwx.Tokenizer(), fresh_jieba()
    for t in (kt, jt):
        t.load_userdict(p1)
        with open(p2, 'rb') as f:
            t.load_userdict(f)
        with open(p3, encoding='utf-8') as f:
            t.load_userdict(f)
        t.add_word('石墨烯')
        t.add_word('凱特琳', 7, 'nz')
        t.del_word('中国')
        t.suggest_freq(('中', '将'), True)
        t.suggest_freq('台中', True)
        t.add_word('中国', 100)
    for p in (p1, p2, p3):
        os.remove(p)     # a copy must carry the words, not the paths
    words = words1 + words2 + words3 + ['石墨烯', '凱特琳', '中国', '中将', '台中']
    lines = (real_lines[::3] + gen.make_probe_lines(random.Random('f'), pools, words, 150)
             + ['我爱中国人民', '如果放到post中将出错。', '「台中」正確應該不會被切開。石墨烯凱特琳'])
    expected = [kt.lcut(s) for s in lines]
    # The words are jieba's, and they matter on these lines.
    assert expected == [jt.lcut(s) for s in lines]
    fresh = kwx.Tokenizer()
    assert expected != [fresh.lcut(s) for s in lines]
    copies = [pickle.loads(pickle.dumps(kt, proto))
              for proto in range(2, pickle.HIGHEST_PROTOCOL + 1)]
    copies.append(pickle.loads(pickle.dumps(copies[0])))    # a copy of a copy
    kp = kwx.posseg.POSTokenizer(kt)
    tagged = [plain(kp.lcut(s)) for s in lines]
    for c in copies:
        assert type(c) is kwx.Tokenizer
        assert [c.lcut(s) for s in lines] == expected
        assert_same_cuts(kt, c, lines[::4], 'pickled copy')
        cp = kwx.posseg.POSTokenizer(c)
        assert [plain(cp.lcut(s)) for s in lines] == tagged
        assert_same_freq(kt.FREQ.get, c.FREQ.get, words, 'pickled copy')
        assert c.total == kt.total
    # A copy is independent of the original.
    c = copies[0]
    c.add_word('我爱', 10 ** 6)
    assert c.lcut('我爱中国人民')[0] == '我爱' and kt.lcut('我爱中国人民') == jt.lcut('我爱中国人民')
    assert kt.FREQ.get('我爱') == jt.FREQ.get('我爱')
    # And in another process (where the words are replayed on that process's dictionary).
    lines_path = write(tmp_path / 'lines.json', json.dumps(lines).encode('utf-8'))
    code = ('import json, pickle, sys\n'
            't = pickle.load(sys.stdin.buffer)\n'
            'lines = json.load(open(sys.argv[1], encoding="utf-8"))\n'
            'print(json.dumps([t.lcut(s) for s in lines]))\n')
    run = subprocess.run([sys.executable, '-c', code, lines_path], input=pickle.dumps(kt),
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode('utf-8', 'replace')
    assert json.loads(run.stdout) == expected


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == 'sequence':
        run_sequence(sys.argv[2], int(sys.argv[3]), sys.argv[4] == '1')
    else:
        sys.exit('usage: test_userdict.py sequence SEED N_OPS DEL_HEAVY(0|1)')
