#!/usr/bin/env bash
# Edge buffer benchmarks (issue 7), beside the tests, never in them:
#  1. drain: READINGS buffered readings (default 1.8 M: 500 devices, one reading a second each, for
#     an hour) go from a DurableBuffer through the Forwarder and the HTTP uplink into cloud-ingest's
#     embedded store, batches of 500 and of 2000; then every device's readings are counted in the
#     cloud.
#  2. memory: edge-agent with 200 simulated Modbus TCP devices (firmware-sim) and the cloud
#     unreachable, until the buffer holds 10 000 items: resident memory, heap after a full GC.
# Writes its section of docs/benchmarks.md.
#   usage: bench/run-buffer.sh [--memory-only] [READINGS]
#   --memory-only  part 2 alone (about 5 minutes instead of 14; builds only edge-agent and
#                  firmware-sim, starts no cloud): prints the memory rows and raw lines, and leaves
#                  docs/benchmarks.md as it is (its section needs the drain's figures too)
set -euo pipefail
cd "$(dirname "$0")/.."
memory_only=false
if [ "${1:-}" = --memory-only ]; then memory_only=true; shift; fi
readings="${1:-1800000}"
devices=500
batches=(500 2000)
port=18190          # cloud-ingest
sim_ports=(18191 18192 18193 18194)
status_port=18195   # the agent's status endpoint
dead_port=18199     # the cloud the agent cannot reach
backlog=10000
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

for p in "$port" "${sim_ports[@]}" "$status_port" "$dead_port"; do
  if ss -ltnH "sport = :$p" | grep -q .; then echo "port $p is taken"; exit 1; fi
done
if $memory_only; then modules=edge-agent,firmware-sim; else modules=bench,cloud-ingest,edge-agent,firmware-sim; fi
mvn -B -o -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl "$modules" -am
bench=(java -Dlogback.configurationFile=bench/logback.xml -cp "bench/target/citysense-bench.jar:bench/target/lib/*")
admin="cs_bench_admin_$(date +%s)_$RANDOM$RANDOM"
base="http://127.0.0.1:$port"

