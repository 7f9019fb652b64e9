#!/usr/bin/env bash
# make molecule: the roles' molecule scenarios (extensions/molecule/<role>), each converging its role twice
# against an emulator that the scenario itself starts and stops, then reading the products back.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.venv/bin}
# molecule and ansible-compat call ansible-config and ansible-playbook by name
export PATH="$PWD/$BIN:$PATH"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-$PWD/build/dev-collections}"
export PYTHONPATH="${PYTHONPATH:-$PWD/build/dev-collections:$PWD}"
export ANSIBLE_NOCOLOR=1 NO_COLOR=1 ANSIBLE_DEPRECATION_WARNINGS=0
for scenario in ${MOLECULE_SCENARIOS:-release_setup publish_results}; do
  echo "== molecule test -s $scenario"
  molecule test -s "$scenario" >"build/molecule-$scenario.log" 2>&1 || {
    cat "build/molecule-$scenario.log"; echo "molecule scenario $scenario failed"; exit 1; }
  sed -n '/SCENARIO RECAP/,$p' "build/molecule-$scenario.log"
done
