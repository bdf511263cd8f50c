"""Shared fixtures of the Python package's tests.

Run by ctest (tests/python/CMakeLists.txt), which sets PYTHONPATH to build/python and KWX_CLI,
KWX_BUILD_DIR, KWX_SOURCE_DIR, KWX_TEST_WORK, KWX_CMAKE. By hand, from the repository:

    PYTHONPATH=build/python KWX_CLI=build/bin/kwx /usr/bin/python3 -m pytest tests/python
"""
import logging
import os
import subprocess
import sys

import pytest

# The oracle is jieba with its own data: kwx must use its default data too.
os.environ.pop('KWX_DATA_DIR', None)

SOURCE_DIR = os.environ.get('KWX_SOURCE_DIR') or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
BUILD_DIR = os.environ.get('KWX_BUILD_DIR') or os.path.join(SOURCE_DIR, 'build')
ORACLE_DIR = os.path.join(SOURCE_DIR, 'tests', 'oracle')
SAMPLES_DIR = os.path.join(SOURCE_DIR, 'samples')
sys.path.insert(0, ORACLE_DIR)

from oracle import split_lines  # noqa: E402  (tests/oracle: lines exactly as the CLI splits them)


def kwx_cli():
    return os.environ.get('KWX_CLI') or os.path.join(BUILD_DIR, 'bin', 'kwx')


@pytest.fixture(scope='session')
def jieba():
    import jieba as j
    import jieba.analyse  # noqa: F401
    j.setLogLevel(logging.CRITICAL + 10)
    j.initialize()
    return j


@pytest.fixture(scope='session')
def kwx():
    import kwx as k
    return k


@pytest.fixture(scope='session')
def message_lines():
    with open(os.path.join(SAMPLES_DIR, 'message.txt'), 'rb') as f:
        return split_lines(f.read())


@pytest.fixture(scope='session')
def stop_words_path():
    return os.path.join(SAMPLES_DIR, 'stop_words_zh.txt')


@pytest.fixture(scope='session')
def adversarial(tmp_path_factory):
    """tests/oracle/adversarial.py's generated cases (a smaller random part than the oracle test's):
    {'lines': [str, ...], 'text': path, 'stop': path, 'idf': path}."""
    out = tmp_path_factory.mktemp('adversarial')
    subprocess.run([sys.executable, os.path.join(ORACLE_DIR, 'adversarial.py'), '--out-dir', str(out),
                    '--random-lines', '300'], check=True, stderr=subprocess.DEVNULL)
    text = str(out / 'adversarial.txt')
    with open(text, 'rb') as f:
        lines = split_lines(f.read())
    return {'lines': lines, 'text': text, 'stop': str(out / 'adversarial_stop.txt'),
            'idf': str(out / 'adversarial_idf.txt')}
