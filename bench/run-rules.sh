#!/usr/bin/env bash
# Rule evaluation benchmarks of cloud-ingest (beside the tests, never in them):
#  (a) the rule engine alone (RuleEvaluationBench: every bundled rule over a replayed city feed);
#  (b) ingest readings/s through POST /api/v1/ingest with the rules ON (every batch in the durable
#      hand-off log, judged by the rule runtime meanwhile) and OFF (no log, no rules), alternately,
#      in the same run: 1,000 stations with positions, one pm25-rs485 device on each, IngestBench's
#      city-wide PM2.5 values (no station stands out, so ON measures evaluation, not events); after
#      each ON run, the lag: how long the rules go on after the ingest has stopped.
# Writes its section of docs/benchmarks.md.
#   usage: bench/run-rules.sh [SECONDS] [CONNECTIONS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
connections="${2:-4}"
rounds="${3:-2}"
devices=1000
batch=500
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

if curl -s -o /dev/null http://127.0.0.1:18090/; then echo "port 18090 is taken"; exit 1; fi
load="$(cut -d' ' -f1-3 /proc/loadavg)"
# -am: bench must get the cloud-ingest jar of this build (a stale one may sit in ~/.m2)
mvn -B -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl bench,cloud-ingest -am
bench=(java -Dlogback.configurationFile=bench/logback.xml -cp "bench/target/citysense-bench.jar:bench/target/lib/*")
admin="cs_bench_admin_$(date +%s)_$RANDOM$RANDOM"

# (a) the engine alone
echo "rule engine alone, ${seconds}s after 20s of warm-up ..." >&2
engine_out=$("${bench[@]}" org.citysense.bench.RuleEvaluationBench "$seconds" 20)
echo "$engine_out" >&2
engine=$(echo "$engine_out" | tail -n 1)
engine_split=$(echo "$engine_out" | grep '^engine:')
heap=$(echo "$engine_out" | grep -Eo 'heap_after_gc_mb=[0-9.]+' | cut -d= -f2)

