"""The jieba-compatible surface: a jieba script run unchanged on kwx, argument handling and errors
as jieba's, NotImplementedError for what kwx does not do, lone surrogates, the data directory,
calls from many threads."""
import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

# A typical jieba script; run once with `import jieba` and once with `import kwx as jieba`.
SCRIPT = textwrap.dedent('''
    import LIB as jieba
    import LIB.analyse
    from LIB.analyse import extract_tags
    s = "我来到北京清华大学，小明硕士毕业于中国科学院计算所，后在日本京都大学深造。C++ 和 e-mail 3.14%"
    print("Full Mode: " + "/ ".join(jieba.cut(s, cut_all=True)))
    print("Default Mode: " + "/ ".join(jieba.cut(s, cut_all=False)))
    print("No HMM: " + "/ ".join(jieba.cut(s, HMM=False)))
    print(", ".join(jieba.cut_for_search(s)))
    print(jieba.lcut(s), jieba.lcut_for_search(s, HMM=False))
    for tk in jieba.tokenize(s):
        print("word %s\\t\\t start: %d \\t\\t end:%d" % (tk[0], tk[1], tk[2]))
    for tk in jieba.tokenize(s, mode="search"):
        print(tk)
    print(",".join(jieba.analyse.extract_tags(s, topK=5)))
    for word, weight in extract_tags(s, withWeight=True):
        print("%s %s" % (word, weight))
    jieba.analyse.set_stop_words(STOP)
    print(jieba.analyse.extract_tags(s, 10, True))
    t = jieba.analyse.TFIDF()
    print(t.extract_tags(s.encode("utf-8"), topK=None))
    print(jieba.Tokenizer().lcut(s), jieba.dt.lcut(s, True))
''')


def test_jieba_script_runs_unchanged(stop_words_path):
    outputs = []
    for lib in ('jieba', 'kwx'):
        code = SCRIPT.replace('LIB', lib).replace('STOP', repr(stop_words_path))
        run = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0].count('\n') > 40
    assert outputs[1] == outputs[0]


def test_import_loads_only_what_a_cut_needs():
    # `import kwx` leaves kwx.posseg, kwx.analyse and the module regexes (and with them `re`) to
    # their first use, which then works as after `import kwx.analyse`.
    code = textwrap.dedent('''
        import sys
        import kwx
        print(sorted(m for m in ('kwx.posseg', 'kwx.analyse') if m in sys.modules))
        print(kwx.lcut('我来到北京清华大学'))
        print(sorted(m for m in ('kwx.posseg', 'kwx.analyse') if m in sys.modules))
        print(kwx.analyse.extract_tags('我来到北京清华大学', 2), kwx.posseg.lcut('北京')[0].flag)
        print(kwx.re_han_default.pattern == '([\\u4E00-\\u9FD5a-zA-Z0-9+#&\\\\._%\\\\-]+)')
        print(kwx.posseg.re_eng1.pattern, kwx.posseg.re_eng1.flags == 32)
    ''')
    out = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    assert out == ['[]', "['我', '来到', '北京', '清华大学']", '[]', "['清华大学', '来到'] ns",
                   'True', '^[a-zA-Z0-9]$ True']


def call(fn):
    """Runs fn; generators are consumed, so that their exceptions are raised."""
    result = fn()
    if hasattr(result, '__next__'):
        list(result)


def _textrank_with_span(k, span):
    t = k.analyse.TextRank()
    t.span = span
    return t.textrank('北京')


UNSUPPORTED = {
    'FREQ iteration': lambda k: list(k.Tokenizer().FREQ),
    'len(FREQ)': lambda k: len(k.Tokenizer().FREQ),
    'enable_paddle': lambda k: k.enable_paddle(),
    'paddle': lambda k: k.cut('北京', use_paddle=True),
    'lcut paddle': lambda k: k.lcut('北京', use_paddle=True),
    'TextRank span': lambda k: _textrank_with_span(k, 3),
    'changing user_word_tag_tab': lambda k: k.Tokenizer().user_word_tag_tab.update(a='n'),
    'posseg paddle': lambda k: __import__('kwx.posseg').posseg.lcut('北京', use_paddle=True),
}


@pytest.mark.parametrize('name', sorted(UNSUPPORTED))
def test_unsupported_raises(kwx, name):
    with pytest.raises(NotImplementedError, match='kwx: .* is not supported'):
        call(lambda: UNSUPPORTED[name](kwx))


def test_same_errors_as_jieba(jieba, kwx, tmp_path):
    bad_idf = tmp_path / 'bad_idf.txt'
    bad_idf.write_text('词 1.5\n两个 字段 多了\n', encoding='utf-8')
    latin1 = tmp_path / 'latin1.txt'
    latin1.write_bytes('caf\xe9\n'.encode('latin-1'))
    cases = {
        'cut(int)': lambda m: m.lcut(123),
        'cut(None)': lambda m: list(m.cut(None)),
        'tokenize(bytes)': lambda m: list(m.tokenize(b'abc')),
        'extract_tags(float topK)': lambda m: m.analyse.extract_tags('北京欢迎你', topK=2.5),
        'missing dictionary': lambda m: m.Tokenizer(str(tmp_path / 'none.txt')).lcut('北京'),
        'set_dictionary missing': lambda m: m.Tokenizer().set_dictionary(str(tmp_path / 'none')),
        'TFIDF missing idf': lambda m: m.analyse.TFIDF(str(tmp_path / 'none.txt')),
        'set_idf_path missing': lambda m: m.analyse.TFIDF().set_idf_path(str(tmp_path / 'none')),
        'set_stop_words missing': lambda m: m.analyse.TFIDF().set_stop_words(str(tmp_path / 'n')),
        'malformed idf': lambda m: m.analyse.TFIDF(str(bad_idf)),
        'stop words not UTF-8': lambda m: m.analyse.TFIDF().set_stop_words(str(latin1)),
    }
    for name, fn in cases.items():
        with pytest.raises(Exception) as expected:
            call(lambda: fn(jieba))
        with pytest.raises(Exception) as actual:
            call(lambda: fn(kwx))
        # The same type, or (for data errors) a subclass of the same base.
        assert (actual.type is expected.type or issubclass(actual.type, expected.type)
                or issubclass(expected.type, actual.type)), (name, expected, actual)


