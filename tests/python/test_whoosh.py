"""kwx.analyse.ChineseAnalyzer, the whoosh analyzer, against jieba 0.42.1's
(jieba.analyse.analyzer) in the same process: every attribute of every token on samples/message.txt,
generated adversarial lines (tests/oracle/adversarial.py) and hand-made cases; a whoosh index built
with each and searched; non-default arguments; user words (in fresh subprocesses, since they change
the module-level jieba.dt / kwx.dt); the error when whoosh is missing."""
import pickle
import subprocess
import sys
import textwrap

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from parity import assert_same

EDGE_CASES = [
    '', ' ', '   ', '\t\n\r', '\u3000', '\n',
    'C++ 和 e-mail 3.14%', 'C++11, c#, AT&T, UTF-8, x86_64, user@example.com, 10.0.0.1',
    # Upper case and stop words: LowercaseFilter, StopFilter and the Porter stemmer all matter.
    'The QUICK Brown foxes are RUNNING over the lazy DOGS; THIS is it, and THAT was the plan.',
    'Keyword extraction: indexing, indexed, indexes, generalizations, happiness, TBD, US, Yet',
    '我的朋友和我了解了他的想法', '的', '了和的', '和平', '的确',
    '我来到北京清华大学，小明硕士毕业于中国科学院计算所，后在日本京都大学深造。',
    '中华人民共和国中央人民政府于1949年10月1日成立', '永和服装饰品有限公司',
    # One-character tokens: Han ones stay, the others (letters, digits, punctuation, spaces,
    # Han outside U+4E00..U+9FD5, emoji) are dropped, longer ones stay whatever they start with.
    'a b c 1 2 3 , . ! ？ 。', '我 你 他 a 我', 'ab 12 .. ?! 你好',
    '\u4e00\u9fd5\u9fd6\u9fff\u3007\u3400 \U00020000 \U0002a6d6',
    '表情😀👍🏽 国旗🇨🇳 家庭👨\u200d👩\u200d👧 ❤\ufe0f 1\ufe0f\u20e3',
    'ＡＢＣ ａｂｃ １２３ Ｃ＋＋', 'Привет мир, αβγ ΔΕΖ, これはテストです, 한국어',
    'T恤衫 B超 IC卡 U盘 江南Style 阿Q 4S店',
    'x' * 3000, '北京' * 2000, '测试 Test 测试。' * 300,
]


@pytest.fixture(scope='module')
def analyzers(jieba, kwx):
    import jieba.analyse.analyzer  # noqa: F401  (jieba.analyse imports it only if whoosh imports)
    import kwx.analyse.analyzer  # noqa: F401
    return jieba.analyse.analyzer, kwx.analyse.analyzer


@pytest.fixture(scope='module')
def lines(message_lines, adversarial):
    # The sample's long lines whole and cut into sentences, the generated lines, the edge cases.
    sentences = [s for line in message_lines for s in line.split('。')]
    return message_lines + sentences + adversarial['lines'] + EDGE_CASES


def stream(analyzer, text, **kwargs):
    """Every attribute of every token. whoosh tokenizers yield ONE Token object again and again,
    so each one is copied as it comes."""
    return [dict(token.__dict__) for token in analyzer(text, **kwargs)]


def test_same_module_contents(analyzers, kwx):
    j, k = analyzers
    assert k.STOP_WORDS == j.STOP_WORDS and type(k.STOP_WORDS) is frozenset
    assert k.accepted_chars.pattern == j.accepted_chars.pattern
    analyzer = kwx.analyse.ChineseAnalyzer()
    assert [type(item) for item in analyzer.items][1:] == [
        type(item) for item in j.ChineseAnalyzer().items][1:]
    assert isinstance(analyzer.items[0], k.ChineseTokenizer)


def test_token_stream(analyzers, lines):
    j, k = analyzers
    jieba_analyzer, kwx_analyzer = j.ChineseAnalyzer(), k.ChineseAnalyzer()
    assert len(lines) > 500
    assert_same(lines, lambda s: stream(jieba_analyzer, s, positions=True, chars=True),
                lambda s: stream(kwx_analyzer, s, positions=True, chars=True), 'tokens')
    # The tokens really are filtered, stemmed and dropped somewhere in these lines.
    tokens = [t for s in lines for t in stream(kwx_analyzer, s)]
    pairs = {(t['original'], t['text']) for t in tokens}
    assert {('QUICK', 'quick'), ('foxes', 'fox'), ('RUNNING', 'runn'), ('北京', '北京')} <= pairs
    assert {'the', 'this', '的', '和'} & {text for _, text in pairs} == set()


@pytest.mark.parametrize('kwargs', [
    dict(), dict(positions=False, chars=False), dict(mode='query'), dict(mode='index'),
    dict(removestops=False), dict(start_pos=100, start_char=7, boost=2.0),
    dict(no_morph=True), dict(tokenize=False)], ids=repr)
