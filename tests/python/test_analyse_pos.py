"""kwx.analyse's part-of-speech based extraction against jieba 0.42.1 itself: extract_tags with
allowPOS (and withFlag), textrank / TextRank with its options, their batch forms, set_stop_words
reaching TextRank, pickling. Weights are compared as doubles (==)."""
import pickle

import pytest

from parity import assert_same

WIDE = ('n', 'nr', 'ns', 'v', 'vn', 'eng', 'x', 'm')


@pytest.fixture(scope='module')
def jan(jieba):
    import jieba.analyse
    import jieba.posseg  # noqa: F401
    return jieba.analyse


@pytest.fixture(scope='module')
def kan(kwx):
    import kwx.analyse
    return kwx.analyse


@pytest.fixture(scope='module')
def lines(message_lines, adversarial):
    # jieba.posseg is slow on the adversarial runs of unknown characters: a third of them.
    return message_lines + adversarial['lines'][::3]


def plain(result):
    """pair objects -> (word, flag) tuples, so that both sides compare as data."""
    out = []
    for item in result:
        if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[0], str):
            w, weight = item
            out.append(((w.word, w.flag), weight))
        elif not isinstance(item, (str, tuple)):
            out.append((item.word, item.flag))
        else:
            out.append(item)
    return out


@pytest.mark.parametrize('options', [
    dict(allowPOS=('ns', 'n', 'vn', 'v')),
    dict(allowPOS=('ns', 'n', 'vn', 'v'), withWeight=True, withFlag=True, topK=100),
    dict(allowPOS=WIDE, withWeight=True, topK=0),
    dict(allowPOS='nv', withWeight=True),          # a str: the set of its characters, as jieba
    dict(withFlag=True, withWeight=True),           # no allowPOS: withFlag has no effect
], ids=['default', 'flag-weight', 'wide', 'str', 'flag-only'])
def test_extract_tags_allow_pos(jan, kan, lines, options):
    assert_same(lines, lambda s: plain(jan.extract_tags(s, **options)),
                lambda s: plain(kan.extract_tags(s, **options)), 'extract_tags %r' % options)


@pytest.mark.parametrize('options', [
    dict(),
    dict(withWeight=True, topK=100),
    dict(allowPOS=WIDE, withWeight=True, withFlag=True, topK=0),
    dict(allowPOS=(), withWeight=True),
    dict(topK=-2, withWeight=True),
], ids=['default', 'weight', 'wide-flag', 'empty-pos', 'negative-topk'])
def test_textrank(jan, kan, lines, options):
    assert_same(lines, lambda s: plain(jan.textrank(s, **options)),
                lambda s: plain(kan.textrank(s, **options)), 'textrank %r' % options)
    # TextRank objects, and extract_tags as its alias.
    j, k = jan.TextRank(), kan.TextRank()
    assert_same(lines[:30], lambda s: plain(j.extract_tags(s, **options)),
                lambda s: plain(k.extract_tags(s, **options)), 'TextRank().extract_tags')


def test_batches_equal_single_calls(kan, lines):
    for options in (dict(allowPOS=('n', 'v'), withFlag=True, withWeight=True), dict(allowPOS=WIDE)):
        want = [plain(kan.extract_tags(s, **options)) for s in lines]
        for jobs in (1, 2):
            got = kan.extract_tags_batch(lines, jobs=jobs, **options)
            assert [plain(r) for r in got] == want
    for options in (dict(), dict(allowPOS=WIDE, withFlag=True, withWeight=True, topK=0)):
        want = [plain(kan.textrank(s, **options)) for s in lines]
        got = kan.textrank_batch(lines, jobs=2, **options)
        assert [plain(r) for r in got] == want


def test_stop_words_reach_textrank(jieba, kwx, tmp_path, message_lines):
    import jieba.analyse as jan
    import kwx.analyse as kan
    stop = tmp_path / 'stop.txt'
    stop.write_text('北京\n中国\n发展\n', encoding='utf-8')
    j, k = jan.TextRank(), kan.TextRank()
    j.set_stop_words(str(stop))
    k.set_stop_words(str(stop))
    assert_same(message_lines, lambda s: j.textrank(s, withWeight=True),
                lambda s: k.textrank(s, withWeight=True), 'TextRank with stop words')
    k2 = pickle.loads(pickle.dumps(k))
    assert_same(message_lines[:20], lambda s: j.textrank(s, withWeight=True),
                lambda s: k2.textrank(s, withWeight=True), 'unpickled TextRank')


def test_tfidf_with_allow_pos_uses_the_pos_tokenizer(jieba, kwx, tmp_path, message_lines):
    # jieba segments allowPOS extraction with posseg.dt, whatever TFIDF.tokenizer is.
    import jieba.analyse as jan
    import kwx.analyse as kan
    with open(jieba.get_dict_file().name, encoding='utf-8') as f:
        entries = f.read().splitlines()[::2]
    path = tmp_path / 'half.txt'
    path.write_text('\n'.join(entries) + '\n', encoding='utf-8')
    j, k = jan.TFIDF(), kan.TFIDF()
    j.tokenizer = jieba.Tokenizer(str(path))
    k.tokenizer = kwx.Tokenizer(str(path))
    assert_same(message_lines, lambda s: j.extract_tags(s, allowPOS=('n', 'v'), withWeight=True),
                lambda s: k.extract_tags(s, allowPOS=('n', 'v'), withWeight=True),
                'TFIDF(tokenizer=custom) with allowPOS')
    assert_same(message_lines, lambda s: j.extract_tags(s, withWeight=True),
                lambda s: k.extract_tags(s, withWeight=True), 'TFIDF(tokenizer=custom)')
