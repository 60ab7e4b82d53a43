#!/usr/bin/env bash
# Rule evaluation benchmarks of cloud-ingest (beside the tests, never in them):
#  (a) the rule engine alone (RuleEvaluationBench: every bundled rule over a replayed city feed);
#  (b) ingest readings/s through POST /api/v1/ingest with the rules ON and OFF, alternately, in the
#      same run: 1,000 stations with positions, one pm25-rs485 device on each, IngestBench's
#      city-wide PM2.5 values (no station stands out, so ON measures evaluation, not events); after
#      each ON run, the hand-off lag: how long the rules go on after the ingest has stopped.
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

register() { # prints "GATEWAY TOKEN": units, 1,000 stations on a grid, a gateway, 1,000 devices
  python3 - "$admin" "$devices" "$work" <<'PY'
import http.client, json, math, sys
admin, devices, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", 18090)
def call(method, path, body=None, token=admin, ctype="application/json"):
    headers = {"Content-Type": ctype}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
    conn.request(method, path, data, headers)
    r = conn.getresponse()
    text = r.read()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {text[:300]!r}")
    return json.loads(text) if text else None
call("POST", "/api/v1/units", {"id": "bench-d", "level": "district", "name": "Bench district"})
call("POST", "/api/v1/units", {"id": "bench-s", "parentId": "bench-d", "level": "street", "name": "Bench street"})
call("POST", "/api/v1/units", {"id": "bench-c", "parentId": "bench-s", "level": "community", "name": "Bench community"})
# the grid of RuleEvaluationBench: about 40 x 40 km around 31.23 N, 121.47 E
cols = math.ceil(math.sqrt(devices)); spacing = 40 / (cols - 1)
km_lat = 111.32; km_lon = 111.32 * math.cos(math.radians(31.23))
for i in range(devices):
    north = (i // cols) * spacing - 20; east = (i % cols) * spacing - 20
    call("POST", "/api/v1/stations", {"id": f"bench-st-{i}", "unitId": "bench-c", "name": f"Bench station {i}",
                                      "lat": round(31.23 + north / km_lat, 6), "lon": round(121.47 + east / km_lon, 6)})
code = call("POST", "/api/v1/enrollments", {"unitId": "bench-c", "ttlMinutes": 60})["code"]
enrolled = call("POST", "/api/v1/gateways/enroll", {"code": code, "name": "bench gateway"}, token=None)
lines = ["devices:"] + [f"  - {{id: bench-pm-{i}, profile: pm25-rs485, modbus-tcp: {{host: 127.0.0.1, unitId: 1}}, station: bench-st-{i}}}"
                        for i in range(devices)]
call("POST", f"/api/v1/devices/import?gateway={enrolled['gatewayId']}&file=devices.yaml", "\n".join(lines) + "\n", ctype="text/plain")
print(enrolled["gatewayId"], enrolled["token"])
PY
}

lag() { # after an ON run: seconds until the neighbour rule's evaluated count stops growing
  python3 - "$admin" <<'PY'
import http.client, json, sys, time
admin = sys.argv[1]
start = time.monotonic()
conn = http.client.HTTPConnection("127.0.0.1", 18090)
def evaluated():
    conn.request("GET", "/api/v1/rules/status", headers={"Authorization": "Bearer " + admin})
    r = conn.getresponse(); body = json.loads(r.read())
    return next(s["evaluated"] for s in body if s["ruleId"] == "pm25-above-neighbours")
last = evaluated(); changed = start
while time.monotonic() - changed < 2.0 and time.monotonic() - start < 300:
    time.sleep(0.05)
    now = evaluated()
    if now != last:
        last, changed = now, time.monotonic()
print(f"lag_seconds={changed - start:.2f} evaluated={last}")
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

field() { echo "$engine" | grep -Eo "$1=[0-9.]+" | cut -d= -f2; }
machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
raw_lines=$(printf -- '- %s\n' "${raws[@]}")
section=$(cat <<MD
<!-- rules:start -->
## cloud-ingest: rule evaluation (issue 6)

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
cloud-ingest for each run, ON and OFF alternately. With rules ON the batches go through the
bounded hand-off queue to the engine (real \`JdbcRuleDirectory\` and event service); when the queue
is full the ingest waits, so ON includes the rules' cost. Lag: after the ON run's last batch, the
time until \`GET /api/v1/rules/status\` shows the neighbour rule's \`evaluated\` stop growing
(polled every 50 ms, so 0.00 means it had caught up by the first poll; its final count is in the
raw lines, to compare with the readings sent).

| round | rules ON readings/s | rules OFF readings/s | hand-off lag after ON (s) |
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