start_cloud() { # $1: label
  local dir="$work/$1"; mkdir -p "$dir"
  # exec, so that the PID kept is the JVM's and the trap really stops it
  (cd "$dir" && exec env CITYSENSE_ADMIN_TOKEN="$admin" QUARKUS_HTTP_PORT=$port \
     CITYSENSE_DATA_DIR="$dir/data" CLOUD_INGEST_JAVA_OPTS="-Xmx1g" \
     "$OLDPWD/bin/cloud-ingest" > "$dir/cloud.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "$base/q/health/ready" > /dev/null && return; sleep 0.5; done
  echo "cloud-ingest did not start"; cat "$dir/cloud.log"; exit 1
}
stop_cloud() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

api() { # METHOD PATH TOKEN [BODY] [CONTENT-TYPE]
  curl -sf -X "$1" "$base$2" -H "Authorization: Bearer $3" \
    -H "Content-Type: ${5:-application/json}" ${4:+--data-binary "$4"}
}

register() { # prints "GATEWAY TOKEN"
  api POST /api/v1/units "$admin" '{"id":"bench-d","level":"district","name":"Bench district"}' > /dev/null
  api POST /api/v1/units "$admin" '{"id":"bench-s","parentId":"bench-d","level":"street","name":"Bench street"}' > /dev/null
  api POST /api/v1/units "$admin" '{"id":"bench-c","parentId":"bench-s","level":"community","name":"Bench community"}' > /dev/null
  local code; code=$(api POST /api/v1/enrollments "$admin" '{"unitId":"bench-c","ttlMinutes":60}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  local enrolled; enrolled=$(curl -sf -X POST "$base/api/v1/gateways/enroll" -H "Content-Type: application/json" -d "{\"code\":\"$code\",\"name\":\"bench gateway\"}")
  local gw token
  gw=$(echo "$enrolled" | python3 -c 'import json,sys; print(json.load(sys.stdin)["gatewayId"])')
  token=$(echo "$enrolled" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  { echo "devices:"; for i in $(seq 0 $((devices - 1))); do
      echo "  - {id: bench-pm-$i, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, unitId: 1}, unit: bench-c}"; done; } > "$work/devices.yaml"
  api POST "/api/v1/devices/import?gateway=$gw&file=devices.yaml" "$admin" "@$work/devices.yaml" text/plain > /dev/null
  echo "$gw $token"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { echo "$2" | grep -Eo "(^| )$1=[^ ]+" | head -n 1 | cut -d= -f2; }

# 1. drain, once per batch size, each into a fresh cloud
fill_lines=(); drain_lines=(); check_lines=(); top_lines=()
if $memory_only; then batches=(); fi
for batch in "${batches[@]}"; do
  start_cloud "drain-$batch"
  cloud_pid="${pids[-1]}"
  read -r gw token < <(register)
  dir="$work/drain-$batch/agent"; mkdir -p "$dir"
  # one look at top a few seconds into the drain: who takes the CPU
  ( for _ in $(seq 1 1200); do [ -f "$dir/drain-started" ] && break; sleep 0.5; done
    sleep 5; top -b -n2 -d1 -w 200 | awk '/^top -/ {n++} n == 2' | head -n 14 > "$work/top-$batch.txt"
    echo "(cloud-ingest is PID $cloud_pid, the bench JVM — buffer and forwarder — PID $(cat "$dir/drain-started"); other java processes are not this benchmark's)" >> "$work/top-$batch.txt" ) &
  top_pid=$!; pids+=($top_pid)
  cpu0=$(cpu_ticks "$cloud_pid"); load0=$(cut -d' ' -f1 /proc/loadavg)
  out=$("${bench[@]}" org.citysense.bench.BufferDrainBench "$base" "$gw" "$token" bench-pm- \
    "$devices" "$readings" "$batch" "$dir")
  cpu1=$(cpu_ticks "$cloud_pid"); load1=$(cut -d' ' -f1 /proc/loadavg)
  wait "$top_pid" || true; unset 'pids[-1]'
  echo "$out"
  fill_line=$(echo "$out" | grep '^fill ')
  drain_line=$(echo "$out" | grep '^drain ')
  cloud_cpu=$(python3 -c "print(f'{($cpu1 - $cpu0) / $(getconf CLK_TCK):.1f}')")
  drain_line="$drain_line cloud_cpu_seconds=$cloud_cpu loadavg_before=$load0 loadavg_after=$load1"
  # what the cloud stored: every device's readings of the last day, counted
  check=$(python3 - "$base" "$admin" "$devices" "$readings" <<'PY'
import json, sys, urllib.request
base, admin, devices, readings = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
total = wrong = 0
for d in range(devices):
    rows, page = [], None
    while page is None or len(page) == 10000:  # pages of the API's maximum; a shorter one is the last
        req = urllib.request.Request(f"{base}/api/v1/readings?device=bench-pm-{d}&limit=10000&offset={len(rows)}",
                                     headers={"Authorization": f"Bearer {admin}"})
        page = json.load(urllib.request.urlopen(req, timeout=120))
        rows += page
    expected = (readings - d + devices - 1) // devices
    total += len(rows)
    wrong += len(rows) != expected
print(f"cloud_stored={total} expected={readings} devices_checked={devices} devices_with_wrong_count={wrong}")
PY
)
  gwinfo=$(api GET "/api/v1/gateways/$gw" "$admin" | python3 -c 'import json,sys; g=json.load(sys.stdin); print("edgeEvicted=%s edgeRejected=%s" % (g.get("edgeEvicted"), g.get("edgeRejected")))')
  check="$check $gwinfo"
  echo "$check"
  stop_cloud
  fill_lines+=("$fill_line")
  drain_lines+=("$drain_line"); check_lines+=("batch=$batch $check")
  top_lines+=("$(cat "$work/top-$batch.txt" 2>/dev/null || echo "(no top sample)")")
  rm -rf "$dir/buffer"
done

# 2. memory: 200 simulated devices, the cloud unreachable, until the backlog reaches $backlog
mem="$work/mem"; mkdir -p "$mem"
profile_of() { if [ "$1" -lt 80 ]; then echo pm25-rs485; elif [ "$1" -lt 140 ]; then echo water-meter-modbus; else echo gas-lel-modbus; fi; }
intervals_of() {
  case "$1" in
    pm25-rs485) echo "{humidity: 5s, temperature: 5s, pm2_5: 5s, pm10: 5s}" ;;
    water-meter-modbus) echo "{volume: 5s, flow: 5s, battery: 5s}" ;;
    *) echo "{gas: 5s, valve: 5s}" ;;
  esac
}
{ echo "seed: 7"; echo "devices:"
  for k in $(seq 0 199); do
    echo "  - {id: mem-$k, profile: $(profile_of "$k"), modbus-tcp: {host: 127.0.0.1, port: ${sim_ports[$((k / 50))]}, unitId: $((k % 50 + 1))}, unit: bench-c, scenario: baseline}"
  done; } > "$mem/site.yaml"
# no control port: another simulator on this machine may hold the default one
(cd "$mem" && exec "$OLDPWD/bin/firmware-sim" site "$mem/site.yaml" --control-port -1 > "$mem/sim.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 120); do
  n=0; for p in "${sim_ports[@]}"; do ss -ltnH "sport = :$p" | grep -q . && n=$((n + 1)); done
  [ "$n" -eq "${#sim_ports[@]}" ] && break; sleep 0.5
done
[ "$n" -eq "${#sim_ports[@]}" ] || { echo "firmware-sim did not open its ports"; cat "$mem/sim.log"; exit 1; }

measure_agent() { # $1: label, $2: JAVA_TOOL_OPTIONS ("" for none), $3: "jvm-defaults" to run
  # without the launcher's options (EDGE_AGENT_JAVA_OPTS empty), "cds" to run with the launcher's
  # class-data archive in $mem/cds (made by the first such run, when it stops), or ""; $4: the
  # backlog to wait for (default $backlog); writes one line to $mem/$1.out
  local target="${4:-$backlog}"
  local dir="$mem/$1"; mkdir -p "$dir"
  echo "not-a-token" > "$dir/token"
  { echo "gateway: {id: gw-mem}"
    echo "dataDir: data"
    echo "status: {host: 127.0.0.1, port: $status_port}"
    echo "cloud: {url: http://127.0.0.1:$dead_port, tokenFile: token}"
    echo "devices:"
    for k in $(seq 0 199); do
      local p; p=$(profile_of "$k")
      echo "  - {id: mem-$k, profile: $p, modbus-tcp: {host: 127.0.0.1, port: ${sim_ports[$((k / 50))]}, unitId: $((k % 50 + 1))}, unit: bench-c, intervals: $(intervals_of "$p")}"
    done; } > "$dir/agent.yaml"
  (cd "$dir" && if [ -n "$2" ]; then export JAVA_TOOL_OPTIONS="$2"; fi
   if [ "${3:-}" = jvm-defaults ]; then export EDGE_AGENT_JAVA_OPTS=""; fi
   if [ "${3:-}" = cds ]; then export EDGE_AGENT_CDS_DIR="$mem/cds"; else unset EDGE_AGENT_CDS_DIR; fi
   exec "$OLDPWD/bin/edge-agent" run --config "$dir/agent.yaml" \
     > "$dir/agent.log" 2>&1) &
  pids+=($!)
  local pid=$! t0=$SECONDS depth=0
  for _ in $(seq 1 600); do
    depth=$(curl -sf "http://127.0.0.1:$status_port/status" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["uplink"]["bufferDepth"])' 2>/dev/null || echo 0)
    [ "$depth" -ge "$target" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "edge-agent died" >&2; cat "$dir/agent.log" >&2; exit 1; }
    sleep 1
  done
  [ "$depth" -ge "$target" ] || { echo "backlog never reached $target" >&2; tail -n 30 "$dir/agent.log" >&2; exit 1; }
  local secs=$((SECONDS - t0))
  local comm; comm=$(tr -d '\0' < "/proc/$pid/comm")
  local rss hwm anon file; rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status"); hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  # anonymous (heap, metaspace, code, stacks, malloc) and file-backed (libjvm.so, the JDK's
  # class-data archive, jars) resident memory
  anon=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status"); file=$(awk '/^RssFile/ {print $2}' "/proc/$pid/status")
  # classes loaded (from jars and the JDK's modules), and of them mapped from class-data archives
  local counters classes shared; counters=$(jcmd "$pid" PerfCounter.print 2>/dev/null || true)
  classes=$(echo "$counters" | awk -F= '/^java.cls.(shared)?[lL]oadedClasses=/ {n += $2} /^java.cls.(shared)?[uU]nloadedClasses=/ {n -= $2} END {print n}')
  shared=$(echo "$counters" | awk -F= '/^java.cls.sharedLoadedClasses=/ {n += $2} /^java.cls.sharedUnloadedClasses=/ {n -= $2} END {print n}')
  local heap="n/a" meta="n/a" rss_gc="n/a"
  if command -v jcmd > /dev/null; then
    jcmd "$pid" GC.run > /dev/null
    local info; info=$(jcmd "$pid" GC.heap_info)
    # G1 prints one heap line; the serial collector a line per generation: their sum
    heap=$(echo "$info" | python3 -c '
import re, sys
t = sys.stdin.read()
g1 = re.search(r"garbage-first heap\s+total \d+K, used (\d+)K", t)
print(g1.group(1) if g1 else sum(int(u) for u in re.findall(r"generation\s+total \d+K, used (\d+)K", t)))')
    meta=$(echo "$info" | grep -m1 -Eo 'Metaspace +used [0-9]+K' | grep -Eo '[0-9]+')
    rss_gc=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  fi
  local threads; threads=$(awk '/^Threads/ {print $2}' "/proc/$pid/status")
  # the largest groups of threads by name, digits dropped
  local groups; groups=$(jcmd "$pid" Thread.print 2>/dev/null | grep -Eo '^"[^"]*"' | tr -d '"' \
    | sed -E 's/[0-9]+/N/g; s/ +/_/g' | sort | uniq -c | sort -rn | head -n 4 | awk '{printf "%s%s:%s", (NR > 1 ? "," : ""), $2, $1}')
  local nmt=""
  if [[ "${2:-}" == *NativeMemoryTracking* ]]; then
    nmt=" nmt_committed_kib:$(jcmd "$pid" VM.native_memory summary | python3 -c '
import re, sys
parts = []
for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", sys.stdin.read(), re.M):
    parts.append("%s=%s" % (m.group(1).replace(" ", "_"), m.group(2)))
print(",".join(parts))')"
  fi
  local maxheap; maxheap=$(jcmd "$pid" VM.flags 2>/dev/null | grep -Eo -- '-XX:MaxHeapSize=[0-9]+' | head -n 1 | cut -d= -f2 || echo "")
  local gc; gc=$(jcmd "$pid" VM.flags 2>/dev/null | grep -Eo 'Use[A-Za-z0-9]+GC' | head -n 1 || echo "")
  echo "label=$1 process=$comm backlog=$depth seconds_to_backlog=$secs rss_kib=$rss hwm_kib=$hwm rss_anon_kib=$anon rss_file_kib=$file classes_loaded=$classes classes_from_archives=$shared heap_used_after_gc_kib=$heap metaspace_used_kib=$meta rss_after_gc_kib=$rss_gc threads=$threads thread_groups=$groups max_heap_bytes=$maxheap gc=$gc java_tool_options=${2:-none}$nmt" > "$mem/$1.out"
  kill "$pid"; wait "$pid" 2>/dev/null || true; unset 'pids[-1]'
}
measure_agent jvm-defaults "" jvm-defaults
mem_default=$(cat "$mem/jvm-defaults.out"); echo "$mem_default"
measure_agent launcher ""
mem_small=$(cat "$mem/launcher.out"); echo "$mem_small"
# the launcher's class-data archive (docs/install.md), as a gateway has it from its second start:
# a short run makes it when it stops, the next one starts from it
mkdir -p "$mem/cds"
measure_agent cds-made "" cds 1000
echo "$(cat "$mem/cds-made.out") archive=$(ls "$mem/cds")"
measure_agent launcher-cds "" cds
mem_cds=$(cat "$mem/launcher-cds.out"); echo "$mem_cds"
# where the resident memory goes: the launcher's options and archive with native memory tracking
# (which itself takes a few MiB)
measure_agent nmt "-XX:NativeMemoryTracking=summary" cds
mem_nmt=$(cat "$mem/nmt.out"); echo "$mem_nmt"

# 3. the section
machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
mib() { python3 -c "import sys; v=sys.argv[1]; print('n/a' if not v.isdigit() else f'{int(v)/1024:.0f}')" "$1"; }
mib1() { python3 -c "import sys; v=sys.argv[1]; print('n/a' if not v.isdigit() else f'{int(v)/1024:.1f}')" "$1"; }
mem_rows=$(cat <<MD
| agent RSS at $backlog backlog, 200 devices, JVM defaults | $(mib "$(field rss_kib "$mem_default")") MiB (heap after GC $(mib1 "$(field heap_used_after_gc_kib "$mem_default")") MiB, metaspace $(mib1 "$(field metaspace_used_kib "$mem_default")") MiB, max heap $(( $(field max_heap_bytes "$mem_default") / 1048576 )) MiB, $(field gc "$mem_default")) |
| agent RSS at $backlog backlog, 200 devices, the launcher's options | $(mib "$(field rss_kib "$mem_small")") MiB ($(mib "$(field rss_anon_kib "$mem_small")") anonymous, $(mib "$(field rss_file_kib "$mem_small")") from files; $(field classes_loaded "$mem_small") classes loaded, $(field classes_from_archives "$mem_small") of them from the JDK's class-data archive; heap after GC $(mib1 "$(field heap_used_after_gc_kib "$mem_small")") MiB, metaspace $(mib1 "$(field metaspace_used_kib "$mem_small")") MiB) |
| agent RSS at $backlog backlog, 200 devices, the launcher's options and its class-data archive (from the second start on) | $(mib "$(field rss_kib "$mem_cds")") MiB ($(mib "$(field rss_anon_kib "$mem_cds")") anonymous, $(mib "$(field rss_file_kib "$mem_cds")") from files; $(field classes_loaded "$mem_cds") classes loaded, $(field classes_from_archives "$mem_cds") of them from the archives; heap after GC $(mib1 "$(field heap_used_after_gc_kib "$mem_cds")") MiB, metaspace $(mib1 "$(field metaspace_used_kib "$mem_cds")") MiB) |
| time to a $backlog backlog; agent threads (launcher's options) | $(field seconds_to_backlog "$mem_small") s; $(field threads "$mem_small") threads (largest groups: $(field thread_groups "$mem_small" | sed 's/,/, /g')) |
| where it goes (the launcher's options and archive, native memory tracking, committed MiB) | $(echo "$mem_nmt" | grep -Eo 'nmt_committed_kib:[^ ]+' | cut -d: -f2 | tr ',' '\n' | python3 -c '
import sys
rows = [l.strip().split("=") for l in sys.stdin if "=" in l]
rows = sorted(((k.replace("_", " "), int(v)) for k, v in rows), key=lambda r: -r[1])
print(", ".join("%s %.0f" % (k, v / 1024) for k, v in rows if v >= 1024))') |
MD
)
if $memory_only; then
  echo; echo "Memory rows (measured $(date -u +%F) on $machine, $(uname -m); docs/benchmarks.md left as it is):"; echo "$mem_rows"
  exit 0
fi
drain_rows=""
for line in "${drain_lines[@]}"; do
  drain_rows+="| drain, batches of $(field batch "$line") | $(field per_second "$line") readings/s, $(field seconds "$line") s wall; agent $(field agent_cpu_seconds "$line") CPU-s, cloud $(field cloud_cpu_seconds "$line") CPU-s; load average $(field loadavg_before "$line") → $(field loadavg_after "$line") |"$'\n'
done
raw=""
for line in "${fill_lines[@]}" "${drain_lines[@]}" "${check_lines[@]}" "$mem_default" "$mem_small" "$mem_cds" "$mem_nmt"; do raw+="    $line"$'\n'; done
tops=""
for i in "${!batches[@]}"; do tops+="top, batches of ${batches[$i]}, 5 s into the drain:"$'\n\n'"$(echo "${top_lines[$i]}" | sed 's/^/    /')"$'\n\n'; done
section=$(cat <<MD
<!-- buffer:start -->
## edge-agent: buffer drain and memory (issues 7 and 17)

Measured $(date -u +%F) on $machine; Java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2); by
\`bench/run-buffer.sh $readings\`.

**Drain.** A \`DurableBuffer\` (default settings: 512 MiB, 8 MiB segments, sync every 100 ms) is filled
with $readings normal-lane readings of $devices registered devices, timestamps spread over the last hour
(one reading a second per device), then a \`Forwarder\` with the HTTP uplink (gzip JSON, one batch in
flight) sends them to cloud-ingest (embedded store, fresh data folder, \`-Xmx1g\`) on the same machine
until the buffer is empty. Afterwards every device's readings are counted through
\`GET /api/v1/readings\`. CPU-s: CPU time used during the drain by the bench JVM (buffer + forwarder) and
by cloud-ingest.

**Memory.** \`bin/edge-agent run\` with 200 Modbus TCP devices played
by \`firmware-sim site\` (80 pm25-rs485, 60 water-meter-modbus, 60 gas-lel-modbus on 4 ports, scenario
baseline), every point read every 5 s (gas alarm points every second), \`cloud.url\` a closed port;
measured when \`uplink.bufferDepth\` first reads ≥ $backlog: VmRSS of the JVM, then heap in use after
\`jcmd GC.run\`: once with the JVM's own defaults (\`EDGE_AGENT_JAVA_OPTS\` empty), once with the
launcher's own options for a gateway (docs/install.md: \`$(sed -n 's/^default_opts="\(.*\)"$/\1/p' edge-agent/src/dist/bin/edge-agent)\`),
once with those and the launcher's class-data archive (made by a short run before, as a gateway's
first stop makes it), and once more with those and native memory tracking, to see where the memory
goes.

| measure | value |
|---|---:|
| fill rate (append + one sync; one fill before each drain) | $(for l in "${fill_lines[@]}"; do field per_second "$l"; done | paste -sd/ | sed 's|/| / |g') readings/s |
| bytes on disk per reading | $(field bytes_per_reading "${fill_lines[0]}") ($(mib "$(( $(field bytes_on_disk "${fill_lines[0]}") / 1024 ))") MiB for $readings) |
$drain_rows| readings stored in the cloud afterwards | $(for l in "${check_lines[@]}"; do printf '%s of %s (batch %s)\n' "$(field cloud_stored "$l")" "$(field expected "$l")" "$(field batch "$l")"; done | paste -sd';' | sed 's/;/; /g') |
$mem_rows

Raw output:

$raw
$tops<!-- buffer:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- buffer:start -->" in text:
    text = re.sub(r"<!-- buffer:start -->.*?<!-- buffer:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
