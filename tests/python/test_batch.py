"""extract_tags_batch and extract_file: the per-line results, in order, whatever `jobs` is, from
any iterable; extract_file's output byte-identical to the `kwx extract` CLI; format_tags as the
CLI's lines."""
import os
import subprocess
import sys

import pytest

from conftest import SAMPLES_DIR, kwx_cli, split_lines


@pytest.fixture(scope='module')
def lines(message_lines, adversarial):
    return message_lines + adversarial['lines']


@pytest.mark.parametrize('topK,withWeight', [(20, False), (100, True), (0, True), (-2, False)])
def test_batch_equals_per_line(kwx, lines, topK, withWeight):
    expected = [kwx.analyse.extract_tags(s, topK, withWeight) for s in lines]
    assert kwx.analyse.extract_tags_batch(lines, topK, withWeight, jobs=1) == expected
    assert kwx.analyse.extract_tags_batch(lines, topK, withWeight, jobs=2) == expected
    assert kwx.analyse.extract_tags_batch(lines, topK=topK, withWeight=withWeight) == expected


def test_batch_with_stop_words_and_idf(kwx, jieba, lines, adversarial, stop_words_path):
    t = kwx.analyse.TFIDF(adversarial['idf'])
    t.set_stop_words(stop_words_path)
    t.set_stop_words(adversarial['stop'])
    j = jieba.analyse.TFIDF(adversarial['idf'])
    j.set_stop_words(stop_words_path)
    j.set_stop_words(adversarial['stop'])
    expected = [j.extract_tags(s, 30, True) for s in lines]
    assert [t.extract_tags(s, 30, True) for s in lines] == expected
    assert t.extract_tags_batch(lines, 30, True, jobs=2) == expected


