#!/usr/bin/env bash
# The operator console's first load (issue 20), beside the tests, never in them: the one screen of an
# operator whose district has 1,000 stations with positions (one pm25-rs485 device each) and 500 open
# events, opened on loopback in Debian's Chromium by bench/console-load.mjs (playwright-core of the
# browser tests): time to interactive and bytes transferred, cold (a fresh browser context each run)
# and warm (a second page of the same context), with the server's compression off (the default)
# and on (quarkus.http.enable-compression), same data, same run. Writes its section of
# docs/benchmarks.md.
#   usage: bench/run-console.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
stations=1000
events=500
port=18095 # compression off; on: the next port
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

for p in $port $((port + 1)); do
  if ss -ltnH "sport = :$p" | grep -q .; then echo "port $p is taken"; exit 1; fi
done
[ -x /usr/bin/chromium ] || { echo "needs Debian's chromium (/usr/bin/chromium)"; exit 1; }
browser_tests=cloud-ingest/src/test/browser
[ -d "$browser_tests/node_modules/playwright-core" ] || (cd "$browser_tests" && npm ci --no-audit --no-fund)
mvn -B -o -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl cloud-ingest -am
# compression is fixed at build time in Quarkus: a second build, with it on, beside the first
mvn -B -o -q --no-transfer-progress -Dstyle.color=never package -DskipTests -pl cloud-ingest -am \
  -Dquarkus.http.enable-compression=true -Dquarkus.package.output-directory="$work/compressed"
admin="cs_bench_admin_$(date +%s)_$RANDOM$RANDOM"
password="bench-$RANDOM$RANDOM-console"
operator=bench-operator

start_cloud() { # $1: compression (true or false): its build, port and copy of the data folder
  local app=cloud-ingest/target/quarkus-app/quarkus-run.jar p=$port dir="$work/off"
  if [ "$1" = true ]; then app="$work/compressed/quarkus-run.jar" p=$((port + 1)) dir="$work/on"; fi
  app="$(realpath "$app")"
  mkdir -p "$dir"
  # exec, so that the PID kept is the JVM's and the trap really stops it
  (cd "$dir" && exec env CITYSENSE_ADMIN_TOKEN="$admin" QUARKUS_HTTP_PORT=$p QUARKUS_PROFILE=prod \
     java -Xmx1g -jar "$app" >> "$dir/cloud.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$p/q/health/ready" > /dev/null && return; sleep 0.5; done
  echo "cloud-ingest did not start"; tail -n 40 "$dir/cloud.log"; exit 1
}
stop_cloud() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

open_events() { # $1 gateway, $2 its token: one threshold rule, a reading for every device, EVENTS above it
  python3 - "$admin" "$port" "$1" "$2" "$stations" "$events" "$operator" "$password" <<'PY'
import http.client, json, sys, time
admin, port, gateway, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
stations, events, operator, password = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], sys.argv[8]
conn = http.client.HTTPConnection("127.0.0.1", port)
def call(method, path, body, bearer, ctype="application/json"):
    conn.request(method, path, body if isinstance(body, str) else json.dumps(body),
                 {"Authorization": "Bearer " + bearer, "Content-Type": ctype})
    r = conn.getresponse()
    text = r.read()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {text[:300]!r}")
    return json.loads(text) if text else None
# only this rule: no offline or neighbour events besides the ones counted
call("PUT", "/api/v1/rules", "rules:\n  - {id: pm25-high, type: threshold, quantity: pm2_5, above: 75}\n",
     admin, "application/yaml")
now = int(time.time() * 1000)
readings = [{"seq": now * 1000 + i, "deviceId": f"bench-pm-{i}", "point": "pm2_5", "quantity": "pm2_5",
             "value": 120.0 if i < events else 30.0, "unit": "µg/m³", "ts": now - 1000, "quality": "good"}
            for i in range(stations)]
batch = {"v": 1, "gatewayId": gateway, "batchId": f"bench-console-{now}", "sentAt": now,
         "clock": {"synced": True, "source": "ntp", "speed": 1.0}, "readings": readings,
         "statusChanges": [], "edgeEvents": [], "counters": {"evicted": 0, "rejected": 0}}
stored = call("POST", "/api/v1/ingest", batch, token)["stored"]
if stored != stations:
    sys.exit(f"ingest stored {stored} of {stations} readings")
deadline = time.monotonic() + 120
while True:
    total = call("GET", "/api/v1/events?status=open&limit=1", None, admin)["total"]
    if total == events:
        break
    if total > events or time.monotonic() > deadline:
        sys.exit(f"{total} open events, expected {events}")
    time.sleep(0.5)
call("POST", "/api/v1/accounts", {"username": operator, "password": password, "role": "operator",
                                  "unitId": "bench-d"}, admin)
print(f"{total} open events; operator {operator} of bench-d", file=sys.stderr)
PY
}


