#!/usr/bin/env bash
# Recovery benchmarks of cloud-ingest's durable pipeline (beside the tests, never in them):
#  (a) a backlog of BACKLOG readings accepted (in the hand-off log) but not judged yet, then
#      SIGKILL: how long the start takes and how long until the rules have judged them all;
#  (b) the start-up with the rules' state of DEVICES devices (a checkpoint saved on a normal stop),
#      against a start on an empty database.
# Writes its section of docs/benchmarks.md.
#   usage: bench/run-recovery.sh [BACKLOG] [DEVICES]
set -euo pipefail
cd "$(dirname "$0")/.."
backlog="${1:-100000}"
many="${2:-10000}"
devices=1000
batch=500
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

if curl -s -o /dev/null http://127.0.0.1:18090/; then echo "port 18090 is taken"; exit 1; fi
load="$(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl bench,cloud-ingest -am
bench=(java -Dlogback.configurationFile=bench/logback.xml -cp "bench/target/citysense-bench.jar:bench/target/lib/*")
admin="cs_bench_admin_$(date +%s)_$RANDOM$RANDOM"

now_ms() { date +%s%3N; }

# starts cloud-ingest on the data folder $1 with the rules consuming ($2: true or false); sets
# ready_ms to the milliseconds from launch to ready (not in a subshell: pids must keep the PID)
start_cloud() {
  local dir="$work/$1"; mkdir -p "$dir"
  local t0; t0=$(now_ms)
  (cd "$dir" && exec env CITYSENSE_ADMIN_TOKEN="$admin" QUARKUS_HTTP_PORT=18090 \
     CITYSENSE_RULES_CONSUME="$2" QUARKUS_PROFILE=prod CLOUD_INGEST_JAVA_OPTS="-Xmx1g" \
     "$OLDPWD/bin/cloud-ingest" >> "$dir/cloud.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 2400); do
    if curl -sf http://127.0.0.1:18090/q/health/ready > /dev/null; then ready_ms=$(( $(now_ms) - t0 )); return; fi
    sleep 0.05
  done
  echo "cloud-ingest did not start" >&2; tail -n 30 "$dir/cloud.log" >&2; exit 1
}
stop_cloud() { kill "$1" "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

lag_items() {
  # not -f: the check answers 503 while the rules lag, with the same body
  curl -s http://127.0.0.1:18090/q/health/well | python3 -c '
import json, sys
checks = json.load(sys.stdin)["checks"]
print(next(int(c["data"]["lagItems"]) for c in checks if c["name"] == "rules lag"))'
}

# milliseconds until nothing is left to judge
until_judged() {
  local t0; t0=$(now_ms)
  for _ in $(seq 1 12000); do
    [ "$(lag_items)" = 0 ] && { echo $(( $(now_ms) - t0 )); return; }
    sleep 0.05
  done
  echo "the rules did not catch up within 10 minutes" >&2; exit 1
}

restored_line() { grep -Eo 'rules restored in .*' "$work/$1/cloud.log" | tail -n 1; }

# (a) a backlog, then SIGKILL
echo "(a) $backlog readings accepted while the rules wait, then SIGKILL ..." >&2
start_cloud backlog false; empty_ms=$ready_ms
read -r gw token < <(python3 bench/register-city.py "$admin" "$devices")
sent=$("${bench[@]}" org.citysense.bench.IngestBench http://127.0.0.1:18090 "$gw" "$token" bench-pm- "$devices" 4 "$batch" 600 city "$backlog" | tail -n 1)
waiting=$(lag_items)
stop_cloud -9
start_cloud backlog true; restart_ms=$ready_ms
catchup_ms=$(until_judged)
backlog_line=$(restored_line backlog)
stop_cloud -TERM
echo "sent: $sent; waiting: $waiting; start ${restart_ms} ms; judged in ${catchup_ms} ms" >&2

# (b) the rules' state of many devices, saved on a normal stop
echo "(b) state of $many devices ..." >&2
start_cloud state true
read -r gw token < <(python3 bench/register-city.py "$admin" "$many")
fed=$("${bench[@]}" org.citysense.bench.IngestBench http://127.0.0.1:18090 "$gw" "$token" bench-pm- "$many" 4 "$batch" 600 spread $((many * 3)) | tail -n 1)
until_judged > /dev/null
stop_cloud -TERM
start_cloud state true; state_ms=$ready_ms
state_line=$(restored_line state)
stop_cloud -TERM
echo "state: start ${state_ms} ms; $state_line" >&2

rate=$(python3 -c "print(round($waiting / ($catchup_ms / 1000)))")
machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
section=$(cat <<MD
<!-- recovery:start -->
## cloud-ingest: recovery of the durable pipeline (issue 15)

Measured $(date -u +%F) on $machine (shared; load average $load at the start); Java
$(java -version 2>&1 | head -n 1 | cut -d'"' -f2); by \`bench/run-recovery.sh $backlog $many\`. cloud-ingest
from \`bin/cloud-ingest\` on its embedded defaults (H2 file, \`-Xmx1g\`), the bundled rules.

**A backlog, then SIGKILL.** $devices pm25-rs485 devices on their own stations; the cloud started
with \`CITYSENSE_RULES_CONSUME=false\` takes $backlog readings (IngestBench, 4 connections, gzip
batches of $batch) into the hand-off log without judging them, and is killed with SIGKILL. Then it
starts again with the rules on; "judged" is from ready until \`/q/health/well\` shows no item left.

| readings waiting at the kill | start to ready (ms) | ready to all judged (ms) | readings judged/s |
|---:|---:|---:|---:|
| $waiting | $restart_ms | $catchup_ms | $rate |

Start-up said: \`$backlog_line\`

**Start-up with the state of $many devices.** $many pm25-rs485 devices, each on its own station
(neighbour and offline rules keep state for each), 3 readings each judged, then a normal stop
(SIGTERM: a last checkpoint); then a start on that data, against the first start on an empty
database.

| start on | launch to ready (ms) |
|---|---:|
| an empty database | $empty_ms |
| the state of $many devices | $state_ms |

Start-up said: \`$state_line\`

Raw output: backlog \`$sent\`; state feed \`$fed\`.
<!-- recovery:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- recovery:start -->" in text:
    text = re.sub(r"<!-- recovery:start -->.*?<!-- recovery:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
