#!/usr/bin/env bash
# Runs every operation through GitHub's local-action (src/main.ts's run(), with its @actions/core
# stand-in) against the PolyAI simulator, and checks each one set its outputs without an error.
#   bash dev/local-action.sh            # uses npx @github/local-action@$LOCAL_ACTION_VERSION
#   LOCAL_ACTION=/path/to/local-action bash dev/local-action.sh
# local-action does not pass the action's failure on as its exit code, so the log is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCAL_ACTION_VERSION=${LOCAL_ACTION_VERSION:-7.0.1}
read -r -a local_action <<<"${LOCAL_ACTION:-npx --yes @github/local-action@$LOCAL_ACTION_VERSION}"
port=${SIMULATOR_PORT:-8787}
work=$(mktemp -d)

node --import tsx dev/simulator/cli.ts --port "$port" >"$work/simulator.log" 2>&1 &
simulator=$!
trap 'kill "$simulator" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
  if grep -qs listening "$work/simulator.log"; then break; fi
  sleep 0.5
done
grep -q listening "$work/simulator.log" || { cat "$work/simulator.log"; exit 1; }

mkdir -p "$work/ws"
printf '%s\n' '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"greeting":{"type":"string"},"maxRetries":{"type":"integer","minimum":0}}}' >"$work/ws/schema.json"
printf '%s\n' '{"maxRetries":3}' >"$work/ws/values.json"

# operation|extra inputs (NAME=value, space-separated)
cases=(
  'get-active-deployments|'
  'list-config-pages|'
  'get-config-page|INPUT_TARGETENVIRONMENT=sandbox'
  'publish|'
  'promote|INPUT_TARGETENVIRONMENT=pre-release'
  'rollback|INPUT_TARGETENVIRONMENT=pre-release'
  'upsert-schema|INPUT_TARGETENVIRONMENT=sandbox INPUT_SCHEMAPATH=schema.json'
  'update-variables|INPUT_TARGETENVIRONMENT=sandbox INPUT_VARIABLESPATH=values.json'
  'pull-config|INPUT_CONFIGPATH=pulled'
  'list-deployments|INPUT_TARGETENVIRONMENT=live'
  'sync-config|INPUT_TARGETENVIRONMENT=sandbox INPUT_SCHEMAPATH=schema.json INPUT_VARIABLESPATH=values.json'
)
failed=0
for case in "${cases[@]}"; do
  operation=${case%%|*}
  extra=${case#*|}
  env_file="$work/$operation.env"
  {
    echo "INPUT_OPERATION=$operation"
    echo 'INPUT_AGENTID=agent-1'
    echo 'INPUT_APIKEY=sim-key'
    echo "INPUT_BASEURL=http://127.0.0.1:$port"
    echo "GITHUB_WORKSPACE=$work/ws"
    for pair in $extra; do echo "$pair"; done
  } >"$env_file"
  log="$work/$operation.log"
  "${local_action[@]}" . src/main.ts "$env_file" >"$log" 2>&1 || true
  if grep -q '::set-output name=changed::' "$log" && ! grep -q '^::error' "$log"; then
    echo "ok    $operation ($(grep -c '::set-output' "$log") outputs)"
  else
    echo "FAIL  $operation"
    sed -n '/Running Action/,$p' "$log"
    failed=1
  fi
done
exit "$failed"