load_start=$(cut -d' ' -f1-3 /proc/loadavg)
start_cloud false
echo "registering $stations stations ..." >&2
read -r gw token < <(python3 bench/register-city.py "$admin" "$stations" "$port") || true
[ -n "${token:-}" ] || { echo "registration failed"; tail -n 20 "$work/off/cloud.log"; exit 1; }
open_events "$gw" "$token"
stop_cloud
cp -a "$work/off" "$work/on"
# both at once, idle but for the page's requests: the loads alternate between them
start_cloud false
start_cloud true
node bench/console-load.mjs "$operator" "$password" "$events" "$stations" "$runs" "$work/load.json" \
  off="http://127.0.0.1:$port" on="http://127.0.0.1:$((port + 1))" >&2
uptime_end=$(uptime | sed -E 's/^ +//')

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java_version=$(java -version 2>&1 | head -n 1 | cut -d'"' -f2)
section=$(python3 - "$work/load.json" "$runs" <<'PY'
import json, statistics, sys
load = json.load(open(sys.argv[1]))
off, on = load["servers"]["off"], load["servers"]["on"]
runs = sys.argv[2]
def kib(b): return f"{b / 1024:,.1f}"
def stat(loads, key, fmt=str):
    v = [x[key] for x in loads]
    return f"{fmt(statistics.median(v))} ({fmt(min(v))}–{fmt(max(v))})"
ms = lambda v: f"{v:,.0f}"
rows = []
for name, data in (("off", off), ("on", on)):
    for kind in ("cold", "warm"):
        loads = data[kind]
        rows.append(f"| {name} | {kind} | {stat(loads, 'interactive', ms)} | {stat(loads, 'domContentLoaded', ms)} "
                    f"| {stat(loads, 'load', ms)} | {stat(loads, 'encodedBytes', kib)} | {stat(loads, 'decodedBytes', kib)} "
                    f"| {stat(loads, 'requests', ms)} |")
def answered(x, path):
    return next(a["end"] for a in x["api"] if a["path"] == path)
def steps(loads):
    out = []
    for key in ("tiles", "rows", "markers", "interactive"):
        out.append(f"{key} {statistics.median(x[key] for x in loads):,.0f}")
    rows = statistics.median(x["rows"] - answered(x, "/api/v1/events?limit=500") for x in loads)
    markers = statistics.median(x["markers"] - answered(x, "/api/v1/console/map") for x in loads)
    return ", ".join(out) + f" (the rows show {rows:,.0f} ms after the events' answer, the markers {markers:,.0f} ms after the map's)"
def api(loads):
    ends = {}
    for x in loads:
        seen = {}
        for a in x["api"]:  # a path asked twice in a load: its second answer apart
            n = seen[a["path"]] = seen.get(a["path"], 0) + 1
            ends.setdefault(a["path"] + ("" if n == 1 else f" (#{n})"), []).append(a["end"])
    return ", ".join(f"`{p}` {statistics.median(v):,.0f}" for p, v in sorted(ends.items(), key=lambda kv: statistics.median(kv[1])))
def main_thread(loads):
    return ", ".join(f"{k} {statistics.median(x[k + 'Ms'] for x in loads):,.0f}" for k in ("script", "layout", "style", "task")) + \
        f"; long tasks {statistics.median(x['longTasks']['totalMs'] for x in loads):,.0f} ms in all, the longest " + \
        f"{statistics.median(x['longTasks']['maxMs'] for x in loads):,.0f} ms; DOM nodes {statistics.median(x['domNodes'] for x in loads):,.0f}"
def largest(load):
    lines = ["| response | status | type | encoding | on the wire (KiB) | decoded (KiB) |", "|---|---:|---|---|---:|---:|"]
    for r in sorted(load["responses"], key=lambda r: -r["encoded"])[:10]:
        lines.append(f"| `{r['path']}` | {r['status']} | {r['mime']} | {r['encoding'] or '—'} | {kib(r['encoded'])} | {kib(r['decoded'])} |")
    return "\n".join(lines)
def median_load(loads):
    return sorted(loads, key=lambda x: x["interactive"])[len(loads) // 2]
def raw(data):
    return "\n".join(f"    {x['label']}: interactive {x['interactive']} ms (tiles {x['tiles']}, rows {x['rows']}, markers {x['markers']}), "
                     f"DOMContentLoaded {x['domContentLoaded']}, load {x['load']}, {x['requests']} responses ({x['fromCache']} from cache), "
                     f"{x['encodedBytes']} B on the wire, {x['decodedBytes']} B decoded, "
                     f"map asked {sum(r['path'] == '/api/v1/console/map' for r in x['responses'])}×"
                     for x in [data["warmup"]] + [y for pair in zip(data["cold"], data["warm"]) for y in pair])
print(json.dumps({
    "browser": load["browser"],
    "static_cache": next(r["cacheControl"] for r in off["cold"][0]["responses"] if r["path"] == "/console/app.js"),
    "api_cache": next(r["cacheControl"] for r in off["cold"][0]["responses"] if r["path"].startswith("/api/v1/events?")) or "none",
    "rows": "\n".join(rows),
    "steps_off": steps(off["cold"]), "steps_on": steps(on["cold"]),
    "api_off": api(off["cold"]), "api_on": api(on["cold"]),
    "main_off": main_thread(off["cold"]), "main_on": main_thread(on["cold"]),
    "largest_off": largest(median_load(off["cold"])), "largest_on": largest(median_load(on["cold"])),
    "raw_off": raw(off), "raw_on": raw(on),
}))
PY
)
get() { echo "$section" | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

text=$(cat <<MD
<!-- console:start -->
## Operator console: first load (issue 20)

Measured $(date -u '+%F %H:%M') UTC on $machine; Java $java_version, cloud-ingest on embedded
defaults (H2 file, \`-Xmx1g\`), $(get browser | sed 's/^/Chromium /') headless (Debian's
\`/usr/bin/chromium\`, driven by playwright-core $(node -p "require('./$browser_tests/node_modules/playwright-core/package.json').version")), all on loopback; by
\`bench/run-console.sh $runs\`. The machine is shared with other builds: load average $load_start
(1/5/15 min) at the start; \`uptime\` at the end: \`$uptime_end\`.

**Data.** One district (\`bench-d\`) with a street and a community, $stations stations on a grid of
about 40 × 40 km (\`bench/register-city.py\`), one \`pm25-rs485\` device on each, one gateway. The rule
file is replaced by one threshold rule (\`pm2_5\` ≥ 75, major); one batch through
\`POST /api/v1/ingest\` gives $events devices 120 µg/m³ and the others 30, and the script waits until
\`GET /api/v1/events?status=open\` counts $events. The page is the one screen of an operator of
\`bench-d\`: 13 tiles, a map with $stations station markers ($events in alarm), a table of $events
open events.

**Method** (\`bench/console-load.mjs\`). One Chromium, viewport 1280 × 800. Each run: a fresh
browser context (empty HTTP cache, no open connection), the operator signs in with
\`POST /api/v1/session\` from that context (the session cookie lands in it; not counted), then a new
page opens \`/console/\` (**cold**), and then a second page of the same context opens it again
(**warm**: the context's HTTP cache as the first load left it). Two servers run side by side on
copies of the same data, compression off and on (below); each round loads from both, in an order
that alternates from round to round, so that the shared machine's ups and downs fall on both alike.
One load from each server before the rounds is not counted (it warms the server's JIT; the first
raw line). Figures are the median and range of $runs rounds.

- **Time to interactive**: from navigation start until the first frame after the page shows all of
  (a) the tiles filled (\`tile-devicesOnline\` no longer "—"), (b) $events rows in the events table,
  (c) $stations markers (\`path.marker\`) in the map; a MutationObserver installed before the page's
  own scripts notes when each first holds, and "interactive" is a task queued from the next
  \`requestAnimationFrame\`, i.e. once that frame is painted and the main thread is free.
- **DOMContentLoaded**, **load**: \`domContentLoadedEventEnd\` and \`loadEventEnd\` of the
  navigation timing. The module scripts run before DOMContentLoaded; the API calls start after it,
  so load comes long before the page shows data.
- **Bytes**: every response from navigation until 1 s after interactive and after the last answer
  the page asked for (an answer still on its way at interactive counts), as the DevTools protocol's
  Network domain reports it: *on the wire* is \`encodedDataLength\` (headers and the possibly
  compressed body; for the event stream, which never finishes, its headers and what it sent by
  then), *decoded* is the bodies after content decoding. Requests sent are not counted.

| compression | browser cache | interactive (ms) | DOMContentLoaded (ms) | load (ms) | on the wire (KiB) | decoded (KiB) | responses |
|---|---|---:|---:|---:|---:|---:|---:|
$(get rows)

**Compression.** cloud-ingest does not compress by default (\`quarkus.http.enable-compression\`
is false). The property is fixed at build time, so "on" is a second build of the same code with
\`-Dquarkus.http.enable-compression=true\` (gzip or deflate, Quarkus's default media types: HTML,
CSS, JavaScript, JSON).

**Caching.** The console's files come with \`Cache-Control: $(get static_cache)\` (with
\`no-cache\` the warm load asks for each file again and gets 304 Not Modified while it is
unchanged); the API's answers (\`Cache-Control\` of the events list: $(get api_cache)) are asked
for again.

Where the cold time goes (medians, ms from navigation start). Compression off: $(get steps_off);
on: $(get steps_on). API responses complete (off): $(get api_off); (on): $(get api_on). Main thread (CDP
\`Performance.getMetrics\`, ms for the whole page, off): $(get main_off); on: $(get main_on).

The largest responses of the median cold load, compression off:

$(get largest_off)

Compression on:

$(get largest_on)

To run it: a built checkout's dependencies in \`~/.m2\` (Maven runs offline), Node 20 and Debian's
\`chromium\`; the script runs \`npm ci\` in \`cloud-ingest/src/test/browser\` when its
\`node_modules\` is missing, builds cloud-ingest twice (compression off and on), and uses ports $port and $((port + 1)).

Raw lines, compression off:

$(get raw_off)

Compression on:

$(get raw_on)
<!-- console:end -->
MD
)
python3 - "$text" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- console:start -->" in text:
    text = re.sub(r"<!-- console:start -->.*?<!-- console:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$text"