def test_call_arguments(analyzers, lines, kwargs):
    # jieba's tokenizer ignores what whoosh passes it (mode, removestops, start_pos, ...).
    j, k = analyzers
    jieba_analyzer, kwx_analyzer = j.ChineseAnalyzer(), k.ChineseAnalyzer()
    assert_same(lines[::7], lambda s: stream(jieba_analyzer, s, **kwargs),
                lambda s: stream(kwx_analyzer, s, **kwargs), 'tokens %r' % kwargs)


def reversed_word(word):
    return word[::-1]


@pytest.mark.parametrize('kwargs', [
    dict(stoplist=frozenset(['北京', 'run', 'running', 'c++', '我们']), minsize=2,
         stemfn=reversed_word),
    dict(stoplist=['the'], minsize=3, stemfn=str.upper, cachesize=-1),
    dict(stoplist=None, cachesize=None),
    dict(stoplist=set(), minsize=0, cachesize=0),
    dict(minsize=5, cachesize=2),
    dict(cachesize=1),   # whoosh's StemFilter then never sets its stem function: AttributeError
], ids=repr)
def test_analyzer_arguments(analyzers, kwx, lines, kwargs):
    j, k = analyzers

    def result(module, text):
        try:
            return stream(module.ChineseAnalyzer(**kwargs), text, positions=True, chars=True)
        except Exception as e:
            return type(e)
    assert_same(lines[::5], lambda s: result(j, s), lambda s: result(k, s),
                'ChineseAnalyzer(%r)' % kwargs)
    # Positional arguments, through kwx.analyse.ChineseAnalyzer as well.
    args = (frozenset(['北京']), 2, reversed_word)
    assert_same(lines[::11], lambda s: stream(j.ChineseAnalyzer(*args), s),
                lambda s: stream(kwx.analyse.ChineseAnalyzer(*args), s), 'positional')


def test_not_str(analyzers):
    # jieba.tokenize rejects anything but str, with ValueError, when the stream is first read.
    j, k = analyzers
    for value in (b'\xe5\x8c\x97\xe4\xba\xac', None, 12):
        for module in (j, k):
            tokens = module.ChineseAnalyzer()(value)
            with pytest.raises(ValueError):
                next(tokens)


DOCUMENTS = [
    'The quick brown fox jumps over the lazy dog.', 'Running, runner, runs: he ran to Beijing.',
    'C++ 和 e-mail 3.14% THE Linux KERNEL', '我爱北京天安门，天安门上太阳升。',
    '北京大学和清华大学都在北京', '中华人民共和国成立了', '😀 表情 emoji', '',
]
QUERIES = ['北京', '天安门', '北京大学', '大学', '清华', '太阳', '的', '了', 'the', 'running', 'RUN',
           'dog', 'DOGS', 'e-mail', 'c++', 'kernel', 'linux OR 北京', '北京 AND 大学',
           '"北京 大学"', '"天安门 太阳"', 'content:中华', '中华人民共和国', '拖拉机', '表情',
           '乘客', '地铁', '交通建设', '3.14', 'nonexistent']


def build_index(directory, analyzer, documents):
    schema = Schema(id=ID(stored=True),
                    content=TEXT(analyzer=analyzer, phrase=True, chars=True, stored=True))
    directory.mkdir()
    writer = index.create_in(str(directory), schema).writer()
    for i, text in enumerate(documents):
        writer.add_document(id=str(i), content=text)
    writer.commit()
    # Open it again: the schema, with the analyzer, is unpickled from the files.
    return index.open_dir(str(directory))


def index_contents(ix):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        terms = list(reader.lexicon('content'))
        postings = {term: list(reader.postings('content', term).items_as('characters'))
                    for term in terms}
    return terms, postings


def search(ix, query):
    """The parsed query, and the hits: id, score and highlighted excerpts (which re-analyze the
    stored text and use the tokens' character offsets)."""
    parsed = QueryParser('content', ix.schema).parse(query)
    with ix.searcher() as searcher:
        return str(parsed), [(hit['id'], hit.score, hit.highlights('content'))
                             for hit in searcher.search(parsed, limit=None)]


def test_index_and_search(analyzers, message_lines, adversarial, tmp_path):
    j, k = analyzers
    documents = DOCUMENTS + message_lines + adversarial['lines'][::10]
    jieba_ix = build_index(tmp_path / 'jieba', j.ChineseAnalyzer(), documents)
    kwx_ix = build_index(tmp_path / 'kwx', k.ChineseAnalyzer(), documents)
    assert type(kwx_ix.schema['content'].analyzer.items[0]) is k.ChineseTokenizer
    jieba_terms, jieba_postings = index_contents(jieba_ix)
    kwx_terms, kwx_postings = index_contents(kwx_ix)
    assert len(jieba_terms) > 3000
    assert kwx_terms == jieba_terms
    assert kwx_postings == jieba_postings
    found = highlighted = 0
    for query in QUERIES:
        expected = search(jieba_ix, query)
        assert search(kwx_ix, query) == expected, query
        found += bool(expected[1])
        highlighted += sum('class="match' in hit[2] for hit in expected[1])
    assert found > 20 and highlighted > 20