def test_order_kept_with_many_small_lines(kwx):
    # Many chunks in flight: every result must land at its own line's index.
    words = ['北京', '上海', '广州', '深圳', '天津', '重庆', '南京', '杭州', '成都', '武汉']
    lines = ['%s%s欢迎你' % (words[i % 10], words[(i // 10) % 10]) + 'x' * (i % 7) for i in range(60000)]
    expected = [kwx.analyse.extract_tags(s) for s in lines]
    assert len(set(map(tuple, expected))) > 50
    assert kwx.analyse.extract_tags_batch(lines, jobs=2) == expected


def test_any_iterable(kwx, message_lines):
    expected = [kwx.analyse.extract_tags(s) for s in message_lines]
    assert kwx.analyse.extract_tags_batch(s for s in message_lines) == expected
    assert kwx.analyse.extract_tags_batch(tuple(message_lines)) == expected
    assert kwx.analyse.extract_tags_batch(iter(message_lines), jobs=1) == expected
    assert kwx.analyse.extract_tags_batch(dict.fromkeys(message_lines)) == \
        [kwx.analyse.extract_tags(s) for s in dict.fromkeys(message_lines)]
    assert kwx.analyse.extract_tags_batch([]) == []
    assert kwx.analyse.extract_tags_batch(iter([])) == []
    # bytes are decoded as extract_tags decodes them (UTF-8, else GBK).
    mixed = [message_lines[0], message_lines[1].encode('utf-8'), message_lines[2].encode('gbk')]
    assert kwx.analyse.extract_tags_batch(mixed) == [kwx.analyse.extract_tags(s) for s in mixed]


def test_iterable_errors_propagate(kwx):
    def broken():
        yield '北京欢迎你'
        raise RuntimeError('source failed')
    with pytest.raises(RuntimeError, match='source failed'):
        kwx.analyse.extract_tags_batch(broken())
    with pytest.raises(AttributeError):        # as extract_tags(123): jieba's strdecode
        kwx.analyse.extract_tags_batch(['北京', 123])
    with pytest.raises(TypeError):
        kwx.analyse.extract_tags_batch(42)


def run_cli(*args):
    subprocess.run([kwx_cli(), 'extract', '-q', *args], check=True)


def table_rows(db, table='keywords'):
    import sqlite3
    con = sqlite3.connect(str(db))
    try:
        return con.execute('SELECT doc_id, rank, word, flag, weight FROM %s ORDER BY doc_id, rank'
                           % table).fetchall()
    finally:
        con.close()


def test_extract_file_into_a_database_as_the_cli(kwx, tmp_path):
    source = os.path.join(SAMPLES_DIR, 'message.txt')
    cli_db, py_db = tmp_path / 'cli.sqlite', tmp_path / 'py.sqlite'
    run_cli(source, '--db', str(cli_db), '-k', '7')
    summary = kwx.extract_file(source, db=py_db, topK=7, jobs=2)
    assert table_rows(py_db) == table_rows(cli_db)
    assert summary['db'] == str(py_db) and summary['run_id'] == 1
    assert summary['lines'] == 16 and summary['resumed_after'] == 0
    # Done: a resume has nothing left; a second run without it, or with other settings, is
    # refused rather than doubling or mixing the rows.
    again = kwx.extract_file(source, db=py_db, topK=7, resume=True)
    assert again['resumed_after'] == 16 and again['lines'] == 0
    with pytest.raises(ValueError, match='already complete'):
        kwx.extract_file(source, db=py_db, topK=7)
    with pytest.raises(ValueError, match='options or the data files changed'):
        kwx.extract_file(source, db=py_db, topK=8, resume=True)
    tfidf = kwx.analyse.TFIDF()
    tfidf.stop_words.add('市政府')
    with pytest.raises(ValueError, match='options or the data files changed'):
        tfidf.extract_file(source, db=py_db, topK=7, resume=True)
    with pytest.raises(ValueError, match='choose one'):
        kwx.extract_file(source, db=py_db, out=str(tmp_path / 'x.txt'))


def test_extract_file_reads_records_as_the_cli(kwx, tmp_path):
    source = tmp_path / 'docs.csv'
    source.write_text('id,text\n7,"我来到北京\n清华大学"\nx,他来到了网易杭研大厦\n', encoding='utf-8')
    expected, actual = tmp_path / 'cli.jsonl', tmp_path / 'py.jsonl'
    run_cli(str(source), '-o', str(expected), '--input-format', 'csv', '--id-field', 'id',
            '--format', 'jsonl', '--with-weight')
    summary = kwx.extract_file(str(source), out=str(actual), input_format='csv', id_field='id',
                               format='jsonl', withWeight=True)
    assert actual.read_bytes() == expected.read_bytes()
    assert summary['lines'] == 2
    with pytest.raises(NotImplementedError, match='input_format'):
        kwx.extract_file(str(source), input_format='csv')


CLI_VARIANTS = [
    ([], dict()),
    (['-k', '100', '--with-weight'], dict(topK=100, withWeight=True)),
    (['-k', '0', '--format', 'jsonl', '--with-weight'], dict(topK=0, withWeight=True, format='jsonl')),
    (['-k', '-3', '--format', 'jsonl'], dict(topK=-3, format='jsonl')),
    (['-k', '7', '--format', 'tsv'], dict(topK=7, format='tsv')),
]


@pytest.mark.parametrize('variant', range(len(CLI_VARIANTS)))
def test_extract_file_matches_cli(kwx, adversarial, tmp_path, variant):
    args, kwargs = CLI_VARIANTS[variant]
    # Adversarial text (invalid UTF-8, \r\n, no final newline, ...) and real text.
    for source in (adversarial['text'], os.path.join(SAMPLES_DIR, 'message.txt')):
        expected, actual = tmp_path / 'cli.txt', tmp_path / 'py.txt'
        run_cli(source, '-o', str(expected), *args)
        summary = kwx.extract_file(source, out=str(actual), jobs=2, **kwargs)
        assert actual.read_bytes() == expected.read_bytes()
        # jobs=2, or 1 when the file is too small to keep two workers busy (one per 16 KiB).
        size = os.path.getsize(source)
        assert summary['output'] == str(actual)
        assert summary['jobs'] == min(2, max(1, -(-size // (16 << 10))))
        with open(source, 'rb') as f:
            data = f.read()
        assert summary['lines'] == len(split_lines(data)) and summary['bytes'] == len(data)
        assert (summary['repaired_lines'] > 0) == (source == adversarial['text'])


def test_extract_file_with_stop_words_and_idf_matches_cli(kwx, adversarial, stop_words_path,
                                                          tmp_path):
    t = kwx.analyse.TFIDF(adversarial['idf'])
    t.set_stop_words(stop_words_path)
    t.set_stop_words(adversarial['stop'])
    expected, actual = tmp_path / 'cli.txt', tmp_path / 'py.txt'
    run_cli(adversarial['text'], '-o', str(expected), '-k', '50', '--with-weight', '--idf',
            adversarial['idf'], '--stop-words', stop_words_path, '--stop-words', adversarial['stop'])
    t.extract_file(adversarial['text'], out=str(actual), topK=50, withWeight=True, jobs=1)
    assert actual.read_bytes() == expected.read_bytes()
    # Without `out`: the results as a list, the same as the batch API on the file's lines.
    with open(adversarial['text'], 'rb') as f:
        file_lines = split_lines(f.read())
    assert t.extract_file(adversarial['text'], topK=50, withWeight=True) == \
        t.extract_tags_batch(file_lines, topK=50, withWeight=True)


def test_extract_file_errors_leave_nothing(kwx, tmp_path):
    bad = tmp_path / 'bad.txt'
    bad.write_bytes('北京欢迎你\n'.encode() * 3 + b'\xff\xfe\n' + '上海\n'.encode())
    out = tmp_path / 'out.txt'
    with pytest.raises(ValueError, match='invalid UTF-8 .* line 4'):
        kwx.extract_file(str(bad), out=str(out), strict_utf8=True)
    with pytest.raises(FileNotFoundError):
        kwx.extract_file(str(tmp_path / 'missing.txt'), out=str(out))
    with pytest.raises(OSError):
        kwx.extract_file(str(bad), out=str(tmp_path))          # a directory
    with pytest.raises(ValueError, match='format'):
        kwx.extract_file(str(bad), out=str(out), format='xml')
    assert sorted(os.listdir(tmp_path)) == ['bad.txt']
    # Without strict_utf8 the bytes are replaced, as the CLI does.
    summary = kwx.extract_file(str(bad), out=str(out))
    assert summary['repaired_lines'] == 1 and summary['first_repaired_line'] == 4


@pytest.mark.parametrize('withWeight', [False, True])
def test_format_tags_is_the_cli_line(kwx, adversarial, tmp_path, withWeight):
    expected = tmp_path / 'cli.txt'
    run_cli(adversarial['text'], '-o', str(expected), '-k', '30', *(['--with-weight'] if withWeight else []))
    with open(adversarial['text'], 'rb') as f:
        results = kwx.analyse.extract_tags_batch(split_lines(f.read()), 30, withWeight)
    text = ''.join(kwx.format_tags(r, withWeight=withWeight) + '\n' for r in results)
    assert text.encode('utf-8') == expected.read_bytes()
    jsonl = tmp_path / 'cli.jsonl'
    run_cli(adversarial['text'], '-o', str(jsonl), '-k', '30', '--format', 'jsonl',
            *(['--with-weight'] if withWeight else []))
    text = ''.join(kwx.format_tags(r, withWeight, format='jsonl') + '\n' for r in results)
    assert text.encode('utf-8') == jsonl.read_bytes()


def test_format_tags_arguments(kwx):
    assert kwx.format_tags([]) == ''
    assert kwx.format_tags(['北京', 'C++']) == '北京 C++'
    assert kwx.format_tags([('北京', 0.5), ('上海', 1e-05)], withWeight=True) == '北京:0.5 上海:1e-05'
    assert kwx.format_tags([('北京', 0.5)]) == '北京'           # weights dropped without withWeight
    assert kwx.format_tags([('北京', 2)], True) == '北京:2.0'   # as the float the CLI would print
    assert kwx.format_tags([('a', 1.5)], True, format='tsv', line_number=9) == '9\t1\ta\t1.5'
    with pytest.raises(TypeError):
        kwx.format_tags(['北京'], withWeight=True)
    with pytest.raises(TypeError):
        kwx.format_tags([b'bytes'])


def test_huge_jobs_are_capped_not_fatal(kwx, lines):
    # jobs=100000 used to start 100000 threads (and kill the interpreter when one failed).
    expected = [kwx.analyse.extract_tags(s) for s in lines[:5]]
    assert kwx.analyse.extract_tags_batch(lines[:5], jobs=100000) == expected


def test_a_thread_that_cannot_start_raises(kwx):
    # In a child interpreter whose address space leaves room for a few thread stacks only: the
    # batch raises RuntimeError (as threading's "can't start new thread") instead of aborting.
    code = r'''
import resource, sys
import kwx.analyse
lines = ["我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪" * 20] * 20000
kwx.analyse.extract_tags_batch(lines[:10], jobs=1)   # loads the data first
vm = int([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmSize:")][0])
resource.setrlimit(resource.RLIMIT_AS, ((vm + 64 * 1024) * 1024,) * 2)
try:
    kwx.analyse.extract_tags_batch(lines, jobs=64)
except RuntimeError as e:
    print("RuntimeError:", e)
    sys.exit(0)
print("no error")
sys.exit(1)
'''
    p = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, (p.stdout, p.stderr)
    assert 'cannot start thread' in p.stdout
