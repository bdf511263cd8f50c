"""Argument handling shared by the jieba-compatible API, as jieba 0.42.1 does it."""
import operator
import os

_INT64_MAX = (1 << 63) - 1
_INT64_MIN = -(1 << 63)


def strdecode(sentence):
    """jieba's strdecode: a str as is; anything else is decoded as UTF-8, or, if that fails, as
    GBK ignoring errors (an object without .decode raises AttributeError, as in jieba)."""
    if not isinstance(sentence, str):
        try:
            sentence = sentence.decode('utf-8')
        except UnicodeDecodeError:
            sentence = sentence.decode('gbk', 'ignore')
    return sentence


def abs_path(path):
    """jieba's _get_abs_path: relative to the current directory at the time of the call."""
    return os.path.normpath(os.path.join(os.getcwd(), path))


def top_k(topK):
    """jieba's `tags[:topK] if topK else tags` as the C++ top_k: 0 = all, k > 0 = the first k,
    k < 0 = all but the last |k|. A non-integer raises TypeError, as a slice index does."""
    if not topK:
        return 0
    k = operator.index(topK)
    # Beyond the int64 range a slice keeps everything (or nothing), as these do.
    return max(_INT64_MIN, min(_INT64_MAX, k))


def jobs_arg(jobs):
    """jobs=None (or 0) means all cores."""
    if jobs is None:
        return 0
    jobs = operator.index(jobs)
    if jobs < 0:
        raise ValueError('kwx: jobs must be None, 0 (all cores) or a positive number')
    return min(jobs, 1 << 16)


class ModuleRegexes(object):
    """jieba's module-level regexes of one module (name -> (pattern, flags)), compiled on first use:
    importing re and compiling cost milliseconds of `import kwx`, and most programs never look at
    them. The module's __getattr__ hands them out (storing each in the module on first access);
    a user who assigns one puts it in the module's globals, which is how `replaced` tells."""

    def __init__(self, module_globals, patterns):
        self._globals = module_globals
        self._patterns = patterns
        self._originals = {}

    def __contains__(self, name):
        return name in self._patterns

    def original(self, name):
        """jieba's regex `name`, compiled."""
        regex = self._originals.get(name)
        if regex is None:
            import re
            pattern, flags = self._patterns[name]
            regex = self._originals[name] = re.compile(pattern, flags)
        return regex

    def get(self, name):
        """What module.name is now."""
        regex = self._globals.get(name)
        if regex is None:
            regex = self._globals[name] = self.original(name)
        return regex

    def replaced(self, name):
        """Whether module.name is no longer jieba's (compiled patterns compare by pattern and
        flags)."""
        regex = self._globals.get(name)
        return regex is not None and regex != self.original(name)


def not_supported(feature, hint=''):
    return NotImplementedError('kwx: %s is not supported%s' % (feature, ' (' + hint + ')' if hint else ''))
