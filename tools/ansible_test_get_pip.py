"""Offline stand-in for the ``get-pip.py`` bootstrap script that ansible-test downloads.

Why this exists
---------------
Every virtual environment ansible-test creates (``ansible-test sanity --venv`` makes one per
sanity test, all created with ``--without-pip``) is bootstrapped by running a copy of
``get-pip-<version>.py``. ansible-test first looks for a cached copy at
``~/.ansible/test/cache/get_pip_<version with dots replaced by underscores>.py`` and only
downloads it when that file is missing -- from a host that is not reachable from our developer
machines or CI. ``tools/sanity.sh`` therefore installs this file at that cache path.

ansible-test runs the cached script (through its ``quiet_pip.py`` wrapper, as ``__main__``) with
the interpreter of the new virtual environment and an argv like::

    --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel

This stand-in does what the real ``get-pip.py`` does, using only the standard library plus the
package index pip is configured for (PyPI):

1. bootstrap the pip wheel bundled with CPython (``ensurepip``, no network), then
2. run ``python -m pip install <the given arguments>`` to install the requested pip version,
   adding ``setuptools``/``wheel`` unless ``--no-setuptools``/``--no-wheel`` were given (and
   removing the setuptools that ``ensurepip`` installs on Python < 3.12 when it was not wanted),
   so the resulting environment matches what the real script produces.

Gotcha: ``ensurepip`` sets ``PIP_CONFIG_FILE=/dev/null`` (and ``ENSUREPIP_OPTIONS``) in
``os.environ`` of the running process. A pip started with that environment ignores the system pip
configuration (``/etc/pip.conf``), which here carries the ``cert =`` line needed behind the
TLS-intercepting proxy (otherwise: CERTIFICATE_VERIFY_FAILED), plus any index/find-links settings.
So the original environment is saved before ``ensurepip`` runs and handed to the pip subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys

# get-pip.py options that are not pip options; everything else is passed to ``pip install``.
_NO_SETUPTOOLS = '--no-setuptools'
_NO_WHEEL = '--no-wheel'


def _installed(env: dict[str, str], name: str) -> bool:
    """Return True if distribution ``name`` is installed in this interpreter's environment."""
    code = (
        'import importlib.metadata as m, sys\n'
        'try:\n'
        '    m.distribution(sys.argv[1])\n'
        'except m.PackageNotFoundError:\n'
        '    sys.exit(1)\n'
    )
    return subprocess.call([sys.executable, '-c', code, name], env=env) == 0


def main(argv: list[str]) -> int:
    """Bootstrap pip, then install the requested packages; return the exit status."""
    # Must be taken before ensurepip mutates os.environ (see module docstring).
    original_env = dict(os.environ)
    # Set by ansible-test for its quiet_pip.py wrapper; meaningless for a plain ``python -m pip``.
    original_env.pop('GET_PIP', None)

    want_setuptools = _NO_SETUPTOOLS not in argv
    want_wheel = _NO_WHEEL not in argv
    pip_args = [arg for arg in argv if arg not in (_NO_SETUPTOOLS, _NO_WHEEL)]

    had_setuptools = _installed(original_env, 'setuptools')

    try:
        import ensurepip  # pylint: disable=import-outside-toplevel
    except ImportError as ex:  # e.g. a distro Python with ensurepip split out
        print(f'ansible_test_get_pip: ensurepip is unavailable for {sys.executable}: {ex}', file=sys.stderr)
        return 1

    # Installs the pip (and, on Python < 3.12, setuptools) wheels bundled with CPython, offline.
    ensurepip.bootstrap(upgrade=True, default_pip=True)

    if want_setuptools:
        pip_args.append('setuptools')
    if want_wheel:
        pip_args.append('wheel')

    status = subprocess.call([sys.executable, '-m', 'pip', 'install'] + pip_args, env=original_env)
    if status != 0:
        return status

    if not want_setuptools and not had_setuptools and _installed(original_env, 'setuptools'):
        status = subprocess.call(
            [sys.executable, '-m', 'pip', 'uninstall', '--yes', '--quiet', '--disable-pip-version-check', 'setuptools'],
            env=original_env,
        )

    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
