"""jieba's state-carrying API against jieba 0.42.1: get_DAG and calc; enable_parallel /
disable_parallel (module-level cut, cut_for_search, posseg.cut; in a fresh subprocess); a
Tokenizer's user_word_tag_tab; the stop_words set of TFIDF and TextRank; TFIDF's idf_freq dict and
median_idf; pickling an extractor with changed ones.

Every change is made to a jieba object and to the kwx object in the same way, and the results
(extract_tags / textrank with withWeight=True, topK=None) are compared after every step: kwx
keeps C++ copies of these sets and dicts and must notice each change, in place or by assignment.
Weights and calc's log probabilities are compared bit for bit (float.hex).

Nothing here changes jieba.dt or kwx.dt in the pytest process; jieba's Force_Split_Words (one
set for the whole process, which del_word fills) is restored after the tests that use del_word.
"""
import json
import os
import pickle
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from conftest import SAMPLES_DIR, split_lines  # noqa: E402
from parity import assert_same, plain  # noqa: E402

# Keywords of samples/message.txt (both TF-IDF's and TextRank's): the words the steps below make
# stop words, give other IDF values, ... so that every step changes jieba's results.
K1, K2, K3 = '处理器', '计算所', '明显降低'


# ------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope='module')
def jieba(jieba):
    import jieba.analyse  # noqa: F401
    import jieba.posseg  # noqa: F401
    return jieba


@pytest.fixture(scope='module')
def kwx(kwx):
    import kwx.analyse  # noqa: F401
    import kwx.posseg  # noqa: F401
    return kwx


@pytest.fixture(scope='module')
def dag_lines(message_lines, adversarial):
    """About 1,650 lines: the sample text and the generated adversarial lines."""
    return message_lines + adversarial['lines']


@pytest.fixture(scope='module')
def doc_lines(message_lines, adversarial):
    """About 60 texts for the extractors: the sample's lines, pairs of them (words repeated
    within a text), the whole sample, and some adversarial lines (English stop words, ...)."""
    pairs = ['\n'.join(message_lines[i:i + 2]) for i in range(0, len(message_lines) - 1)]
    return message_lines + pairs + ['\n'.join(message_lines)] + adversarial['lines'][::60]


@pytest.fixture
def restore_force_split(jieba):
    """jieba's del_word puts the word in finalseg.Force_Split_Words, a set of the whole process
    that jieba.dt's HMM cut (extract_tags) would see in later tests: restored afterwards."""
    saved = set(jieba.finalseg.Force_Split_Words)
    yield
    jieba.finalseg.Force_Split_Words.clear()
    jieba.finalseg.Force_Split_Words.update(saved)


def fresh_tokenizers(jieba, kwx):
    """A new jieba Tokenizer (dict.txt's words, copied from the unchanged jieba.dt instead of
    loaded again) and a new kwx Tokenizer."""
    jt = jieba.Tokenizer()
    jt.FREQ = dict(jieba.dt.FREQ)
    jt.total = jieba.dt.total
    jt.initialized = True
    return jt, kwx.Tokenizer()


