#!/usr/bin/env bash
# Modbus benchmarks of the edge agent (beside the tests, never in them):
#  1. sequential Modbus TCP transactions/s of the agent's driver, against the same server in the
#     same run as a libmodbus C client and a pymodbus client;
#  2. readings/s the whole agent sustains against firmware-sim serving 200 Modbus TCP devices.
# Writes its section of docs/benchmarks.md.   usage: bench/run-modbus.sh [TRANSACTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
seconds="${2:-60}"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! dpkg-query -W -f='${Status}' libmodbus-dev 2>/dev/null | grep -q "install ok installed"; then
  $sudo apt-get update -qq && $sudo apt-get install -y -qq libmodbus-dev
fi
mvn -B -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl bench -am
gcc -O2 -o "$work/libmodbus_client" bench/modbus/libmodbus_client.c $(pkg-config --cflags --libs libmodbus)
bench_cp="bench/target/citysense-bench.jar:bench/target/lib/*"
bench_java=(java -Dlogback.configurationFile=bench/logback.xml -cp "$bench_cp")

# 1. one simulated device as the server for all three clients
bin/firmware-sim run --profile pm25-rs485 --device-id bench --modbus-tcp 15502 --unit 1 \
  --control-port -1 --quiet > "$work/sim1.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do grep -q "device(s) on" "$work/sim1.log" && break; sleep 0.5; done
# the server (a JVM) warms up first, so that no client pays for its JIT; then three rounds of the
# three clients in turn, and each client's median: this shared machine's noise moves single runs
"$work/libmodbus_client" 127.0.0.1 15502 1 4 1 "$n" > /dev/null
"${bench_java[@]}" org.citysense.bench.ModbusTransactionsBench 127.0.0.1 15502 1 "$n" > /dev/null
rate() { echo "$1" | grep -Eo 'per_second=[0-9]+' | cut -d= -f2; }
java_rates=(); c_rates=(); py_rates=()
for round in 1 2 3; do
  java_tx=$("${bench_java[@]}" org.citysense.bench.ModbusTransactionsBench 127.0.0.1 15502 1 "$n" | tail -n 1)
  c_tx=$("$work/libmodbus_client" 127.0.0.1 15502 1 4 1 "$n")
  py_tx=$(/usr/bin/python3 bench/modbus/pymodbus_client.py 127.0.0.1 15502 1 4 1 "$n")
  java_rates+=("$(rate "$java_tx")"); c_rates+=("$(rate "$c_tx")"); py_rates+=("$(rate "$py_tx")")
done
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
java_rate=$(median "${java_rates[@]}"); c_rate=$(median "${c_rates[@]}"); py_rate=$(median "${py_rates[@]}")

# 2. 200 devices: 4 Modbus TCP ports (serial servers) with 50 unit ids each
{
  echo "seed: 1"
  echo "devices:"
  for p in 0 1 2 3; do
    for u in $(seq 1 50); do
      echo "  - {id: pm-$p-$u, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, port: $((15510 + p)), unitId: $u}}"
    done
  done
} > "$work/site.yaml"
bin/firmware-sim site "$work/site.yaml" --control-port -1 --quiet > "$work/sim2.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do grep -q "device(s) on" "$work/sim2.log" && break; sleep 0.5; done
agent=$("${bench_java[@]}" -Xmx512m org.citysense.bench.AgentThroughputBench 127.0.0.1 15510 4 50 "$seconds" | tail -n 1)
agent_rate=$(echo "$agent" | grep -Eo 'per_second=[0-9]+' | cut -d= -f2)

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
section=$(cat <<MD
<!-- modbus:start -->
## Edge agent: Modbus TCP (issues 4 and 17)

Measured $(date -u +%F) on $machine; Java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2).
Server: firmware-sim (\`pm25-rs485\`, unit 1) on 127.0.0.1, the same process for all three clients,
one holding register per transaction, $n sequential transactions per run; the server warmed up
first, then three rounds of the three clients in turn, each client's median (runs: agent
${java_rates[*]}; libmodbus ${c_rates[*]}; pymodbus ${py_rates[*]}).

| client | transactions/s | ratio to libmodbus |
|---|---:|---:|
| agent driver (its Netty master, \`ModbusTcpDriver\`: one connection per endpoint, one request in flight) | $java_rate | $(awk "BEGIN {printf \"%.2f\", $java_rate / $c_rate}") |
| libmodbus 3.1.6 (C, \`bench/modbus/libmodbus_client.c\`) | $c_rate | 1.00 |
| pymodbus 3.0.0 (\`bench/modbus/pymodbus_client.py\`) | $py_rate | $(awk "BEGIN {printf \"%.2f\", $py_rate / $c_rate}") |

Whole agent against firmware-sim with 200 pm25-rs485 devices behind 4 Modbus TCP ports (50 unit ids
each), every point asked for every 10 ms (the scheduler's tick, the shortest interval: 80,000 readings/s asked), ${seconds} s after a
5 s warm-up: **$agent_rate readings/s** (\`$agent\`).
Reproduce: \`bench/run-modbus.sh $n $seconds\`.
<!-- modbus:end -->
MD
)
touch docs/benchmarks.md
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if not text.strip():
    text = "# Benchmarks\n\nEach section is written by its script; figures are from one run on the machine named.\n"
if "<!-- modbus:start -->" in text:
    text = re.sub(r"<!-- modbus:start -->.*?<!-- modbus:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
