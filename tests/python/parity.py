"""Comparing kwx with jieba line by line, with a readable first difference."""


def assert_same(lines, expected_fn, actual_fn, what):
    differing = []
    for i, line in enumerate(lines):
        expected = expected_fn(line)
        actual = actual_fn(line)
        if expected != actual:
            differing.append((i, line, expected, actual))
    if differing:
        i, line, expected, actual = differing[0]
        raise AssertionError('%s: %d of %d lines differ; first, line %d %r:\n jieba: %r\n   kwx: %r'
                             % (what, len(differing), len(lines), i, line[:200], expected[:30],
                                actual[:30]))


def plain(result):
    """posseg pairs and withFlag results as tuples, for comparison and messages."""
    out = []
    for item in result:
        if isinstance(item, tuple) and not isinstance(item[0], str):
            out.append(((item[0].word, item[0].flag), item[1]))
        elif hasattr(item, 'flag'):
            out.append((item.word, item.flag))
        else:
            out.append(item)
    return out
