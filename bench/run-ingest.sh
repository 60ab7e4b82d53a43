#!/usr/bin/env bash
# Ingest benchmarks of cloud-ingest (beside the tests, never in them): readings/s through
# POST /api/v1/ingest (gzip batches of 500, several connections) into the embedded store and into
# InfluxDB 1.6.7, and, in the same run, raw line-protocol writes of the same points to the same
# InfluxDB (the ceiling). Writes its section of docs/benchmarks.md.
#   usage: bench/run-ingest.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
connections="${2:-4}"
devices=500
batch=500
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

if curl -s -o /dev/null http://127.0.0.1:18090/; then echo "port 18090 is taken"; exit 1; fi
mvn -B -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl bench,cloud-ingest -am
bench=(java -Dlogback.configurationFile=bench/logback.xml -cp "bench/target/citysense-bench.jar:bench/target/lib/*")
admin="cs_bench_admin_$(date +%s)_$RANDOM$RANDOM"

start_cloud() { # $1: label, $2: extra profile ("" or influxdb)
  local dir="$work/$1"; mkdir -p "$dir"
  # exec, so that the PID kept is the JVM's and the trap really stops it
  (cd "$dir" && exec env CITYSENSE_ADMIN_TOKEN="$admin" QUARKUS_HTTP_PORT=18090 \
     CITYSENSE_INFLUXDB_URL="http://127.0.0.1:18086" \
     QUARKUS_PROFILE="prod${2:+,$2}" CLOUD_INGEST_JAVA_OPTS="-Xmx1g" \
     "$OLDPWD/bin/cloud-ingest" > "$dir/cloud.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18090/q/health/ready > /dev/null && return; sleep 0.5; done
  echo "cloud-ingest did not start"; cat "$dir/cloud.log"; exit 1
}
stop_cloud() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

api() { # METHOD PATH TOKEN [BODY] [CONTENT-TYPE]
  curl -sf -X "$1" "http://127.0.0.1:18090$2" -H "Authorization: Bearer $3" \
    -H "Content-Type: ${5:-application/json}" ${4:+--data-binary "$4"}
}

register() { # prints "GATEWAY TOKEN"
  api POST /api/v1/units "$admin" '{"id":"bench-d","level":"district","name":"Bench district"}' > /dev/null
  api POST /api/v1/units "$admin" '{"id":"bench-s","parentId":"bench-d","level":"street","name":"Bench street"}' > /dev/null
  api POST /api/v1/units "$admin" '{"id":"bench-c","parentId":"bench-s","level":"community","name":"Bench community"}' > /dev/null
  local code; code=$(api POST /api/v1/enrollments "$admin" '{"unitId":"bench-c","ttlMinutes":60}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  local enrolled; enrolled=$(curl -sf -X POST http://127.0.0.1:18090/api/v1/gateways/enroll -H "Content-Type: application/json" -d "{\"code\":\"$code\",\"name\":\"bench gateway\"}")
  local gw token
  gw=$(echo "$enrolled" | python3 -c 'import json,sys; print(json.load(sys.stdin)["gatewayId"])')
  token=$(echo "$enrolled" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  { echo "devices:"; for i in $(seq 0 $((devices - 1))); do
      echo "  - {id: bench-pm-$i, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, unitId: 1}, unit: bench-c}"; done; } > "$work/devices.yaml"
  api POST "/api/v1/devices/import?gateway=$gw&file=devices.yaml" "$admin" "@$work/devices.yaml" text/plain > /dev/null
  echo "$gw $token"
}

# 1. embedded store
start_cloud embedded ""
read -r gw token < <(register)
embedded=$("${bench[@]}" org.citysense.bench.IngestBench http://127.0.0.1:18090 "$gw" "$token" bench-pm- "$devices" "$connections" "$batch" "$seconds" | tail -n 1)
stop_cloud

# 2. InfluxDB 1.6.7, then the raw line-protocol ceiling against the same server
mkdir -p "$work/influx"
cat > "$work/influx/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:18088"
[meta]
  dir = "$work/influx/meta"
[data]
  dir = "$work/influx/data"
  wal-dir = "$work/influx/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:18086"
  log-enabled = false
CONF
influxd -config "$work/influx/influxdb.conf" > "$work/influx/influxd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:18086/ping > /dev/null && break; sleep 0.5; done
start_cloud influx influxdb
read -r gw token < <(register)
influx=$("${bench[@]}" org.citysense.bench.IngestBench http://127.0.0.1:18090 "$gw" "$token" bench-pm- "$devices" "$connections" "$batch" "$seconds" | tail -n 1)
stop_cloud
curl -sf -XPOST http://127.0.0.1:18086/query --data-urlencode "q=CREATE DATABASE ceiling" > /dev/null
ceiling=$("${bench[@]}" org.citysense.bench.InfluxCeilingBench http://127.0.0.1:18086 ceiling "$devices" "$connections" "$batch" "$seconds" | tail -n 1)

rate() { echo "$1" | grep -Eo 'per_second=[0-9]+' | cut -d= -f2; }
machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
section=$(cat <<MD
<!-- ingest:start -->
## cloud-ingest: ingest throughput (issue 5)

Measured $(date -u +%F) on $machine; Java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2); by
\`bench/run-ingest.sh $seconds $connections\`. One gateway, $devices registered devices, $connections
connections each sending gzip batches of $batch readings back to back for $seconds s, every reading new;
cloud-ingest, InfluxDB 1.6.7 and the load generator share the machine.

| path | readings/s |
|---|---:|
| \`POST /api/v1/ingest\` → embedded store (H2 file) | $(rate "$embedded") |
| \`POST /api/v1/ingest\` → InfluxDB 1.6.7 | $(rate "$influx") |
| raw line protocol → the same InfluxDB (ceiling) | $(rate "$ceiling") |

Raw output: embedded \`$embedded\`; influxdb \`$influx\`; ceiling \`$ceiling\`.
<!-- ingest:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- ingest:start -->" in text:
    text = re.sub(r"<!-- ingest:start -->.*?<!-- ingest:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