# ------------------------------------------------------------------------------------ helpers
def exact(value):
    """A comparable form of a DAG, a route or extraction results in which floats are compared
    bit for bit (and an int stays distinct from a float)."""
    if isinstance(value, float):
        return ('float', value.hex())
    if isinstance(value, dict):
        return [(exact(k), exact(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [exact(v) for v in value]
    return value


def same_results(texts, expected_fn, actual_fn, what):
    """assert_same of exact(results); returns jieba's."""
    expected = [exact(expected_fn(s)) for s in texts]
    it = iter(expected)
    assert_same(texts, lambda s: next(it), lambda s: exact(actual_fn(s)), what)
    return expected


def dag_and_route(tokenizer, s, dag=None):
    if dag is None:
        dag = tokenizer.get_DAG(s)
    route = {}
    assert tokenizer.calc(s, dag, route) is None
    return exact(dag), exact(route)


def all_spans(t):
    """s -> calc's route over the DAG of every span of s."""
    return lambda s: dag_and_route(t, s, {i: list(range(i, len(s))) for i in range(len(s))})[1]


def assert_same_dags(lines, jt, kt, what):
    """get_DAG and calc of both on every line, and calc of both on jieba's DAG."""
    assert_same(lines, lambda s: dag_and_route(jt, s), lambda s: dag_and_route(kt, s), what)

    def on_jiebas_dag(t):
        return lambda s: dag_and_route(t, s, jt.get_DAG(s))[1]
    assert_same(lines, on_jiebas_dag(jt), on_jiebas_dag(kt), what + ', calc on jieba\'s DAG')


# ------------------------------------------------------------------------ 1. get_DAG and calc
DAG_EDGE_CASES = [
    '', '北', 'a', ' ', '\n', '的的的的的的的的的的', '北京大学生活动中心', '㐀䶵\U00020000',
    '😀👍🏽北京欢迎你🇨🇳', '\x00北京\x00', 'AT&T和C++，江南style的U盘', 'x' * 40 + '中华人民共和国' * 3,
    '，。！？：；', '1.5万元',
]
# Lone surrogates: no str in jieba's FREQ has one, its lookups just miss.
SURROGATE_CASES = ['\ud800', '北京\ud800欢迎你', '\ud800北\udfff', '中华人民共和\udc00国']


def test_get_dag_and_calc_on_real_lines(jieba, kwx, dag_lines):
    assert len(dag_lines) > 500
    # The module-level functions are jieba.dt's and kwx.dt's.
    assert_same(dag_lines, jieba.get_DAG, kwx.get_DAG, 'module-level get_DAG')
    assert_same_dags(dag_lines, jieba.dt, kwx.dt, 'get_DAG + calc')

    def module_calc(lib):
        def run(s):
            route = {}
            lib.calc(s, jieba.get_DAG(s), route)
            return exact(route)
        return run
    assert_same(dag_lines[::10], module_calc(jieba), module_calc(kwx), 'module-level calc')


def test_get_dag_and_calc_edge_cases(jieba, kwx):
    assert_same_dags(DAG_EDGE_CASES, jieba.dt, kwx.dt, 'edge cases')
    assert kwx.get_DAG('') == {} and kwx.dt.get_DAG('😀') == {0: [0]}

    # calc over every span (a DAG get_DAG never makes): lookups of substrings with unknown
    # characters and emoji, missing from FREQ.
    assert_same(DAG_EDGE_CASES, all_spans(jieba.dt), all_spans(kwx.dt), 'calc over all spans')


def test_get_dag_and_calc_after_user_words(jieba, kwx, message_lines, restore_force_split):
    jt, kt = fresh_tokenizers(jieba, kwx)
    lines = message_lines + DAG_EDGE_CASES + [
        '北京欢迎你来到拖拉机学院，云计算平台上的😀笑脸很好看', '新词语言模型和新词语言学家',
        '北京人在北京', '计算所的处理器']
    changes = [
        ('add_word', '北京欢迎', 100, None), ('add_word', '云计算平台', None, 'nz'),
        ('add_word', '😀笑脸', 5, None), ('add_word', '新词语言', 3, None),
        ('add_word', '新词语言模型', 2000000, 'n'),   # changes `total` (calc's log) a lot
        ('del_word', '北京'), ('del_word', '处理器'), ('del_word', '新词语言'),
        ('add_word', '北京', 1, None),
    ]
    for change in changes:
        for t in (jt, kt):
            getattr(t, change[0])(*change[1:])
        assert kt.total == jt.total
        assert_same_dags(lines, jt, kt, 'after %r' % (change,))
    assert jt.get_DAG('北京欢迎你') != jieba.dt.get_DAG('北京欢迎你')   # the words are used


# A lone surrogate is in no word: FREQ lookups miss, as jieba's (pybind11 refuses the str).
def test_get_dag_and_calc_with_lone_surrogates(jieba, kwx):
    jt, kt = fresh_tokenizers(jieba, kwx)
    for t in (jt, kt):
        t.add_word('欢迎你', 3)
    assert kwx.get_FREQ('北京\ud800', 'absent') == jieba.get_FREQ('北京\ud800', 'absent')
    for j, k, what in ((jieba.dt, kwx.dt, 'dt'), (jt, kt, 'with a user word')):
        assert_same_dags(SURROGATE_CASES, j, k, 'lone surrogates, ' + what)
        assert_same(SURROGATE_CASES, all_spans(j), all_spans(k), 'calc over all spans, ' + what)


# --------------------------------------------------------------- 2. enable_parallel (subprocess)
SEPARATORS = ['\n', '\r\n', '\r', '\u2028', '\x0b', '\x1c', '\x85']


def parallel_texts(message_lines):
    """Multi-line texts: every separator str.splitlines knows of the kinds above, mixed
    Chinese/English/digits, breaks inside ASCII and punctuation runs (full mode differs from
    the serial call there), empty lines, a final break or none."""
    mixed = ['我来到北京清华大学', 'C++ 和 e-mail 3.14%', '小明硕士毕业于中国科学院计算所',
             'Python3 和 abc123 的 UTF-8', '他来到了网易杭研大厦', '2023年12月31日，GDP增长5.2%']
    texts = ['', '\n', '\r\n\r\n', 'abc\ndef', 'abc\r\ndef 123\r456', '。。\n，，', 'a\n\nb\n',
             '北京\n', 'abc\u2028def\x85ghi\x1cjkl\x0bmno']
    for i, sep in enumerate(SEPARATORS):
        texts.append(sep.join(mixed[i % 3:] + mixed[:i % 3]) + sep * (i % 2))
    texts.append(''.join(line + SEPARATORS[i % len(SEPARATORS)]
                         for i, line in enumerate(message_lines)))
    return texts


def parallel_calls():
    """name -> f(module, text): what enable_parallel changes (and lcut, which it does not)."""
    return {
        'cut': lambda m, s: list(m.cut(s)),
        'cut cut_all': lambda m, s: list(m.cut(s, cut_all=True)),
        'cut HMM=False': lambda m, s: list(m.cut(s, HMM=False)),
        'cut cut_all HMM=False': lambda m, s: list(m.cut(s, True, False)),
        'cut_for_search': lambda m, s: list(m.cut_for_search(s)),
        'cut_for_search HMM=False': lambda m, s: list(m.cut_for_search(s, HMM=False)),
        'posseg.cut': lambda m, s: plain(m.posseg.cut(s)),
        'posseg.lcut HMM=False': lambda m, s: plain(m.posseg.lcut(s, HMM=False)),
        'lcut': lambda m, s: m.lcut(s),
    }


def run_parallel():
    """The subprocess of test_enable_parallel: prints a JSON summary, raises AssertionError at
    the first difference."""
    import logging
    import jieba
    import jieba.posseg
    jieba.setLogLevel(logging.CRITICAL + 10)
    jieba.initialize()
    import kwx
    import kwx.posseg

    with open(os.path.join(SAMPLES_DIR, 'message.txt'), 'rb') as f:
        texts = parallel_texts(split_lines(f.read()))
    inputs = texts + [s.encode('utf-8') for s in texts] + ['北京欢迎你\n你好\r\n世界'.encode('gbk')]
    calls = parallel_calls()

    def results(lib):
        return {name: [call(lib, s) for s in inputs] for name, call in calls.items()}

    def compare(expected, actual, what):
        for name in calls:
            for s, e, a in zip(inputs, expected[name], actual[name]):
                assert a == e, '%s, %s(%r):\n jieba: %r\n   kwx: %r' % (what, name, s[:80], e[:40],
                                                                       a[:40])

    serial = results(jieba)
    for lib in (jieba, kwx):
        try:
            lib.enable_parallel(0)
        except ValueError:
            pass
        else:
            raise AssertionError('%s.enable_parallel(0) did not raise ValueError' % lib.__name__)
        assert lib.pool is None, lib.__name__
    jieba.enable_parallel(2)   # a multiprocessing.Pool of 2 processes
    try:
        kwx.enable_parallel(2)
        assert jieba.pool is not None and kwx.pool is not None and kwx.pool.jobs == 2
        parallel = results(jieba)
        compare(parallel, results(kwx), 'enable_parallel(2)')
    finally:
        jieba.disable_parallel()
        kwx.disable_parallel()
    assert jieba.pool is None and kwx.pool is None
    compare(serial, results(kwx), 'after disable_parallel()')
    compare(serial, results(jieba), 'jieba after disable_parallel()')
    # The parallel calls did cut line by line: full mode differs from the serial call. (The
    # other modes cannot show it: every str.splitlines separator is whitespace to their block
    # regexes, so a line break already ends a block.)
    differing = sorted(name for name in calls if parallel[name] != serial[name])
    print(json.dumps({'inputs': len(inputs), 'differing_from_serial': differing}))


def test_enable_parallel(kwx):
    env = dict(os.environ)   # the kwx imported here, also when PYTHONPATH is relative
    env['PYTHONPATH'] = os.pathsep.join([os.path.dirname(os.path.dirname(kwx.__file__)),
                                         env.get('PYTHONPATH', '')])
    run = subprocess.run([sys.executable, os.path.abspath(__file__), 'parallel'], cwd=HERE, env=env,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert run.returncode == 0, 'parallel check failed:\n' + run.stderr[-6000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary['inputs'] >= 30
    assert {'cut cut_all', 'cut cut_all HMM=False'} <= set(summary['differing_from_serial'])


# ---------------------------------------------------------------------- 3. user_word_tag_tab
USERDICT = '李小福 2 nr\n创新办 3 i\n台中\n凱特琳 nz\n好用 300\n韩玉赏鉴 3 nz\n云计算平台 4 vn\n'
TAG_TEXT = '李小福是创新办主任也是云计算平台方面的专家，凱特琳在台中好用韩玉赏鉴新标签词'


def test_user_word_tag_tab(jieba, kwx, tmp_path, restore_force_split):
    path = tmp_path / 'userdict.txt'
    path.write_bytes(USERDICT.encode('utf-8'))
    jt, kt = fresh_tokenizers(jieba, kwx)

    def same_tab(what):
        expected = list(jt.user_word_tag_tab.items())
        assert list(kt.user_word_tag_tab.items()) == expected, what
        return expected

    assert same_tab('initial') == []
    steps = [
        ('add_word with a tag', lambda t: t.add_word('新标签词', 5, 'nz')),
        ('add_word without one', lambda t: t.add_word('无标签词')),
        ('load_userdict(path)', lambda t: t.load_userdict(str(path))),
        ('add_word of a tagged word without a tag', lambda t: t.add_word('李小福', 7)),
        ('add_word with another tag', lambda t: t.add_word('创新办', 4, 'n')),
        ('del_word of a tagged word', lambda t: t.del_word('韩玉赏鉴')),
    ]
    for what, step in steps:
        for t in (jt, kt):
            step(t)
        same_tab(what)
    with open(path, 'rb') as f:
        kt.load_userdict(f)
    with open(path, 'rb') as f:
        jt.load_userdict(f)
    assert dict(same_tab('load_userdict(binary file)'))['创新办'] == 'i'

    # Any posseg cut over the tokenizer moves the tags into posseg's table: empty in both.
    jp, kp = jieba.posseg.POSTokenizer(jt), kwx.posseg.POSTokenizer(kt)
    assert plain(kp.lcut(TAG_TEXT)) == plain(jp.lcut(TAG_TEXT))
    assert ('新标签词', 'nz') in plain(kp.lcut(TAG_TEXT))
    assert same_tab('after posseg.lcut') == []

    # extract_tags with allowPOS cuts with the TFIDF's postokenizer.
    for t in (jt, kt):
        t.add_word('专家学者', 9, 'n')
    assert same_tab('add_word after the cut') == [('专家学者', 'n')]
    j, k = jieba.analyse.TFIDF(), kwx.analyse.TFIDF()
    j.tokenizer, j.postokenizer, k.tokenizer, k.postokenizer = jt, jp, kt, kp
    assert k.extract_tags(TAG_TEXT + '专家学者', 0, True) == j.extract_tags(TAG_TEXT + '专家学者', 0, True)
    assert same_tab('extract_tags without allowPOS (no posseg cut)') == [('专家学者', 'n')]
    expected = exact(j.extract_tags(TAG_TEXT + '专家学者', 0, True, allowPOS=('n',)))
    assert exact(k.extract_tags(TAG_TEXT + '专家学者', 0, True, allowPOS=('n',))) == expected
    assert same_tab('after extract_tags(allowPOS=("n",))') == []

    # textrank cuts with the TextRank's tokenizer (a POSTokenizer).
    for t in (jt, kt):
        t.add_word('研究课题', 9, 'vn')
        t.load_userdict(str(path))
    assert len(same_tab('add_word, load_userdict')) == 6
    jr, kr = jieba.analyse.TextRank(), kwx.analyse.TextRank()
    jr.tokenizer, kr.tokenizer = jp, kp
    text = TAG_TEXT + '，研究课题的专家学者'
    assert exact(kr.textrank(text, None, True)) == exact(jr.textrank(text, None, True))
    assert same_tab('after textrank') == []


def test_user_word_tag_tab_is_read_only(kwx):
    # A chosen difference from jieba, whose user_word_tag_tab is a plain dict: kwx tags words in
    # C++, so a change made to the dict would be ignored; it raises NotImplementedError instead
    # (add_word(word, tag=...) is the way). jieba is not checked here.
    t = kwx.Tokenizer()
    t.add_word('新标签词', 5, 'nz')
    tab = t.user_word_tag_tab
    changes = {
        'setitem': lambda: tab.__setitem__('北京', 'ns'),
        'delitem': lambda: tab.__delitem__('新标签词'),
        'update': lambda: tab.update({'北京': 'ns'}),
        'clear': tab.clear,
        'pop': lambda: tab.pop('新标签词'),
        'popitem': tab.popitem,
        'setdefault': lambda: tab.setdefault('北京', 'ns'),
        '|=': lambda: tab.__ior__({'北京': 'ns'}),
    }
    for name, change in changes.items():
        with pytest.raises(NotImplementedError, match='user_word_tag_tab'):
            change()
    assert t.user_word_tag_tab == {'新标签词': 'nz'}


# ------------------------------------------------------------------------------ 4. stop_words
def stop_word_steps(stop_path, stop_path2):
    """(name, change(extractor, state)): the same changes for jieba's and kwx's extractor; state
    is a dict of each library's own, for the set the user assigns and changes later."""
    def add(e, st):
        e.stop_words.add(K1)

    def discard_builtin(e, st):
        e.stop_words.discard('the')

    def ior(e, st):
        e.stop_words |= {K2, K3}

    def isub(e, st):
        e.stop_words -= {K1, '可以'}

    def clear(e, st):
        e.stop_words.clear()

    def assign_set(e, st):
        st['own'] = {K1, 'the', '可以'}
        e.stop_words = st['own']

    def mutate_assigned(e, st):
        st['own'].add(K2)
        st['own'].discard(K1)

    def assign_frozenset(e, st):
        e.stop_words = frozenset({K3, 'the', '研究人员'})

    return [
        ('initial', lambda e, st: None),
        ('set_stop_words', lambda e, st: e.set_stop_words(stop_path)),
        ('add', add),
        ('discard of a built-in', discard_builtin),
        ('|=', ior),
        ('-=', isub),
        ('clear()', clear),
        ('assigning a set', assign_set),
        ('changing the assigned set', mutate_assigned),
        ('set_stop_words into the assigned set', lambda e, st: e.set_stop_words(stop_path2)),
        ('assigning a frozenset', assign_frozenset),
    ]


EXTRACTORS = {
    # class name -> (method, the steps that cannot change its results on these texts)
    'TFIDF': ('extract_tags', set()),
    # TextRank keeps the flags n, ns, vn, v only: never the English 'the'.
    'TextRank': ('textrank', {'discard of a built-in'}),
}


@pytest.mark.parametrize('cls', sorted(EXTRACTORS))
def test_stop_words(jieba, kwx, doc_lines, stop_words_path, tmp_path, cls):
    method, no_effect = EXTRACTORS[cls]
    stop2 = tmp_path / 'stop2.txt'
    stop2.write_text('%s\n%s\n乘客\r\n' % (K1, K3), encoding='utf-8')
    j, k = getattr(jieba.analyse, cls)(), getattr(kwx.analyse, cls)()
    jst, kst = {}, {}
    previous = None
    unchanged = set()
    for name, step in stop_word_steps(stop_words_path, str(stop2)):
        step(j, jst)
        step(k, kst)
        expected = same_results(doc_lines, lambda s: getattr(j, method)(s, None, True),
                                lambda s: getattr(k, method)(s, None, True),
                                '%s stop words after %s' % (cls, name))
        assert set(k.stop_words) == set(j.stop_words), name
        if expected == previous:
            unchanged.add(name)
        previous = expected
    assert unchanged == no_effect   # every other step changed jieba's results
    assert kst['own'] == jst['own'] == {K1, K2, K3, 'the', '可以', '乘客'}
    # A frozenset has no add: set_stop_words fails in both.
    for e in (j, k):
        with pytest.raises(AttributeError):
            e.set_stop_words(stop_words_path)


def test_initial_stop_words(jieba, kwx, stop_words_path):
    for cls in ('TFIDF', 'TextRank'):
        j, k = getattr(jieba.analyse, cls)(), getattr(kwx.analyse, cls)()
        assert set(k.stop_words) == set(j.stop_words) and len(j.stop_words) == 31
        for e in (j, k):
            e.set_stop_words(stop_words_path)
        assert set(k.stop_words) == set(j.stop_words) and len(j.stop_words) > 500
        assert isinstance(k.stop_words, set)


# -------------------------------------------------------------------- 5. idf_freq, median_idf
def idf_steps(path_a, path_b):
    def set_value(e, st):
        e.idf_freq[K1] = 0.25

    def delete(e, st):
        del e.idf_freq[K2]

    def update(e, st):
        e.idf_freq.update({K3: 30.0, '乘客': 5})

    def median_int(e, st):
        e.median_idf = 2

    def median_float(e, st):
        e.median_idf = 13.75

    def assign_dict(e, st):
        st['own'] = {K1: 9.0, K2: 0.5, '乘客': 1, 'CEO': 2.5}
        e.idf_freq = st['own']

    def mutate_assigned(e, st):
        st['own'][K3] = 4.5
        del st['own'][K1]

    def change_a(e, st):
        e.idf_freq[K1] = 0.125
        e.median_idf = 1

    return [
        ('initial', lambda e, st: None),
        ('setting a word\'s idf', set_value),
        ('deleting a word', delete),
        ('update()', update),
        ('median_idf = int', median_int),
        ('median_idf = float', median_float),
        ('assigning a dict', assign_dict),
        ('changing the assigned dict', mutate_assigned),
        ('set_idf_path(A)', lambda e, st: e.set_idf_path(path_a)),
        ('changing A\'s dict and median', change_a),
        ('set_idf_path(A) again (same dict, A\'s median)', lambda e, st: e.set_idf_path(path_a)),
        ('set_idf_path(B)', lambda e, st: e.set_idf_path(path_b)),
        ('set_idf_path(A) after B (A read again)', lambda e, st: e.set_idf_path(path_a)),
    ]


def same_idf(j, k, what, n=None):
    expected = list(j.idf_freq.items())
    assert len(k.idf_freq) == len(expected), what
    assert exact(list(k.idf_freq.items())[:n]) == exact(expected[:n]), what
    assert exact(k.median_idf) == exact(j.median_idf), what


def test_idf_freq_and_median_idf(jieba, kwx, doc_lines, tmp_path):
    path_a, path_b = tmp_path / 'a.txt', tmp_path / 'b.txt'
    path_a.write_text('%s 3.5\n%s 1.25\n乘客 7.0\n手机 0.5\nCEO 11.0\n' % (K1, K2), encoding='utf-8')
    path_b.write_text('%s 6.5\n%s 2.0\n售票 9.0\n' % (K3, K1), encoding='utf-8')
    j, k = jieba.analyse.TFIDF(), kwx.analyse.TFIDF()
    jst, kst = {}, {}
    previous = None
    unchanged = []
    for name, step in idf_steps(str(path_a), str(path_b)):
        step(j, jst)
        step(k, kst)
        expected = same_results(doc_lines, lambda s: j.extract_tags(s, topK=None, withWeight=True),
                                lambda s: k.extract_tags(s, topK=None, withWeight=True),
                                'extract_tags after %s' % name)
        assert_same(doc_lines[::3], lambda s: exact(j.extract_tags(s, 0, True, ('n', 'v'))),
                    lambda s: exact(k.extract_tags(s, 0, True, ('n', 'v'))),
                    'extract_tags(allowPOS=("n", "v")) after %s' % name)
        same_idf(j, k, name, n=1000)
        if expected == previous:
            unchanged.append(name)
        previous = expected
    assert unchanged == []   # every step changed jieba's results
    assert len(j.idf_freq) == 5 and j.idf_freq[K1] == 3.5


def test_idf_set_idf_path_same_file_keeps_changes(jieba, kwx, doc_lines, tmp_path):
    # TFIDF(path) then set_idf_path(path): jieba's IDFLoader keeps its dict (with the changes
    # made to it) and gives back the file's median.
    path = tmp_path / 'idf.txt'
    path.write_text('%s 3.5\n%s 1.25\n乘客 7.0\n手机 0.5\n' % (K1, K2), encoding='utf-8')
    j, k = jieba.analyse.TFIDF(str(path)), kwx.analyse.TFIDF(str(path))
    for e in (j, k):
        e.idf_freq[K3] = 0.75
        e.median_idf = 4
        e.set_idf_path(str(path))
    same_idf(j, k, 'set_idf_path(the same path)')
    assert k.idf_freq[K3] == 0.75 and k.median_idf == 3.5
    assert_same(doc_lines, lambda s: exact(j.extract_tags(s, 0, True)),
                lambda s: exact(k.extract_tags(s, 0, True)), 'after set_idf_path(the same path)')


# jieba's TFIDF() has the default path as its loader's: the same path keeps the dict.
def test_idf_set_idf_path_to_the_default_file_keeps_changes(jieba, kwx, doc_lines):
    j, k = jieba.analyse.TFIDF(), kwx.analyse.TFIDF()
    j_default = sys.modules['jieba.analyse.tfidf'].DEFAULT_IDF   # jieba.analyse.tfidf: a function
    k_default = os.path.join(kwx.data_dir(), 'idf.txt')
    assert os.path.isfile(k_default)
    for e, default in ((j, j_default), (k, k_default)):
        e.idf_freq[K1] = 0.25
        e.set_idf_path(default)
    assert j.idf_freq[K1] == 0.25
    assert k.idf_freq[K1] == 0.25


def test_idf_values_kwx_refuses(kwx, message_lines):
    # jieba would sort NaN weights in an order of its sort's internals, or fail in the middle of
    # extract_tags on a str: kwx refuses them, whichever word they are given to (kwx only).
    text = message_lines[2]
    bad = {
        'NaN idf': lambda t: t.idf_freq.__setitem__(K1, float('nan')),
        'str idf': lambda t: t.idf_freq.__setitem__('不在文中的词', '3.5'),
        'None idf': lambda t: t.idf_freq.update({K1: None}),
        'NaN median': lambda t: setattr(t, 'median_idf', float('nan')),
        'str median': lambda t: setattr(t, 'median_idf', '7'),
        'assigned dict with NaN': lambda t: setattr(t, 'idf_freq', {K1: float('nan')}),
    }
    t = kwx.analyse.TFIDF()
    good = t.extract_tags(text, 0, True)
    for name, change in bad.items():
        t = kwx.analyse.TFIDF()
        change(t)
        with pytest.raises(NotImplementedError, match='IDF value'):
            t.extract_tags(text, 0, True)
    assert good and isinstance(good[0][1], float)


# ------------------------------------------------------------------------------- 6. pickling
def test_pickled_tfidf_keeps_changes(jieba, kwx, doc_lines):
    lines = doc_lines[:40]
    j, k = jieba.analyse.TFIDF(), kwx.analyse.TFIDF()
    for e in (j, k):
        e.stop_words.add(K1)
        e.stop_words.discard('the')
        e.idf_freq[K2] = 0.5
        del e.idf_freq[K3]
        e.median_idf = 4.5
    expected = [exact(j.extract_tags(s, None, True)) for s in lines]
    assert expected != [exact(jieba.analyse.extract_tags(s, None, True)) for s in lines]
    copy = pickle.loads(pickle.dumps(k))
    assert [exact(k.extract_tags(s, None, True)) for s in lines] == expected
    assert [exact(copy.extract_tags(s, None, True)) for s in lines] == expected
    assert copy.median_idf == 4.5 and K1 in copy.stop_words and K3 not in copy.idf_freq

    # Assigned objects: a plain dict and a frozenset.
    for e in (j, k):
        e.idf_freq = {K1: 2.0, '乘客': 0.25}
        e.stop_words = frozenset({K2})
    expected = [exact(j.extract_tags(s, None, True)) for s in lines]
    copy = pickle.loads(pickle.dumps(k))
    assert [exact(copy.extract_tags(s, None, True)) for s in lines] == expected


def test_pickled_textrank_keeps_changes(jieba, kwx, doc_lines):
    lines = doc_lines[:40]
    j, k = jieba.analyse.TextRank(), kwx.analyse.TextRank()
    for e in (j, k):
        e.stop_words |= {K1, K3}
    expected = [exact(j.textrank(s, None, True)) for s in lines]
    assert expected != [exact(jieba.analyse.textrank(s, None, True)) for s in lines]
    copy = pickle.loads(pickle.dumps(k))
    assert [exact(copy.textrank(s, None, True)) for s in lines] == expected

    for e in (j, k):
        e.stop_words = {K2, '服务'}
    expected = [exact(j.textrank(s, None, True)) for s in lines]
    copy = pickle.loads(pickle.dumps(k))
    assert [exact(copy.textrank(s, None, True)) for s in lines] == expected


if __name__ == '__main__':
    if sys.argv[1:] == ['parallel']:
        run_parallel()
    else:
        sys.exit('usage: test_api_state.py parallel')
