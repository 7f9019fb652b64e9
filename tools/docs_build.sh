#!/usr/bin/env bash
# make docs-site: lint the collection docs (plugins, roles, docs/docsite) with antsibull-docs, then
# build the docs site (antsibull-docs sphinx-init + collection, Sphinx) into build/docs/html.
# Offline: Sphinx's intersphinx reads a local inventory of the few docs.ansible.com labels the
# generated pages link to, so nothing is downloaded; any Sphinx warning fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.venv/bin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
export PATH=$BIN:$PATH ANSIBLE_NOCOLOR=1
# antsibull-docs finds the collection the way ansible-doc does: the dev symlink farm unless told otherwise
if [[ -z ${ANSIBLE_COLLECTIONS_PATH:-} ]]; then
    mkdir -p build/dev-collections/ansible_collections/testops
    ln -sfn "$PWD" build/dev-collections/ansible_collections/testops/testmgmt
    export ANSIBLE_COLLECTIONS_PATH=$PWD/build/dev-collections
fi
out=$PWD/build/docs
site=$out/site
rm -rf "$out"
mkdir -p "$out"

echo "== antsibull-docs lint-collection-docs --plugin-docs"
antsibull-docs lint-collection-docs --plugin-docs .

echo "== antsibull-docs sphinx-init + collection -> $site"
mkdir -p "$site"
chmod og-w "$site"  # antsibull-docs writes only into directories no one else can write to
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$site" \
    --sphinx-theme alabaster --project testops.testmgmt --copyright "testops.testmgmt developers" \
    --title "testops.testmgmt" --html-short-title "testops.testmgmt" testops.testmgmt >/dev/null
# the generated conf.py fetches Python/Jinja/Ansible inventories; point Ansible's at a local one instead,
# with the labels antsibull-docs' page templates use and a page per ansible.builtin plugin of the
# installed ansible-core (what M(), P() and O() references to ansible.builtin resolve to)
"$BIN/python" - "$site/ansible_devel.inv" <<'EOF'
import glob, os, sys, zlib

import ansible

LABELS = [  # label, page#anchor on docs.ansible.com, title
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values", "Return Values"),
    ("collections_keyword", "collections_guide/collections_using_playbooks.html"
     "#simplifying-module-names-with-the-collections-keyword", "The collections keyword"),
    ("action_plugins", "plugins/action.html#action-plugins", "Action plugins"),
    ("callback_plugins", "plugins/callback.html#callback-plugins", "Callback plugins"),
    ("list_of_callback_plugins", "collections/index_callback.html#list-of-callback-plugins", "Callback plugins"),
]
core = os.path.dirname(ansible.__file__)
patterns = [(os.path.join(core, "modules", "*.py"), "module")]
for kind in os.listdir(os.path.join(core, "plugins")):
    patterns.append((os.path.join(core, "plugins", kind, "*.py"), kind))
    patterns.append((os.path.join(core, "plugins", kind, "*.yml"), kind))  # filters and tests
for pattern, kind in patterns:
    for path in glob.glob(pattern):
        name = os.path.splitext(os.path.basename(path))[0]
        if not name.startswith("_"):
            label = "ansible_collections.ansible.builtin.%s_%s" % (name, kind)
            anchor = label.replace(".", "-").replace("_", "-")
            LABELS.append((label, "collections/ansible/builtin/%s_%s.html#%s" % (name, kind, anchor),
                           "ansible.builtin." + name))
body = "".join("%s std:label -1 %s %s\n" % entry for entry in sorted(set(LABELS)))
with open(sys.argv[1], "wb") as handle:
    handle.write(b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
                 b"# The remainder of this file is compressed using zlib.\n" + zlib.compress(body.encode()))
EOF
cat >>"$site/conf.py" <<'EOF'

# tools/docs_build.sh: offline build, Ansible's labels from a local inventory (links still point online)
import os  # noqa: E402
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/',
                      os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ansible_devel.inv')),
}
EOF
mkdir -p "$site/rst"
chmod og-w "$site/rst"
antsibull-docs --config-file "$site/antsibull-docs.cfg" collection --cleanup everything --fail-on-error \
    --use-current --squash-hierarchy --dest-dir "$site/rst" testops.testmgmt >/dev/null

echo "== sphinx-build -W -> $out/html"
sphinx-build -b html -c "$site" -W --keep-going -q -d "$out/doctrees" "$site/rst" "$out/html"
echo "docs site: $out/html/index.html ($(find "$out/html" -name '*.html' | wc -l) pages)"
