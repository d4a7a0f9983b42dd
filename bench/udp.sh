#!/usr/bin/env bash
# UDP side by side: loggen sends 200-byte RFC3164 datagrams at each RATE for SECS seconds to the
# packaged logpipe (bench/routes/w1 with a syslog:udp listener) and then to rsyslog (imudp, the
# same file rule), and counts the lines each wrote. Prints the loss of both per rate, and as last
# line the loss ratio logpipe/rsyslog at the highest rate (≤ 1.0: no more loss than rsyslog).
# Usage: bench/udp.sh [RATES] [SECS]   (defaults "50000 150000" and 5; run ./mvnw package first)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
rates=${1:-50000 150000}
secs=${2:-5}
work=$(mktemp -d /tmp/logpipe-udp.XXXX); mkdir -p "$work/routes" "$work/rs"
sed 's/syslog:tcp/syslog:udp/' "$here/routes/w1/w1.yaml" > "$work/routes/w1.yaml"
port=15540; rport=15541
http=$(free_port)
token=$(bench_token)
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$work/routes" \
  -Dlogpipe.data.dir="$work/data" -Dlogpipe.syslog.port=$port -Dquarkus.http.port=$http -Dlogpipe.auth.token.bench="admin:$token" \
  -Dquarkus.log.level=WARN -jar "$jar" > "$work/logpipe.out" 2>&1 &
pid=$!
cat > "$work/rs/rsyslog.conf" <<CONF
global(workDirectory="$work/rs")
module(load="imudp")
input(type="imudp" port="$rport")
template(name="line" type="list") { property(name="timereported" dateFormat="rfc3339") constant(value=" ") property(name="hostname") constant(value=" ") property(name="syslogfacility-text") constant(value=".") property(name="syslogseverity-text") constant(value=" ") property(name="programname") constant(value=": ") property(name="msg" droplastlf="on") constant(value="\n") }
if \$syslogfacility-text == 'auth' or \$syslogfacility-text == 'authpriv' then { action(type="omfile" file="$work/rs/secure" template="line" asyncWriting="on" ioBufferSize="256k") stop }
action(type="omfile" file="$work/rs/messages" template="line")
CONF
rsyslogd -f "$work/rs/rsyslog.conf" -i "$work/rs/pid"
trap 'kill $pid 2>/dev/null; [ -f "$work/rs/pid" ] && kill $(cat "$work/rs/pid"); wait 2>/dev/null; rm -rf "$work"' EXIT
sleep 8
lines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
# logpipe's own count of what it lost on the listener, by reason (kernel_buffer: the socket's receive buffer was full)
dropped() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/pipeline" | python3 -c '
import json, sys
d = {}
for l in json.load(sys.stdin).get("listeners", []):
    for k, v in (l.get("dropped") or {}).items(): d[k] = d.get(k, 0) + v
print(" ".join("%s=%d" % kv for kv in sorted(d.items())) or "none")' 2>/dev/null || echo "unknown"
}
sent() { grep -oE 'count=[0-9]+' "$1" | tail -1 | cut -d= -f2; }
"$LOGGEN" -i -D -r 20000 -I 2 -s 200 127.0.0.1 $port >/dev/null 2>&1   # warm the JIT
"$LOGGEN" -i -D -r 20000 -I 2 -s 200 127.0.0.1 $rport >/dev/null 2>&1
sleep 3
last=
for rate in $rates; do
  b=$(lines "$work/data/secure")
  "$LOGGEN" -i -D -r "$rate" -I "$secs" -s 200 127.0.0.1 $port > "$work/l.out" 2>&1; sleep 3
  sl=$(sent "$work/l.out"); gl=$(( $(lines "$work/data/secure") - b ))
  echo "UDP $rate msg/s: logpipe's listener counted as dropped so far: $(dropped)" >&2
  b=$(lines "$work/rs/secure")
  "$LOGGEN" -i -D -r "$rate" -I "$secs" -s 200 127.0.0.1 $rport > "$work/r.out" 2>&1; sleep 3
  sr=$(sent "$work/r.out"); gr=$(( $(lines "$work/rs/secure") - b ))
  last=$(awk -v r="$rate" -v sl="$sl" -v gl="$gl" -v sr="$sr" -v gr="$gr" 'BEGIN {
    ll = 100 * (sl - gl) / sl; lr = 100 * (sr - gr) / sr
    printf "UDP %d msg/s: logpipe wrote %d of %d (%.1f%% lost); rsyslog wrote %d of %d (%.1f%% lost)\n", r, gl, sl, ll, gr, sr, lr > "/dev/stderr"
    printf "%.2f", (lr > 0 ? ll / lr : (ll > 0 ? 99 : 1)) }')
done
echo "logpipe/rsyslog UDP loss ratio at the highest rate: $last"