start_cloud() { # $1: label, $2: rules enabled (true or false)
  local dir="$work/$1"; mkdir -p "$dir"
  # exec, so that the PID kept is the JVM's and the trap really stops it
  (cd "$dir" && exec env CITYSENSE_ADMIN_TOKEN="$admin" QUARKUS_HTTP_PORT=18090 \
     CITYSENSE_RULES_ENABLED="$2" QUARKUS_PROFILE=prod CLOUD_INGEST_JAVA_OPTS="-Xmx1g" \
     "$OLDPWD/bin/cloud-ingest" > "$dir/cloud.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18090/q/health/ready > /dev/null && return; sleep 0.5; done
  echo "cloud-ingest did not start"; cat "$dir/cloud.log"; exit 1
}
stop_cloud() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

register() { # prints "GATEWAY TOKEN": units, the stations on a grid, a gateway, the devices
  python3 bench/register-city.py "$admin" "$devices"
}

lag() { # after an ON run: seconds until the rules have judged everything the ingest took
  python3 - <<'PY'
import http.client, json, time
start = time.monotonic()
conn = http.client.HTTPConnection("127.0.0.1", 18090)
def lag():
    conn.request("GET", "/q/health/well")
    body = json.loads(conn.getresponse().read())
    check = next(c for c in body["checks"] if c["name"] == "rules lag")
    return int(check["data"]["lagItems"])
first = lag()
while lag() > 0 and time.monotonic() - start < 600:
    time.sleep(0.05)
print(f"lag_seconds={time.monotonic() - start:.2f} lag_items_at_end={first}")
PY
}

rate() { echo "$1" | grep -Eo 'per_second=[0-9]+' | cut -d= -f2; }
raws=()
rows=""
on_rates=()
off_rates=()
lags=()
handoff=""
for round in $(seq 1 "$rounds"); do
  for mode in on off; do
    echo "round $round, rules $mode ..." >&2
    enabled=$([ "$mode" = on ] && echo true || echo false)
    start_cloud "$mode-$round" "$enabled"
    read -r gw token < <(register) || true
    [ -n "${token:-}" ] || { echo "registration failed"; cat "$work/$mode-$round/cloud.log" | tail -n 20; exit 1; }
    out=$("${bench[@]}" org.citysense.bench.IngestBench http://127.0.0.1:18090 "$gw" "$token" bench-pm- "$devices" "$connections" "$batch" "$seconds" city | tail -n 1)
    if [ "$mode" = on ]; then
      handoff=$(lag)
      on_rates+=("$(rate "$out")")
      lags+=("$(echo "$handoff" | grep -Eo 'lag_seconds=[0-9.]+' | cut -d= -f2)")
      raws+=("round $round rules ON: \`$out\`; after it: \`$handoff\`")
    else
      off_rates+=("$(rate "$out")")
      raws+=("round $round rules OFF: \`$out\`")
    fi
    echo "$out ${handoff:-}" >&2
    handoff=""
    stop_cloud
  done
  rows+="| $round | ${on_rates[-1]} | ${off_rates[-1]} | ${lags[-1]} |"$'\n'
done
mean() { # $1: decimals, then the values
  python3 -c 'import sys; v=[float(x) for x in sys.argv[2:]]; print(f"{sum(v)/len(v):.{sys.argv[1]}f}")' "$@"
}
rows+="| mean | $(mean 0 "${on_rates[@]}") | $(mean 0 "${off_rates[@]}") | $(mean 2 "${lags[@]}") |"
ratio=$(python3 -c 'import sys; n=len(sys.argv)//2; on=[float(x) for x in sys.argv[1:n+1]]; off=[float(x) for x in sys.argv[n+1:]]; print(f"{sum(on)/sum(off):.2f}")' "${on_rates[@]}" "${off_rates[@]}")
rows+=$'\n'"| ON / OFF | $ratio | | |"

field() { echo "$engine" | grep -Eo "$1=[0-9.]+" | cut -d= -f2; }
machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
raw_lines=$(printf -- '- %s\n' "${raws[@]}")
section=$(cat <<MD
<!-- rules:start -->
## cloud-ingest: rule evaluation (issues 6 and 15)

Measured $(date -u +%F) on $machine (shared; load average $load at the start); Java
$(java -version 2>&1 | head -n 1 | cut -d'"' -f2); by \`bench/run-rules.sh $seconds $connections $rounds\`.

**The rule engine alone** (\`RuleEvaluationBench\`, no HTTP, store or event service): all
$(field rules) rules of the bundled default file over a replayed feed of 1,000 stations (PM2.5 and
water level) and 1,000 households (gas and water meter), 4,000 devices each reporting every 60 s of
event time, about 10,000 readings per simulated minute in batches of 500, \`tick()\` every
simulated 5 s; $seconds s measured after 20 s of warm-up, as fast as the engine takes it. Only the
engine's calls are timed.

| readings/s | ns/reading | signals | heap after GC |
|---:|---:|---:|---:|
| $(field readings_per_second) | $(field ns_per_reading) | $(field signals) | $heap MiB |

Split: \`$engine_split\`.

The replay runs tens of simulated minutes per second of wall time, so it calls \`tick()\` (the
offline rule's silence scan over every device) hundreds of times a second (the calls above, over
$seconds s); a live server calls it every 5 s of wall time, so there a reading costs about the
\`accept\` figure.

**The ingest with rules ON and OFF**: \`POST /api/v1/ingest\` into the embedded store, one gateway,
$devices pm25-rs485 devices each on its own station (positions on the same grid), $connections
connections sending gzip batches of $batch for $seconds s (IngestBench, values \`city\`), a fresh
cloud-ingest for each run, ON and OFF alternately. With rules ON each batch is written to the
durable hand-off log in the ledger's transaction before the gateway hears 200, and the rule runtime
judges the log meanwhile on the same two cores (real \`JdbcRuleDirectory\` and event service,
checkpoints every 5 s); OFF writes no log and judges nothing. Lag: after the ON run's last batch,
the time until \`/q/health/well\` shows no item left to judge (polled every 50 ms; the items left
at the end of the run are in the raw lines).

| round | rules ON readings/s | rules OFF readings/s | lag after ON (s) |
|---|---:|---:|---:|
$rows

Caveat: IngestBench stamps readings with the wall clock, so each device reports some tens of
times a second instead of once a minute, and a station's 10-minute window holds far more points
than in a real feed; the neighbour rule's mean is linear in them, so ON here is pessimistic.

Raw output: engine \`$engine\`;
$raw_lines
<!-- rules:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- rules:start -->" in text:
    text = re.sub(r"<!-- rules:start -->.*?<!-- rules:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
