"""A set and a dict that count their changes.

jieba's extractors keep their stop words in a Python set (`stop_words`) and their IDF table in a
dict (`idf_freq`), and users change them in place. kwx extracts in C++ from its own copies, so it
must know when to make new ones: these count every change (`version`), which costs an integer
comparison per call instead of comparing the contents. A set or dict of another type assigned by
the user is compared by contents instead (see `Snapshot`).
"""


class TrackedSet(set):
    """A set whose `version` goes up with every change made through it."""

    def __init__(self, *args):
        super().__init__(*args)
        self.version = 0

    def __reduce__(self):
        return (TrackedSet, (list(self),))


class TrackedDict(dict):
    """A dict whose `version` goes up with every change made through it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = 0

    def __reduce__(self):
        return (TrackedDict, (list(self.items()),))


def _counting(base, name):
    method = getattr(base, name)

    def changed(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        self.version += 1
        return result
    changed.__name__ = name
    changed.__doc__ = method.__doc__
    return changed


for _name in ('add', 'discard', 'remove', 'pop', 'clear', 'update', 'difference_update',
              'intersection_update', 'symmetric_difference_update', '__ior__', '__iand__',
              '__isub__', '__ixor__'):
    setattr(TrackedSet, _name, _counting(set, _name))
for _name in ('__setitem__', '__delitem__', 'pop', 'popitem', 'clear', 'update', 'setdefault',
              '__ior__'):
    setattr(TrackedDict, _name, _counting(dict, _name))


class Snapshot(object):
    """What a set or dict held when kwx last made its C++ copy of it: `matches(obj)` tells whether
    `obj` is still that object with those contents."""

    def __init__(self, obj):
        self.obj = obj
        if isinstance(obj, (TrackedSet, TrackedDict)):
            self.state = obj.version
        else:
            # Not one of ours: compare the contents (a copy now, == later).
            self.state = dict(obj) if hasattr(obj, 'items') else frozenset(obj)

    def matches(self, obj):
        if obj is not self.obj:
            return False
        if isinstance(obj, (TrackedSet, TrackedDict)):
            return obj.version == self.state
        if isinstance(obj, (dict, set, frozenset)):
            return obj == self.state
        return (dict(obj) if hasattr(obj, 'items') else frozenset(obj)) == self.state
