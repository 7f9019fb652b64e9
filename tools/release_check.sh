#!/usr/bin/env bash
# make release-check: what a user gets from a release, checked end to end.
#   1. one version: galaxy.yml (the source) = plugins/module_utils/version.py = the tarball's MANIFEST;
#   2. ansible-galaxy collection build; the tarball ships what users need (runtime, EE metadata,
#      AWX credential types, playbooks, roles with READMEs, changelog) and none of the dev tree;
#   3. install it into a clean temporary path; `ansible-galaxy collection verify --offline` it;
#   4. against a fresh emulator, run the demo playbooks FROM THE INSTALLED COPY, with nothing of the
#      working tree on any search path: the first run changes things, the second changes nothing and
#      sends no write.
# RELEASE_CHECK_EXTRA_PLAYBOOKS: more playbooks (paths inside the collection) to run the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.venv/bin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
PY=$BIN/python
fail() { echo "release_check.sh: $*" >&2; exit 1; }
work=$(mktemp -d)
emu_pid=
cleanup() {
    [[ -n $emu_pid ]] && { kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT

echo "== version"
version=$("$PY" -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')
code_version=$(sed -n 's/^COLLECTION_VERSION = "\(.*\)"$/\1/p' plugins/module_utils/version.py)
[[ $version == "$code_version" ]] || fail "galaxy.yml says $version, version.py $code_version: run tools/bump_version.sh $version"
echo "ok: $version"

echo "== ansible-galaxy collection build"
"$BIN/ansible-galaxy" collection build --output-path "$work/dist" . >/dev/null
tarball=$work/dist/testops-testmgmt-$version.tar.gz
[[ -f $tarball ]] || fail "no $tarball (built: $(ls "$work/dist"))"
"$PY" - "$tarball" "$version" <<'EOF'
import fnmatch, json, sys, tarfile

tarball, version = sys.argv[1], sys.argv[2]
with tarfile.open(tarball) as archive:
    names = [name[2:] if name.startswith("./") else name for name in archive.getnames()]
    manifest = json.load(archive.extractfile("MANIFEST.json"))
errors = []
if manifest["collection_info"]["version"] != version:
    errors.append("MANIFEST.json version %s" % manifest["collection_info"]["version"])
MUST = ["meta/runtime.yml", "meta/execution-environment.yml", "requirements.txt", "bindep.txt", "README.md",
        "changelogs/changelog.yaml", "playbooks/release_setup.yml", "plugins/modules/zephyr_cycle.py",
        "extensions/awx/README.md", "extensions/awx/credential_types/zephyr_squad.yml",
        "extensions/awx/credential_types/zephyr_enterprise.yml", "extensions/awx/credential_types/xray_server.yml",
        "extensions/awx/credential_types/xray_cloud.yml", "extensions/ee/execution-environment.yml"]
errors += ["missing %s" % name for name in MUST if name not in names]
roles = set(name.split("/")[1] for name in names if name.startswith("roles/") and name.count("/") >= 2)
errors += ["role %s has no README.md" % role for role in sorted(roles) if "roles/%s/README.md" % role not in names]
NEVER = ["build/*", "tools/*", "tests/emulator*", "tests/integration/*", "tests/unit/*", "tests/output/*",
         ".venv/*", ".git/*", "collections/*", "docs/build/*", "*__pycache__*", "*.pyc", "*.tar.gz"]
errors += ["ships %s" % name for name in names if any(fnmatch.fnmatch(name, p) for p in NEVER)]
if errors:
    sys.exit("tarball %s:\n  %s" % (tarball, "\n  ".join(errors)))
print("ok: %s (%d files, %d roles)" % (tarball.rsplit("/", 1)[1], len(names), len(roles)))
EOF

echo "== install into a clean path, verify"
installed=$work/collections
export ANSIBLE_COLLECTIONS_PATH=$installed ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
unset PYTHONPATH ANSIBLE_CONFIG
"$BIN/ansible-galaxy" collection install --offline -p "$installed" "$tarball" >/dev/null
"$BIN/ansible-galaxy" collection verify --offline -p "$installed" testops.testmgmt
root=$installed/ansible_collections/testops/testmgmt

echo "== demo from the installed copy against a fresh emulator"
"$PY" -m tests.emulator --host 127.0.0.1 --port 0 --control --quiet --db "$work/emulator.db" \
    >"$work/url" 2>"$work/emulator.err" &
emu_pid=$!
for _ in $(seq 100); do [[ -s $work/url ]] && break; sleep 0.1; done
url=$(head -n1 "$work/url")
[[ -n $url ]] || fail "emulator did not start: $(cat "$work/emulator.err")"
export ZEPHYR_URL=$url ZEPHYR_USERNAME=admin ZEPHYR_PASSWORD=admin
export XRAY_URL=$url XRAY_USERNAME=admin XRAY_PASSWORD=admin
export ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_STDOUT_CALLBACK=default
writes() {
    curl -sf "$url/_emulator/requests" | "$PY" -c \
        'import json,sys; print(sum(r["method"] not in ("GET","HEAD","OPTIONS") and r["path"] != "/rest/auth/1/session" for r in json.load(sys.stdin)["requests"]))'
}
read -r -a extra <<<"${RELEASE_CHECK_EXTRA_PLAYBOOKS:-}"
playbooks=(playbooks/release_setup.yml "${extra[@]}")
run_all() {
    local total=0 pb recap
    for pb in "${playbooks[@]}"; do
        # from a scratch directory: nothing of the working tree is adjacent to the playbook run
        (cd "$work" && "$BIN/ansible-playbook" -i localhost, -c local "$root/$pb") >"$work/out" 2>&1 \
            || { cat "$work/out"; fail "$pb failed from the installed collection"; }
        recap=$(grep -E "^localhost +:" "$work/out" | tail -n1)
        [[ $recap =~ changed=([0-9]+) ]] || { cat "$work/out"; fail "no recap for $pb"; }
        echo "   $pb: $recap" >&2
        total=$((total + BASH_REMATCH[1]))
    done
    echo "$total"
}
first=$(run_all)
(( first > 0 )) || fail "the first run changed nothing"
[[ $(writes) -gt 0 ]] || fail "the first run sent no write"
curl -sf -X POST "$url/_emulator/requests/clear" >/dev/null
second=$(run_all)
(( second == 0 )) || fail "the second run changed $second things"
[[ $(writes) -eq 0 ]] || fail "the second run sent writes"
echo "ok: installed $version runs: first run changed=$first, second changed=0 with no write"
