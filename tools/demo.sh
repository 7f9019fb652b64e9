#!/usr/bin/env bash
# make demo: start the emulator on a free loopback port, run the playbooks twice against it,
# show what happened, and stop the emulator whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
log=$(mktemp -d)
"$PY" -m tests.emulator --host 127.0.0.1 --port 0 --control --quiet >"$log/url" 2>"$log/emulator.err" &
emu_pid=$!
trap 'kill $emu_pid 2>/dev/null || true; wait $emu_pid 2>/dev/null || true; rm -rf "$log"' EXIT
for _ in $(seq 100); do [ -s "$log/url" ] && break; sleep 0.1; done
url=$(head -n1 "$log/url")
[ -n "$url" ] || { echo "emulator did not start:"; cat "$log/emulator.err"; exit 1; }
echo "== emulator: $url (Jira+Zephyr Squad, Zephyr Enterprise, Xray Server, Xray Cloud; user admin/admin)"

export ZEPHYR_URL="$url" ZEPHYR_USERNAME=admin ZEPHYR_PASSWORD=admin
export XRAY_URL="$url" XRAY_USERNAME=admin XRAY_PASSWORD=admin
export ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=0

PLAYBOOKS="playbooks/release_setup.yml playbooks/publish_results.yml ${DEMO_EXTRA_PLAYBOOKS:-}"

# run LABEL [second]: every playbook once; on the second pass each must report changed=0.
run() {
  local label=$1 second=${2:-}
  echo
  echo "== $label"
  for pb in $PLAYBOOKS; do
    echo "-- $pb"
    "$VENV/bin/ansible-playbook" -i localhost, -c local "$pb" >"$log/out" 2>&1 || { cat "$log/out"; exit 1; }
    # the publication's summary lines, then the recap
    grep -E '^    "msg": "(total|zephyr_squad|zephyr_enterprise|xray): ' "$log/out" | sed -E 's/^    "msg": "(.*)"$/   \1/' || true
    sed -n '/PLAY RECAP/,$p' "$log/out" | grep -E "^localhost"
    grep -qE "failed=0 " "$log/out" || { cat "$log/out"; exit 1; }
    if [ -n "$second" ] && ! grep -qE "changed=0 " "$log/out"; then
      cat "$log/out"; echo "second run of $pb changed something"; exit 1
    fi
  done
}

run "first run: sets up the release and publishes the results (Zephyr Squad, Zephyr Enterprise, Xray)"
echo
echo "== what the products hold now, read back over their APIs"
"$PY" tools/demo_summary.py "$url"
curl -s -X POST "$url/_emulator/requests/clear" >/dev/null
run "second run: nothing to change" second
"$PY" tools/demo_summary.py "$url" --writes-only
