#!/usr/bin/env bash
# Soak of the edge agent (issue 18), beside the benchmarks, never in the tests: the agent runs for
# SIMULATED_HOURS (default 24) on an accelerated clock shared with the simulator and the cloud, in
# MINUTES real minutes (default 5), while faults are injected at random: the cloud unreachable
# (TcpRelay cut), a full disk (data folder on a 256 KiB tmpfs, filled by a ballast file), the wall
# clock stepped 6 simulated hours back or forward (libfaketime), kill -9 and restart, gas leaks
# whose edge alarm closes a valve. Then it checks that every taken reading is stored once, sent as
# a status change or edge event, quarantined, or counted as evicted; that every bus still polls;
# that every leak got its valve write. The soak is system-tests' AgentSoak, a JUnit class that
# failsafe's includes (*IT) leave out; only this script runs it, with -Dit.test=AgentSoak.
# Needs root (the tmpfs) and libfaketime (Debian package faketime). Writes its section of
# docs/benchmarks.md, whether the checks pass or not.
#   usage: bench/run-soak-agent.sh [SIMULATED_HOURS] [MINUTES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
hours="${1:-24}"
minutes="${2:-5}"
seed="${3:-$RANDOM$RANDOM}"
# kept for a look afterwards (agent, cloud and relay logs, taken.log): bench/target/soak-agent
work="$PWD/bench/target/soak-agent"
rm -rf "$work"; mkdir -p "$work"
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ] || { echo "needs libfaketime (apt-get install faketime)"; exit 1; }

log="$work/soak.log"
status=0
# the modules the soak needs, built in the same reactor, so that the agent it starts is this tree's;
# no unit test, no other IT and no style check (of other work in the tree) runs
mvn -B -o --no-transfer-progress -Dstyle.color=never verify -pl system-tests -am \
  -Dtest=NoUnitTestsInTheSoak -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=AgentSoak -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dsoak.hours="$hours" -Dsoak.minutes="$minutes" -Dsoak.seed="$seed" -Dsoak.out="$work/soak.out" -Dsoak.dir="$work/run" \
  > "$log" 2>&1 || status=$?
grep -E "AgentSoak|Tests run:.*AgentSoak|FAIL|ERROR\]" "$log" | head -n 60 || true
[ -s "$work/soak.out" ] || { echo "the soak wrote no figures (exit $status); the end of its log:"; tail -n 80 "$log"; exit 1; }
cat "$work/soak.out"
v() { grep -E "^$1=" "$work/soak.out" | cut -d= -f2-; }
failure=""
if [ "$status" -ne 0 ]; then
  failure=$(grep -E "AssertionError|Expecting|expected|but was" "$log" | grep -v "^\s*at " | head -n 6 | sed 's/^/    /')
fi
verdict=$([ "$status" -eq 0 ] && echo "all checks passed" || echo "FAILED (mvn exit $status)")

section=$(cat <<MD
<!-- soak-agent:start -->
## edge-agent: a simulated day of faults (issue 18)

Measured $(date -u +%F) on $(nproc) cores ($(uname -m)), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),
$(free -g | awk '/Mem:/ {print $2}') GiB; Java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2); by
\`bench/run-soak-agent.sh $hours $minutes $seed\` (simulated hours, real minutes, seed).

Simulator, agent and cloud share one clock at $(v speed)× ($hours simulated hours in $(v real_seconds) s
real, start to end of the accounting). Seven Modbus TCP devices on two buses (3 pm25-rs485 and 2
water meters read every 2 simulated minutes, 2 gas-lel-modbus detectors every minute with
\`onAlarm: [{write: valve, value: false}]\`); the agent's data folder on a 256 KiB tmpfs, its wall
clock under libfaketime, the cloud behind a relay. Every 10–50 simulated minutes one fault of a kind
not already running starts (several kinds overlap): the cloud unreachable for 30 min–5 h; the disk
filled by a ballast file for 30 min–3 h; the wall clock stepped 6 h back or forward for 30 min–3 h
(simulated hours; libfaketime's offset is real seconds); kill -9 and a restart within 2 s; a leak
(30 %LEL and the alarm relay) on one detector for 20–60 min. At the end every fault is undone,
the buses' polls are read twice 5 s apart, the agent is stopped and an agent without devices
drains the buffer; then every seq in taken.log is looked up in the cloud, in what the relay saw
sent (status changes, edge events) and in quarantine.jsonl.

Result: **$verdict**.

| measure | value |
|---|---:|
| faults injected | $(v fault_outage) outages, $(v fault_disk_full) full disks, $(v fault_clock_back) clock steps back, $(v fault_clock_forward) forward, $(v fault_kill) kill -9, $(v fault_leak) gas leaks |
| agent runs (1 + restarts) | $(v agent_runs) |
| items taken (taken.log) | $(v taken) (lines: $(v taken_log_lines)) |
| stored once in the cloud | $(v stored_once) |
| sent as status changes / edge events | $(v sent_as_status_or_edge_event) |
| quarantined (quarantine.jsonl; cloud's edgeQuarantined) | $(v quarantined); $(v edge_quarantined) |
| taken but not stored (missing) / counted as evicted (edgeEvicted) | $(v missing_taken) / $(v edge_evicted) |
| missing beyond the counted | $(v missing_beyond_counted) |
| duplicates | $(v duplicates) |
| seqs never taken (a full disk's unstored readings and numbers a killed run reserved) | $(v never_taken_seqs) |
| cloud's edgeRejected | $(v edge_rejected) |
| buses still polling at the end | $(v buses_polling_at_end) of $(v buses) |
| gas leaks / acted on (valve write seen by the device during the leak) | $(v leaks) / $(v leaks_acted_on); slowest $(v valve_latency_ms_max) ms real |
| edge alarms raised (delivered to the cloud) / valve writes seen by the devices | $(v edge_alarms_raised_delivered) / $(v valve_writes) |

$( [ -n "$failure" ] && printf 'What failed:\n\n%s\n' "$failure" )

Raw output:

$(sed 's/^/    /' "$work/soak.out")
<!-- soak-agent:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- soak-agent:start -->" in text:
    text = re.sub(r"<!-- soak-agent:start -->.*?<!-- soak-agent:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
exit "$status"
