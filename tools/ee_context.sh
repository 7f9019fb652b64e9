#!/usr/bin/env bash
# make ee: the execution-environment build context, checked. No container engine is needed (or
# available in CI); `podman build -f build/ee/Containerfile build/ee` builds the image from it.
#   1. the collection's Python needs are complete and minimal: every third-party import under
#      plugins/ is covered by requirements.txt, and every requirement is imported;
#   2. ansible-galaxy collection build -> build/ee-src/testops-testmgmt.tar.gz;
#   3. ansible-builder create -f extensions/ee/execution-environment.yml -> build/ee;
#   4. the context holds that tarball and its requirements, the EE pins the ansible-core and
#      ansible-runner CI tests with, and ansible-builder's own introspection (the step the image
#      build runs) finds exactly requirements.txt and bindep.txt in the installed collection.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.venv/bin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
ctx=build/ee
src=build/ee-src
rm -rf "$ctx" "$src"
mkdir -p "$src"
fail() { echo "ee_context.sh: $*" >&2; exit 1; }

echo "== requirements.txt against the plugins' imports"
"$BIN/python" - <<'EOF'
import ast, os, re, sys

# import name -> the requirement that provides it (urllib3 comes with requests)
PROVIDED_BY = {"urllib3": "requests"}
imported = {}
for folder, _dirs, files in os.walk("plugins"):
    for name in files:
        if not name.endswith(".py"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top in ("ansible", "ansible_collections", "__future__"):
                    continue
                imported.setdefault(PROVIDED_BY.get(top, top).lower(), path)
required = set()
with open("requirements.txt", encoding="utf-8") as handle:
    for line in handle:
        line = line.split("#", 1)[0].strip()
        if line:
            required.add(re.split(r"[\s\[<>=!~;]", line, 1)[0].lower().replace("_", "-"))
missing = sorted(set(imported) - required)
unused = sorted(required - set(imported))
for name in missing:
    print("requirements.txt lacks %s (imported by %s)" % (name, imported[name]))
for name in unused:
    print("requirements.txt lists %s, which no plugin imports" % name)
if missing or unused:
    sys.exit(1)
print("ok: %s" % ", ".join(sorted(required)))
EOF

echo "== ansible-galaxy collection build -> $src"
"$BIN/ansible-galaxy" collection build --force --output-path "$src" . >/dev/null
tarball=$(ls "$src"/testops-testmgmt-*.tar.gz)
cp "$tarball" "$src/testops-testmgmt.tar.gz"

echo "== ansible-builder create -> $ctx"
"$BIN/ansible-builder" create -f extensions/ee/execution-environment.yml -c "$ctx" \
    --output-filename Containerfile >/dev/null

echo "== checking the build context"
[[ -s $ctx/Containerfile ]] || fail "no Containerfile in $ctx"
cmp -s "$tarball" "$ctx/_build/collections/testops-testmgmt.tar.gz" || fail "the context lacks the collection tarball"
grep -q "collections/testops-testmgmt.tar.gz" "$ctx/_build/requirements.yml" || fail "requirements.yml misses the tarball"
for pkg in ansible-core ansible-runner; do
    pin=$(grep -E "^$pkg==" requirements-dev.txt) || fail "requirements-dev.txt does not pin $pkg"
    grep -q "ANSIBLE_INSTALL_REFS=.*$pin" "$ctx/Containerfile" || fail "the EE does not install $pin (what CI tests)"
done
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
ANSIBLE_COLLECTIONS_PATH=$check ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false "$BIN/ansible-galaxy" collection install --offline --force \
    -p "$check" "$ctx/_build/collections/testops-testmgmt.tar.gz" >/dev/null
"$BIN/python" "$ctx/_build/scripts/introspect.py" introspect --write-pip "$check/pip.txt" \
    --write-bindep "$check/bindep.txt" "$check" >/dev/null
strip() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1" | sort; }
diff <(strip requirements.txt) <(strip "$check/pip.txt") || fail "introspection's Python needs differ from requirements.txt"
diff <(strip bindep.txt) <(strip "$check/bindep.txt") || fail "introspection's system needs differ from bindep.txt"
echo "ok: $ctx ($(basename "$tarball"); python: $(strip requirements.txt | paste -sd' '); system: $(strip bindep.txt | paste -sd' '))"
