#!/usr/bin/env bash
# ansible-doc on every plugin of the collection; any error or warning fails.
set -euo pipefail
BIN=${1:-.venv/bin}
status=0
export ANSIBLE_NOCOLOR=1
for kind_dir in modules:module lookup:lookup; do
  dir=${kind_dir%%:*}; kind=${kind_dir##*:}
  for file in plugins/"$dir"/*.py; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .py)
    [ "$name" = "__init__" ] && continue
    if ! out=$("$BIN/ansible-doc" -t "$kind" "testops.testmgmt.$name" 2>&1) || grep -qE "^\[(WARNING|ERROR)\]" <<<"$out"; then
      echo "ansible-doc failed for $kind testops.testmgmt.$name:"; echo "$out" | head -20; status=1
    else
      echo "ok: ansible-doc -t $kind testops.testmgmt.$name"
    fi
  done
done
exit $status