def test_lone_surrogate_raises_value_error(kwx):
    s = '北京\ud800欢迎你'
    for fn in (lambda: kwx.lcut(s), lambda: list(kwx.cut(s)), lambda: list(kwx.tokenize(s)),
               lambda: kwx.lcut_for_search(s), lambda: kwx.analyse.extract_tags(s)):
        with pytest.raises(ValueError, match='surrogates not allowed'):
            fn()
    with pytest.raises(ValueError, match='item 1 of the lines'):
        kwx.analyse.extract_tags_batch(['北京', s, '上海'])


def test_topk_and_flags(kwx):
    s = '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。'
    everything = kwx.analyse.extract_tags(s, topK=0)
    assert kwx.analyse.extract_tags(s, topK=None) == everything
    assert kwx.analyse.extract_tags(s, topK=10 ** 30) == everything
    assert kwx.analyse.extract_tags(s, topK=-10 ** 30) == []
    assert kwx.analyse.extract_tags(s, topK=-2) == everything[:-2]
    assert kwx.analyse.extract_tags(s, topK=True) == everything[:1]
    assert kwx.analyse.extract_tags(s, 3, withWeight=1) == kwx.analyse.extract_tags(s, 3, True)
    assert kwx.lcut(s, cut_all=1, HMM=0) == kwx.lcut(s, True, False)
    with pytest.raises(ValueError):
        kwx.analyse.extract_tags_batch([s], jobs=-1)


def test_tokenizer_attributes(jieba, kwx):
    assert kwx.dt.dictionary is None and kwx.DEFAULT_DICT is None
    assert repr(kwx.Tokenizer()) == repr(jieba.Tokenizer())
    assert kwx.Tokenizer().total == jieba.Tokenizer().total == 0   # before loading
    kwx.dt.initialize()
    assert kwx.dt.total == jieba.dt.total == 60101967
    assert kwx.Tokenizer().FREQ.get('中国', 'none') == jieba.Tokenizer().FREQ.get('中国', 'none')
    t = kwx.Tokenizer()
    assert not t.initialized
    t.initialize()
    assert t.initialized
    with t.get_dict_file() as f, jieba.dt.get_dict_file() as g:
        assert f.read() == g.read()


def test_data_dir_default_and_override(kwx, tmp_path):
    default = kwx.data_dir()
    assert os.path.isfile(os.path.join(default, 'kwx.dict'))
    # $KWX_DATA_DIR wins; here text files only, with one IDF value changed, so the change shows.
    data = tmp_path / 'data'
    data.mkdir()
    for name in ('dict.txt', 'hmm_model.utf8'):
        shutil.copy(os.path.join(default, name), data / name)
    (data / 'idf.txt').write_text('北京 1.0\n欢迎 2.0\n', encoding='utf-8')
    code = ('import kwx; print(kwx.data_dir()); '
            'print(kwx.analyse.extract_tags("北京欢迎你", withWeight=True))')
    env = dict(os.environ, KWX_DATA_DIR=str(data))
    out = subprocess.run([sys.executable, '-c', code], env=env, check=True, capture_output=True,
                         text=True).stdout.splitlines()
    assert out[0] == str(data)
    assert out[1] == "[('欢迎', 1.0), ('北京', 0.5)]"


def test_damaged_compiled_file_raises(kwx, tmp_path):
    # The checksum runs beside the rest of the load; its verdict still comes before any result.
    with open(os.path.join(kwx.data_dir(), 'kwx.dict'), 'rb') as f:
        data = bytearray(f.read())
    for where in (len(data) // 3, len(data) - 1):
        damaged = bytearray(data)
        damaged[where] ^= 0x10
        d = tmp_path / ('data%d' % where)
        d.mkdir()
        (d / 'kwx.dict').write_bytes(bytes(damaged))
        code = 'import kwx; print(kwx.lcut("北京欢迎你"))'
        run = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             env=dict(os.environ, KWX_DATA_DIR=str(d)))
        assert run.returncode != 0 and run.stdout == ''
        assert 'checksum mismatch' in run.stderr, run.stderr


def test_threads_share_objects(kwx, message_lines):
    # Long texts release the GIL inside the call: concurrent calls on shared objects must give
    # the serial results.
    big = ''.join(message_lines) * 12
    assert len(big.encode()) > 16 << 10
    texts = [big[i:] for i in range(0, 400, 40)] + message_lines
    expected = [(kwx.lcut(t), kwx.analyse.extract_tags(t, 50, True), list(kwx.tokenize(t)))
                for t in texts]
    errors = []

    def work():
        for _ in range(3):
            got = [(kwx.lcut(t), kwx.analyse.extract_tags(t, 50, True), list(kwx.tokenize(t)))
                   for t in texts]
            if got != expected:
                errors.append('different results')
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
