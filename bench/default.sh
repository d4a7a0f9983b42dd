#!/usr/bin/env bash
# The newcomer's default pipeline end to end: the packaged logpipe with the shipped routes/, alerts/
# and rules/ and the embedded store (the Lucene index), as the README runs it (`java -Xmx192m -jar`). loggen sends COUNT
# RFC3164 messages over one TCP connection; the figure is from the first message sent until the
# store counts all of them (GET /api/v1/stats), with logpipe's CPU per message and peak RSS. Then
# UDP at RATE msg/s for SECS seconds: the share of datagrams the store never got.
# Usage: bench/default.sh [COUNT] [RATE] [SECS]   (defaults 1000000, 50000, 10)
# Needs the packaged jar (./mvnw package -DskipTests); installs loggen as ../shared/bench/setup-peers.sh does.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
n=${1:-1000000}
rate=${2:-50000}
secs=${3:-10}
port=$(free_port)
http=$(free_port)
token=$(bench_token)
work=$(mktemp -d /tmp/logpipe-default.XXXX)
cd "$repo"
java ${BENCH_JAVA_OPTS:--Xmx192m} -Dlogpipe.config="$work/none.properties" -Dlogpipe.data.dir="$work/data" \
  -Dlogpipe.syslog.port="$port" -Dquarkus.http.port="$http" -Dlogpipe.auth.token.bench="admin:$token" -Dquarkus.log.level=WARN \
  -jar "$jar" > "$work/logpipe.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
stored() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/stats?from=-2d&interval=1d" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null || echo 0
}
wait_for() { # count, seconds
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(stored)" -lt "$1" ]; do
    [ "$(date +%s)" -gt "$deadline" ] && { echo "timeout: $(stored)/$1 stored" >&2; return 1; }
    sleep 0.2
  done
}
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
sample_rss_peaks $pid "$work/rss-peak"
# warm-up: the JIT and the index's first segments
"$LOGGEN" -i -S -n 200000 -r 100000000 -I 600 -Q -s 200 127.0.0.1 "$port" >/dev/null 2>&1
wait_for 200000 300
base=$(stored)
c0=$(cpu)
t0=$(date +%s.%N)
"$LOGGEN" -i -S -n "$n" -r 100000000 -I 600 -Q -s 200 127.0.0.1 "$port" >/dev/null 2>&1
t1=$(date +%s.%N)
wait_for $((base + n)) 900
t2=$(date +%s.%N)
c1=$(cpu)
hz=$(getconf CLK_TCK)
rss=$(peak_rss $pid)
read -r anon file < "$work/rss-peak"
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v n="$n" -v c="$((c1 - c0))" -v hz="$hz" -v rss="$rss" -v anon="$anon" -v file="$file" 'BEGIN {
  printf "TCP: %d messages sent in %.2f s, all stored in %.2f s: %d msg/s end to end, %.2f us CPU/msg, peak RSS %d MB (peaks: %d MB JVM memory, %d MB mapped index files)\n", n, t1-t0, t2-t0, n/(t2-t0), c/hz*1e6/n, rss, anon, file }'
base=$(stored)
"$LOGGEN" -i -D -r "$rate" -I "$secs" -s 200 127.0.0.1 "$port" > "$work/udp.out" 2>&1 || true
sent=$(grep -oE 'count=[0-9]+' "$work/udp.out" | tail -1 | cut -d= -f2)
# the store may still be catching up with a backlog in its queue: wait until its count stands still
prev=-1; still=0; deadline=$(( $(date +%s) + 300 ))
while [ "$still" -lt 3 ] && [ "$(date +%s)" -lt "$deadline" ]; do
  sleep 1; now=$(stored)
  if [ "$now" -eq "$prev" ]; then still=$((still + 1)); else still=0; fi
  prev=$now
done
got=$(( $(stored) - base ))
awk -v s="${sent:-0}" -v g="$got" -v r="$rate" 'BEGIN { if (s == 0) { print "UDP: loggen reported no count"; exit }
  printf "UDP at %d msg/s: %d sent, %d stored, %.1f%% lost\n", r, s, g, (s - g) * 100 / s }'
# where the UDP loss happened: the listeners' drop counters by reason, and the sinks' (GET /api/v1/pipeline)
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/pipeline" | python3 -c '
import json, sys
p = json.load(sys.stdin)
for l in p.get("listeners", []):
    d = {k: v for k, v in (l.get("dropped") or {}).items() if v}
    if d: print("  listener %s dropped: %s" % (l.get("listener", l.get("name")), d))
for s in p.get("sinks", []):
    d = {k: v for k, v in s.items() if "drop" in k and v}
    if d: print("  sink %s: %s" % (s.get("sink", s.get("name")), d))
' || true
