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

run() {
  local label=$1
  echo
  echo "== $label"
  for pb in playbooks/release_setup.yml ${DEMO_EXTRA_PLAYBOOKS:-}; do
    "$VENV/bin/ansible-playbook" -i localhost, -c local "$pb" | tee "$log/out" | sed -n '/PLAY RECAP/,$p'
    grep -q "failed=0" "$log/out" || { cat "$log/out"; exit 1; }
  done
}

run "first run: provisions everything"
"$PY" tools/demo_summary.py "$url"
curl -s -X POST "$url/_emulator/requests/clear" >/dev/null
run "second run: nothing to change"
grep -qE "changed=0 " "$log/out" || { echo "second run changed something"; exit 1; }
"$PY" tools/demo_summary.py "$url" --writes-only
