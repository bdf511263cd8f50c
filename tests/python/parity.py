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
