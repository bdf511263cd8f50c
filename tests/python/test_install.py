"""`cmake --install build --prefix P` gives an importable package that finds P/share/kwx by itself,
with nothing from the build tree on the path."""
import glob
import os
import subprocess
import sys

import pytest

from conftest import BUILD_DIR


@pytest.fixture(scope='module')
def prefix(tmp_path_factory):
    p = tmp_path_factory.mktemp('prefix')
    cmake = os.environ.get('KWX_CMAKE', 'cmake')
    subprocess.run([cmake, '--install', BUILD_DIR, '--prefix', str(p)], check=True,
                   stdout=subprocess.DEVNULL)
    return p


def site_dir(prefix):
    found = glob.glob(os.path.join(str(prefix), 'lib', 'python3.*', 'dist-packages'))
    assert len(found) == 1, found
    return found[0]


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'KWX_DATA_DIR')}
    env.update(extra)
    return env


def test_installed_package_finds_its_data(kwx, prefix):
    site = site_dir(prefix)
    code = ('import kwx, kwx._kwx; print(kwx.__file__); print(kwx._kwx.__file__); '
            'print(kwx.data_dir()); print(kwx.analyse.extract_tags("我来到北京清华大学", 5, True))')
    out = subprocess.run([sys.executable, '-c', code], cwd=str(prefix), env=clean_env(PYTHONPATH=site),
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert out[0] == os.path.join(site, 'kwx', '__init__.py')
    assert out[1].startswith(os.path.join(site, 'kwx', '_kwx'))
    assert out[2] == os.path.join(str(prefix), 'share', 'kwx')
    assert out[3] == repr(kwx.analyse.extract_tags('我来到北京清华大学', 5, True))
    for name in ('kwx.dict', 'dict.txt', 'idf.txt', 'hmm_model.utf8'):
        assert os.path.isfile(os.path.join(str(prefix), 'share', 'kwx', name))


def test_install_dir_is_on_debian_python_path(prefix):
    # README: with P=/usr/local (or /usr), Debian's python3 imports the package with no PYTHONPATH.
    relative = os.path.relpath(site_dir(prefix), str(prefix))
    path = subprocess.run([sys.executable, '-c', 'import sys; print("\\n".join(sys.path))'],
                          env=clean_env(), check=True, capture_output=True, text=True).stdout.split()
    assert os.path.join('/usr/local', relative) in path
