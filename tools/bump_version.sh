#!/usr/bin/env bash
# Set the collection's version. galaxy.yml is the one source; plugins/module_utils/version.py (the
# User-Agent) follows it. tests/unit/test_version.py and tools/release_check.sh fail when they differ.
#   tools/bump_version.sh 0.2.0     set galaxy.yml and version.py to 0.2.0
#   tools/bump_version.sh           copy galaxy.yml's version into version.py
set -euo pipefail
cd "$(dirname "$0")/.."
current=$(sed -n 's/^version: *\([^ ]*\) *$/\1/p' galaxy.yml)
version=${1:-$current}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$ ]] \
    || { echo "bump_version.sh: '$version' is not a semantic version (X.Y.Z)" >&2; exit 2; }
sed -i "s/^version: .*/version: $version/" galaxy.yml
sed -i "s/^COLLECTION_VERSION = \".*\"$/COLLECTION_VERSION = \"$version\"/" plugins/module_utils/version.py
if ! grep -q "^version: $version$" galaxy.yml \
        || ! grep -q "^COLLECTION_VERSION = \"$version\"$" plugins/module_utils/version.py; then
    echo "bump_version.sh: could not set $version in galaxy.yml and version.py" >&2
    exit 1
fi
echo "version $current -> $version (galaxy.yml, plugins/module_utils/version.py); add a changelog fragment"
