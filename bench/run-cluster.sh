#!/usr/bin/env bash
# The cluster's benchmarks (issue 16), beside the tests, never in them:
#  (a) readings/s into one cloud-ingest node through POST /api/v1/ingest with the hand-off on Kafka
#      (one local broker, KRaft) against the embedded hand-off, alternately in the same run, rules
#      ON, the same embedded reading store: 1,000 stations, IngestBench's city-wide values (as
#      bench/run-rules.sh); after each run the lag until the rules have judged everything;
#  (b) ClusterIT (system-tests): three nodes on Kafka, PostgreSQL and InfluxDB, one SIGKILLed and one
#      stopped mid-run: alarm latency (leak reading sent → SMS at the SMSC) in steady state and in
#      the failovers, and the seconds until every partition is judged again.
# Writes its section of docs/benchmarks.md.
#   usage: bench/run-cluster.sh [SECONDS] [CONNECTIONS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
connections="${2:-4}"
rounds="${3:-2}"
devices=1000
batch=500
work="$(mktemp -d)"
pids=()
trap 'exec 9>&- 2>/dev/null || true; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

if curl -s -o /dev/null http://127.0.0.1:18090/; then echo "port 18090 is taken"; exit 1; fi
load="$(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q --no-transfer-progress -Dstyle.color=never install -DskipTests -pl bench,cloud-ingest,system-tests -am
bench=(java -Dlogback.configurationFile=bench/logback.xml -cp "bench/target/citysense-bench.jar:bench/target/lib/*")
admin="cs_bench_admin_$(date +%s)_$RANDOM$RANDOM"

# one broker for every Kafka run; its input stays open on fd 9 until the script ends
mkfifo "$work/broker-in"
"${bench[@]}" org.citysense.bench.KafkaBroker kafka-broker/target/lib "$work/kafka" < "$work/broker-in" > "$work/broker.out" 2>&1 &
pids+=($!)
exec 9> "$work/broker-in"
for _ in $(seq 1 120); do grep -q '^bootstrap=' "$work/broker.out" && break; sleep 0.5; done
bootstrap=$(grep -m1 '^bootstrap=' "$work/broker.out" | cut -d= -f2)
[ -n "$bootstrap" ] || { echo "the Kafka broker did not start"; cat "$work/broker.out"; exit 1; }

