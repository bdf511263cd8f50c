"""jieba.posseg (part-of-speech tagging) is not implemented by kwx yet.

The module exists so that `import kwx.posseg` in jieba code succeeds; using anything in it raises
NotImplementedError naming the feature, rather than an AttributeError that hides why.
"""
from kwx._compat import not_supported as _not_supported


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    raise _not_supported('jieba.posseg.%s (part-of-speech tagging)' % name)