def test_pickle(analyzers):
    # A whoosh index stores its schema pickled: the analyzer must come back as itself.
    j, k = analyzers
    analyzer = pickle.loads(pickle.dumps(k.ChineseAnalyzer(minsize=2)))
    text = 'The RUNNING 北京大学生 C++ 和 e-mail'
    assert stream(analyzer, text) == stream(j.ChineseAnalyzer(minsize=2), text)


# Run once with LIB=jieba and once with LIB=kwx in a fresh process: user words change the
# module-level tokenizer (jieba.dt / kwx.dt), which the analyzer uses, even one made before.
USER_WORDS_SCRIPT = textwrap.dedent('''
    import logging, sys
    import LIB as jieba
    import LIB.analyse
    jieba.setLogLevel(logging.CRITICAL + 10)
    analyzer = jieba.analyse.ChineseAnalyzer()
    texts = ["石墨烯特种材料研究院的Kwx分词器和Jieba分词器", "李小福是创新办主任也是云计算方面的专家",
             "台中正确应该不会被切开", "easy_install is great"]
    def show(step):
        for text in texts:
            print(step, [(t.text, t.pos, t.startchar, t.endchar, t.original)
                         for t in analyzer(text, positions=True, chars=True)])
    show("before")
    jieba.add_word("石墨烯特种材料")
    jieba.add_word("Kwx分词器", 10, "nz")
    jieba.add_word("Jieba分词器")
    jieba.load_userdict(USERDICT)
    show("added")
    jieba.suggest_freq(("台中",), True)
    jieba.del_word("创新办")
    jieba.del_word("石墨烯特种材料")
    show("changed")
    print([t.text for t in jieba.analyse.ChineseAnalyzer(minsize=3)("Kwx分词器云计算", mode="query")])
''')


def test_user_words(tmp_path):
    userdict = tmp_path / 'userdict.txt'
    userdict.write_text('云计算 5\n创新办 3 i\neasy_install 3 eng\n李小福 2 nr\n', encoding='utf-8')
    runs = []
    for lib in ('jieba', 'kwx'):   # side by side: each loads its dictionary
        code = USER_WORDS_SCRIPT.replace('LIB', lib).replace('USERDICT', repr(str(userdict)))
        runs.append(subprocess.Popen([sys.executable, '-c', code], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True))
    outputs = []
    for run in runs:
        out, err = run.communicate()
        assert run.returncode == 0, err
        outputs.append(out)
    assert outputs[1] == outputs[0]
    steps = {}
    for line in outputs[0].splitlines()[:-1]:
        step, tokens = line.split(' ', 1)
        steps.setdefault(step, []).append(tokens)
    # Every step changed the tokens of the texts it touches.
    assert steps['before'][0] != steps['added'][0] != steps['changed'][0]
    assert steps['before'][1] != steps['added'][1] != steps['changed'][1]
    assert "'石墨烯特种材料'" in steps['added'][0] and "'kwx分词器'" in steps['added'][0]
    assert "'easy_install'" in steps['added'][3]


SENTENCE = '我来到北京清华大学，小明硕士毕业于中国科学院计算所'


def test_without_whoosh(jieba, tmp_path):
    # A whoosh that fails to import, first on sys.path.
    (tmp_path / 'whoosh').mkdir()
    (tmp_path / 'whoosh' / '__init__.py').write_text('raise ImportError("no whoosh here")\n')
    code = textwrap.dedent('''
        import sys
        sys.path.insert(0, %r)
        import jieba.analyse
        import kwx
        assert "whoosh" not in sys.modules      # importing kwx does not import whoosh
        import kwx.analyse
        from kwx.analyse import ChineseAnalyzer, extract_tags
        # jieba then has no ChineseAnalyzer at all; kwx keeps the name and says what is missing.
        print(hasattr(jieba.analyse, "ChineseAnalyzer"), extract_tags(%r))
        try:
            ChineseAnalyzer()
        except ImportError as e:
            print(type(e).__name__, e.name, e)
        for name in ("jieba.analyse.analyzer", "kwx.analyse.analyzer"):
            try:
                __import__(name)
            except ImportError as e:
                print(name, type(e).__name__)
    ''' % (str(tmp_path), SENTENCE))
    run = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        'False %r' % jieba.analyse.extract_tags(SENTENCE),
        'ImportError whoosh kwx: ChineseAnalyzer needs whoosh (Debian package python3-whoosh): '
        'no whoosh here',
        'jieba.analyse.analyzer ImportError', 'kwx.analyse.analyzer ImportError']


def test_import_kwx_leaves_whoosh_alone():
    # whoosh costs more to import than the rest of kwx: only ChineseAnalyzer() imports it.
    code = ('import sys, kwx, kwx.analyse; assert "whoosh" not in sys.modules; '
            'kwx.analyse.ChineseAnalyzer(); assert "whoosh" in sys.modules')
    run = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