start_cloud() { # $1: label, $2: embedded or kafka
  local dir="$work/$1"; mkdir -p "$dir"
  (cd "$dir" && exec env CITYSENSE_ADMIN_TOKEN="$admin" QUARKUS_HTTP_PORT=18090 \
     QUARKUS_PROFILE=prod CLOUD_INGEST_JAVA_OPTS="-Xmx1g" CITYSENSE_HANDOFF="$2" \
     CITYSENSE_KAFKA_BOOTSTRAP_SERVERS="$bootstrap" CITYSENSE_KAFKA_PREFIX="bench-$1" \
     "$OLDPWD/bin/cloud-ingest" > "$dir/cloud.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18090/q/health/ready > /dev/null && return; sleep 0.5; done
  echo "cloud-ingest did not start"; tail -n 40 "$dir/cloud.log"; exit 1
}
stop_cloud() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

lag() { # seconds until the rules have judged everything the ingest took
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
raws=(); rows=""; kafka_rates=(); embedded_rates=()
for round in $(seq 1 "$rounds"); do
  for mode in embedded kafka; do
    echo "round $round, hand-off $mode ..." >&2
    start_cloud "$mode-$round" "$mode"
    read -r gw token < <(python3 bench/register-city.py "$admin" "$devices") || true
    [ -n "${token:-}" ] || { echo "registration failed"; tail -n 20 "$work/$mode-$round/cloud.log"; exit 1; }
    out=$("${bench[@]}" org.citysense.bench.IngestBench http://127.0.0.1:18090 "$gw" "$token" bench-pm- "$devices" "$connections" "$batch" "$seconds" city | tail -n 1)
    after=$(lag)
    echo "$out $after" >&2
    raws+=("round $round, $mode: \`$out\`; after it: \`$after\`")
    if [ "$mode" = kafka ]; then kafka_rates+=("$(rate "$out")"); else embedded_rates+=("$(rate "$out")"); fi
    stop_cloud
  done
  rows+="| $round | ${embedded_rates[-1]} | ${kafka_rates[-1]} |"$'\n'
done
exec 9>&-
mean() { python3 -c 'import sys; v=[float(x) for x in sys.argv[1:]]; print(f"{sum(v)/len(v):.0f}")' "$@"; }
ratio=$(python3 -c 'import sys; n=len(sys.argv)//2; e=[float(x) for x in sys.argv[1:n+1]]; k=[float(x) for x in sys.argv[n+1:]]; print(f"{sum(k)/sum(e):.2f}")' "${embedded_rates[@]}" "${kafka_rates[@]}")
rows+="| mean | $(mean "${embedded_rates[@]}") | $(mean "${kafka_rates[@]}") |"$'\n'"| Kafka / embedded | | $ratio |"

echo "ClusterIT ..." >&2
mvn -B -q --no-transfer-progress -Dstyle.color=never -pl system-tests verify -Dit.test=ClusterIT \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false > "$work/cluster-it.log" 2>&1 \
  || { tail -n 60 "$work/cluster-it.log"; exit 1; }
cluster=$(grep -m1 '^ClusterIT:' "$work/cluster-it.log")
echo "$cluster" >&2
read -r killed stopped sp50 sp99 fp50 fp99 < <(python3 - "$cluster" <<'PY'
import re, sys
line = sys.argv[1]
def f(pattern):
    m = re.search(pattern, line)
    return m.group(1) if m else "?"
print(f(r"SIGKILL[^;]*? in ([0-9.]+) s"), f(r"clean stop → ([0-9.]+) s"),
      f(r"steady p50 ([0-9.]+) s"), f(r"steady p50 [0-9.]+ s p99 ([0-9.]+) s"),
      f(r"failover p50 ([0-9.]+) s"), f(r"failover p50 [0-9.]+ s p99 ([0-9.]+) s"))
PY
)

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
raw_lines=$(printf -- '- %s\n' "${raws[@]}")
section=$(cat <<MD
<!-- cluster:start -->
## cloud-ingest: a cluster on Kafka (issue 16)

Measured $(date -u +%F) on $machine (shared; load average $load at the start); Java
$(java -version 2>&1 | head -n 1 | cut -d'"' -f2); Kafka 4.1.1 (one KRaft broker from its Maven jars);
by \`bench/run-cluster.sh $seconds $connections $rounds\`.

**Readings/s into one node, Kafka hand-off against the embedded one**: \`POST /api/v1/ingest\`,
rules ON, the embedded reading store in both, one gateway with $devices pm25-rs485 devices on
stations, $connections connections sending gzip batches of $batch for $seconds s (IngestBench, values
\`city\`), a fresh node for each run, alternately. Embedded: each batch's entry goes into the log
table in the ledger's transaction. Kafka: each batch is produced to the 12-partition topic (acks=all,
idempotent) and the ledger commits once Kafka has it; the node's rules consume the topic
meanwhile. Broker, node and load generator share the two cores.

| round | embedded readings/s | Kafka readings/s |
|---|---:|---:|
$rows

**Three nodes, one killed and one stopped** (\`ClusterIT\`: PostgreSQL, InfluxDB, Mosquitto, an
SMSC and the broker on the same machine; seven gateways posting every 2 s through a relay spreading
batches over the nodes; 28 household gas leaks starting over 85 s):

| figure | value |
|---|---:|
| SIGKILL of a node → every partition judged again (the others' health, polled) | $killed s |
| clean stop of a node → every partition judged again | $stopped s |
| leak → SMS at the SMSC, steady state, p50 / p99 | $sp50 / $sp99 s |
| leak → SMS at the SMSC, leaks starting in a failover, p50 / p99 | $fp50 / $fp99 s |

A leak on one of the dead node's partitions waits for the takeover (Kafka's group notices a
death after the 6 s session timeout; the new owner restores the partition's checkpoint and judges
from it); a leak elsewhere does not wait at all. So the failover figure depends on where the few
leaks of that window fall (the count in brackets in the raw line below).

Raw output:
$raw_lines
- \`$cluster\`
<!-- cluster:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
path = "docs/benchmarks.md"
doc = open(path).read()
section = sys.argv[1]
if "<!-- cluster:start -->" in doc:
    doc = re.sub(r"<!-- cluster:start -->.*?<!-- cluster:end -->", lambda m: section, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(doc)
PY
echo "docs/benchmarks.md updated" >&2
